"""Amounts, numbers and dates as people read them in each language, for templates, PDFs and e-mails
(registered as filters in web/app.py): French `1 234,56 €` and `17/12/2026`, Dutch `1.234,56 €` and
`17/12/2026`, English `€1,234.56` and `17/12/2026`. The language is the request's (web.i18n.current_locale),
or the one a document is written in (`lang=`)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal

from web.i18n import current_locale

LOCAL = ZoneInfo("Europe/Brussels")

# The Babel locale each language is shown in (Belgian conventions first; English as in Britain).
_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB", "de": "de_BE"}
_AMOUNT = {"fr": "#,##0.00\u00a0¤", "nl": "#,##0.00\u00a0¤", "de": "#,##0.00\u00a0¤", "en": "¤#,##0.00"}
_DATE = "dd/MM/yyyy"
_CENT = Decimal("0.01")


def _lang(lang: str | None) -> str:
    code = lang or current_locale.get()
    return code if code in _LOCALES else "fr"


def _babel_eur(amount: Decimal, code: str) -> str:
    # French groups with a narrow no-break space (fr_BE's CLDR data uses a dot, as Dutch does)
    locale = "fr" if code == "fr" else _LOCALES[code]
    return format_currency(amount, "EUR", format=_AMOUNT[code], locale=locale, currency_digits=False)


# per language: (group, decimal mark, minus, symbol before the number), read once from what Babel writes — a
# call's e-mails write tens of thousands of amounts, and Babel's pattern machinery took most of each e-mail's time
_EUR: dict[str, tuple[str, str, str, bool]] = {}


def _eur_parts(code: str) -> tuple[str, str, str, bool]:
    parts = _EUR.get(code)
    if parts is None:
        sample = _babel_eur(Decimal("-1234.56"), code)  # e.g. "-1 234,56 €", "-€1,234.56"
        before = sample.lstrip("-").startswith("€")
        digits = sample.lstrip("-").strip("€\u00a0")
        parts = _EUR[code] = (digits[1], digits[-3], sample[0], before)
    return parts


def eur(value: Any, lang: str | None = None) -> str:
    """An amount in euros, exact from the Decimal, rounded half up to the cent (the same text as Babel's
    currency format for the language, written directly)."""
    if value is None:
        return ""
    code = _lang(lang)
    amount = Decimal(value).quantize(_CENT, ROUND_HALF_UP)  # half away from zero, as domain.rules.numbers.rounded
    group, mark, minus, before = _eur_parts(code)
    whole, _dot, cents = f"{abs(amount):,.2f}".partition(".")
    number = whole.replace(",", group) + mark + cents
    sign = minus if amount < 0 else ""
    return f"{sign}€{number}" if before else f"{sign}{number}\u00a0€"


def day(value: date | datetime | None, lang: str | None = None) -> str:
    """A date as dd/mm/yyyy (the same in our three languages), empty for none."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # dd/MM/yyyy: digits only, the same everywhere


def moment(value: datetime | None, lang: str | None = None) -> str:
    """A date and time, 17/12/2026 18:30."""
    if value is None:
        return ""
    return format_datetime(value, f"{_DATE} HH:mm", locale=_LOCALES[_lang(lang)])


def hour(value: datetime | None) -> str:
    """A moment's local time of day (Brussels), 18:30; a naive time is taken as local already."""
    if value is None:
        return ""
    local = value.astimezone(LOCAL) if value.tzinfo is not None else value
    return local.strftime("%H:%M")


def plain(value: Any) -> str:
    """A decimal without exponent or trailing zeros (600.0000 → 600, 2.5000 → 2.5), for forms."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def num(value: Any, lang: str | None = None) -> str:
    """A quota, a weight or a share for reading: no trailing zeros, no grouping, the language's decimal mark
    (600 · 2,5 · 0.3333)."""
    return format_decimal(Decimal(plain(value)), format="0.##########", locale=_LOCALES[_lang(lang)])
