"""One parser for form data and JSON: typed fields, every error at once, unknown JSON fields refused."""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

from domain.errors import Invalid
from domain.i18n import Msg, _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REQUIRED = _("Ce champ est obligatoire.")
T = TypeVar("T")


def given(value: T | None) -> T:
    """A required field's value, once `Fields.done()` has passed (it raised if the field was missing or bad)."""
    if value is None:
        raise AssertionError("a required field is missing after Fields.done()")
    return value
NUL = _("Caractère non permis (octet nul).")
ONE_LINE = _("Sur une seule ligne, sans caractère de contrôle.")
# control characters: none at all on one line; tab, line feed and carriage return in a multi-line text
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIGITS = re.compile(r"[0-9]{1,12}")


_GROUPS = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")  # Belgian: 1.234,56 (dots group the thousands)
_SPACES = re.compile(r"[ \u00a0\u202f]")


def _form_number(text: str) -> str:
    """A number as people type it: `1 234,56`, `1.234,56` (dots group the thousands), `1234,56` or `1234.56`;
    anything else is left for Decimal to refuse (1,234,56 or 1.23,4 mean nothing sure)."""
    text = _SPACES.sub("", text)
    if "," in text and "." in text:
        return text.replace(".", "").replace(",", ".") if _GROUPS.fullmatch(text) else "x"
    if text.count(",") > 1:
        return "x"
    return text.replace(",", ".")


def has_nul(value: object) -> bool:
    """Whether a string anywhere in a JSON value (keys included) holds a NUL byte, which PostgreSQL refuses."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def is_digits(text: str) -> bool:
    """ASCII digits only (str.isdigit also accepts '²' and other scripts' digits, which int() then refuses)."""
    return _DIGITS.fullmatch(text) is not None


class FormInput(dict):
    """Input from an HTML form: every value is text and extra fields (buttons, CSRF) are ignored."""


class Fields:
    """Reads typed values out of a mapping and collects {field: message} errors."""

    def __init__(self, data: object, allowed: Iterable[str] | None = None) -> None:
        if not isinstance(data, Mapping):
            raise Invalid({"body": _("Le corps de la requête doit être un objet JSON.")})
        self.data = data
        self.form = isinstance(data, FormInput)
        self.errors: dict[str, Msg] = {}
        if allowed is not None and not self.form:
            for name in data:
                if name not in allowed:
                    self.errors[name] = _("Champ inconnu.")

    def present(self, name: str) -> bool:
        """True when the field was sent (for partial updates)."""
        return name in self.data

    def _raw(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if isinstance(value, str):
            if "\x00" in value:
                self.errors[name] = NUL
                return None
            value = value.strip()
        if value is None or value == "":
            if required:
                self.errors[name] = REQUIRED
            return None
        return value

    def text(self, name: str, required: bool = False, max_len: int = 200, multiline: bool = False) -> str | None:
        """A string, stripped; empty means absent. One line unless `multiline` (then tabs and line breaks are
        kept); other control characters are refused either way (a line break in a name ends up in e-mail
        headers and PDF titles)."""
        value = self._raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.errors[name] = _("Doit être un texte.")
            return None
        given_text = self.data.get(name)  # checked before stripping: a form feed at either end is refused too
        if (_CONTROL_MULTILINE if multiline else _CONTROL).search(given_text if isinstance(given_text, str) else value):
            self.errors[name] = ONE_LINE if not multiline else _("Caractère de contrôle non permis.")
            return None
        if len(value) > max_len:
            self.errors[name] = _("%(max)s caractères au plus.", max=max_len)
            return None
        return value

    def password(self, name: str, required: bool = False, max_len: int = 1000) -> str | None:
        """A password exactly as typed: never stripped (the login form does not strip it either)."""
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.errors[name] = REQUIRED
            return None
        if not isinstance(value, str):
            self.errors[name] = _("Doit être un texte.")
            return None
        if "\x00" in value or len(value) > max_len:
            self.errors[name] = NUL if "\x00" in value else _("%(max)s caractères au plus.", max=max_len)
            return None
        return value

    def integer(self, name: str, required: bool = False, min: int | None = None,
                max: int | None = None) -> int | None:
        """A whole number; a JSON number such as 150.0 is accepted when integral."""
        value = self._raw(name, required)
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and self.form and re.fullmatch(r"-?[0-9]{1,12}", value):
            number = int(value)
        if number is None:
            self.errors[name] = _("Doit être un nombre entier.")
            return None
        return self._range(name, number, min, max)

    def decimal(self, name: str, required: bool = False, min: Decimal | None = None,
                max: Decimal | None = None, places: int = 2) -> Decimal | None:
        """An exact decimal (JSON number or string; a form may use a decimal comma)."""
        value = self._raw(name, required)
        if value is None:
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise InvalidOperation
            text = _form_number(value) if isinstance(value, str) else repr(value)
            number = Decimal(text)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.errors[name] = _("Doit être un nombre.")
            return None
        try:
            rounded = number.quantize(Decimal(1).scaleb(-places))
        except InvalidOperation:  # more digits than the context holds: 1e30, forty nines …
            self.errors[name] = _("Nombre hors limites.")
            return None
        if number != rounded:
            self.errors[name] = _("%(places)s décimales au plus.", places=places)
            return None
        return self._range(name, number, min, max)

    def _range(self, name: str, value: Any, min: Any, max: Any) -> Any:
        if min is not None and value < min:
            self.errors[name] = _("Doit être au moins %(min)s.", min=min)
            return None
        if max is not None and value > max:
            self.errors[name] = _("Doit être au plus %(max)s.", max=max)
            return None
        return value

    def choice(self, name: str, choices: Iterable[str], required: bool = False,
               aliases: Mapping[str, str] | None = None) -> str | None:
        """One of `choices`, case-insensitively (aliases map other spellings to a choice)."""
        value = self.text(name, required)
        if value is None:
            return None
        lookup = {c.lower(): c for c in choices} | {k.lower(): v for k, v in (aliases or {}).items()}
        if value.lower() not in lookup:
            self.errors[name] = _("Valeur non reconnue.")
            return None
        return lookup[value.lower()]

    def email(self, name: str, required: bool = False) -> str | None:
        """An e-mail address."""
        value = self.text(name, required, max_len=254)
        if value is not None and not _EMAIL.match(value):
            self.errors[name] = _("Adresse e-mail invalide.")
            return None
        return value

    def date(self, name: str, required: bool = False) -> date | None:
        """A date, ISO 8601 (YYYY-MM-DD; a datetime's date part is accepted)."""
        value = self.text(name, required, max_len=40)
        if value is None:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            self.errors[name] = _("Date invalide (AAAA-MM-JJ).")
            return None

    def boolean(self, name: str, default: bool = False) -> bool:
        """true/false in JSON; a checkbox in a form."""
        value = self.data.get(name)
        if value is None or value == "":
            return default if not self.form else False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("on", "true", "1", "oui", "yes"):
            return True
        if isinstance(value, str) and value.lower() in ("off", "false", "0", "non", "no"):
            return False
        self.errors[name] = _("Doit être vrai ou faux.")
        return default

    def uuid(self, name: str, required: bool = False) -> UUID | None:
        """An identifier."""
        value = self.text(name, required, max_len=40)
        if value is None:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.errors[name] = _("Identifiant invalide.")
            return None

    def uuid_list(self, name: str, required: bool = False, max_items: int = 1000) -> list[UUID] | None:
        """A list of identifiers (JSON array; a form sends the field repeated)."""
        raw = self._raw(name, required)
        if raw is None:
            return None
        if not isinstance(raw, list) and not self.form:  # JSON sends an array; a form one field per value
            self.errors[name] = _("Liste d'identifiants attendue.")
            return None
        items = raw if isinstance(raw, list) else [raw]
        if len(items) > max_items or not all(isinstance(i, str) for i in items):
            self.errors[name] = _("Liste d'identifiants attendue.")
            return None
        try:
            return [uuid.UUID(i) for i in items]
        except ValueError:
            self.errors[name] = _("Identifiant invalide.")
            return None

    def error(self, name: str, message: Msg) -> None:
        """Add a rule error for a field."""
        self.errors.setdefault(name, message)

    def done(self) -> None:
        """Raise Invalid with every error collected."""
        if self.errors:
            raise Invalid(self.errors)
