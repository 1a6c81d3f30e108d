"""A domain message's amounts and dates: French by default, the reader's format once translated."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.i18n import _, money
from web import i18n


def test_french_by_default():
    message = _("Payer %(amount)s avant le %(day)s", amount=money(Decimal("-12345.6")), day=date(2027, 4, 1))
    assert message == "Payer -12\u202f345,60\u00a0€ avant le 01/04/2027"


def test_in_english_the_amount_takes_the_english_format():
    message = _("Payer %(amount)s avant le %(day)s", amount=money("1234.5"), day=date(2027, 4, 1))
    token = i18n.current_locale.set("en")
    try:
        shown = i18n.tr(message)
    finally:
        i18n.current_locale.reset(token)
    assert "€1,234.50" in shown and "01/04/2027" in shown


def test_a_plain_number_stays_as_given():
    assert _("%(n)s lots", n=Decimal("6")) == "6 lots"
