"""Translatable messages produced by the domain, without importing the web layer.

`_("Texte %(n)s", n=3)` returns a `Msg`: a str (the French text, formatted) that also keeps its template and
parameters, so the web layer can translate it into the reader's language with the same catalogue the templates use
(Babel extracts `_` calls from domain/ too).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

_THIN, _NBSP = "\u202f", "\u00a0"  # French groups with a narrow no-break space, and a no-break space before €


class Money(Decimal):
    """An amount in euros inside a message: French `1 234,56 €` by default, the reader's format once translated."""


def money(value: Decimal | int | str) -> Money:
    """`value` marked as an amount in euros for a message's parameter."""
    return Money(value)


def _french_amount(value: Decimal) -> str:
    sign, whole, cents = "-" if value < 0 else "", *f"{abs(value):.2f}".split(".")
    groups = [whole[max(0, i - 3):i] for i in range(len(whole), 0, -3)][::-1]
    return f"{sign}{_THIN.join(groups)},{cents}{_NBSP}€"


def _shown(value: Any, present: Callable[[Money], str] | None = None) -> Any:
    """A parameter as the text shows it: amounts in the reader's format, dates as dd/mm/yyyy."""
    if isinstance(value, Money):
        return present(value) if present is not None else _french_amount(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def stored(params: dict[str, Any]) -> dict[str, Any]:
    """A message's parameters as JSON keeps them, amounts and dates tagged so that `restored` gives them back."""
    def one(value: Any) -> Any:
        if isinstance(value, Money):
            return {"$money": str(value)}
        if isinstance(value, date):
            return {"$date": value.isoformat()}
        return value
    return {k: one(v) for k, v in params.items()}


def restored(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters read back from `stored`: amounts as Money, dates as dates (the reader's format once shown)."""
    def one(value: Any) -> Any:
        if isinstance(value, dict) and "$money" in value:
            return Money(value["$money"])
        if isinstance(value, dict) and "$date" in value:
            return date.fromisoformat(value["$date"])
        return value
    return {k: one(v) for k, v in params.items()}


class Msg(str):
    """French text that remembers its gettext template and parameters."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Msg:
        text = template % {k: _shown(v) for k, v in params.items()} if params else template
        obj = super().__new__(cls, text)
        obj.template = template
        obj.params = params
        return obj

    def translate(self, gettext: Any, present: Callable[[Money], str] | None = None) -> str:
        """The message in the language of `gettext` (parameters that are messages themselves too; amounts shown
        by `present`, the reader's format)."""
        text = gettext(self.template)
        if not self.params:
            return text
        return text % {k: v.translate(gettext, present) if isinstance(v, Msg) else _shown(v, present)
                       for k, v in self.params.items()}


def _(template: str, **params: Any) -> Msg:
    """Mark a French message for translation."""
    return Msg(template, **params)
