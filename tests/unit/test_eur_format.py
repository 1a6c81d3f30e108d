"""`eur` writes amounts itself (fast enough for a quarter's tens of thousands of e-mails): the same text as Babel's
currency format, in every language, for any amount to the cent, negative and zero included."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.numbers import rounded
from web.formats import _LOCALES, _babel_eur, day, eur


@given(st.decimals(min_value=Decimal("-1e11"), max_value=Decimal("1e11"), places=3, allow_nan=False,
                   allow_infinity=False), st.sampled_from(sorted(_LOCALES)))
def test_eur_is_babels_text(value: Decimal, lang: str) -> None:
    assert eur(value, lang) == _babel_eur(rounded(Fraction(value), 2), lang)


def test_eur_reads_as_each_language_writes() -> None:
    assert eur(Decimal("1234.565"), "fr") == "1\u202f234,57\u00a0€"
    assert eur(Decimal("-1234.5"), "nl") == "-1.234,50\u00a0€"
    assert eur(Decimal("1234567"), "en") == "€1,234,567.00"
    assert eur(Decimal("-0.001"), "fr") == "0,00\u00a0€" and eur(None) == ""


@given(st.dates(), st.sampled_from(sorted(_LOCALES)))
def test_day_is_babels_text(value, lang: str) -> None:  # type: ignore[no-untyped-def]
    from babel.dates import format_date

    from web.formats import _DATE
    assert day(value, lang) == format_date(value, _DATE, locale=_LOCALES[lang])
