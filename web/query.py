"""The query string, read one way for the pages and the API: the typed accessors of domain.parse (a query's
values are text, as a form's), a bad value answered 422 naming the parameter — never silently replaced."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from quart import request

from domain.errors import Invalid
from domain.i18n import _
from domain.parse import Fields, FormInput


def _args() -> Fields:
    return Fields(FormInput(request.args))


def day_arg(name: str = "date") -> date:
    """A date parameter (YYYY-MM-DD), today when absent."""
    f = _args()
    day = f.date(name)
    f.done()
    return day or date.today()


def year_arg(name: str = "year") -> int:
    """A year parameter, this year when absent."""
    f = _args()
    year = f.integer(name, min=1900, max=2200)
    f.done()
    return year or date.today().year


def uuid_arg(name: str, required: bool = False) -> UUID | None:
    """An identifier parameter (None when absent and not required; sent empty, it is not an identifier)."""
    if not required and name in request.args and not request.args[name].strip():
        raise Invalid({name: _("Identifiant invalide.")})
    f = _args()
    value = f.uuid(name, required=required)
    f.done()
    return value
