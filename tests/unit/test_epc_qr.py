"""The EPC QR code (EPC069-12 v002) an owner's banking app pays a call with: the text written field by field, read
back, refused where a bank's app would refuse it; and the printed image decoded by a real QR reader (zxing-cpp)."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from domain.rules.epc_qr import EpcError, Transfer, parse, payload, reference_field
from domain.rules.payment_reference import structured_communication
from web import qr

IBAN = "BE68539007547034"
CALL = Transfer(name="ACP Résidence Les Tilleuls", iban="BE68 5390 0754 7034", amount=Decimal("1234.50"),
                bic="GKCCBEBB", reference="+++240/2838/42818+++", note="Appel T2 2027")


def test_the_lines_in_the_order_of_the_standard():
    assert payload(CALL).split("\n") == ["BCD", "002", "1", "SCT", "GKCCBEBB", "ACP Résidence Les Tilleuls", IBAN,
                                         "EUR1234.50", "", "240283842818", "", "Appel T2 2027"]


def test_trailing_empty_fields_are_left_out_and_the_bic_may_be_empty():
    text = payload(Transfer(name="ACP", iban=IBAN, amount=Decimal("10.00"), reference="+++240/2838/42818+++"))
    assert text == f"BCD\n002\n1\nSCT\n\nACP\n{IBAN}\nEUR10.00\n\n240283842818"


def test_read_back_to_the_same_transfer():
    back = parse(payload(CALL))
    assert (back.name, back.iban, back.amount, back.bic, back.reference, back.note) == (
        CALL.name, IBAN, Decimal("1234.50"), "GKCCBEBB", "240283842818", "Appel T2 2027")


@pytest.mark.parametrize("change, field", [
    ({"iban": "BE68539007547035"}, "iban"),
    ({"amount": Decimal("0.00")}, "amount"),
    ({"amount": Decimal("1000000000.00")}, "amount"),
    ({"amount": Decimal("1.005")}, "amount"),
    ({"name": ""}, "name"),
    ({"name": "x" * 71}, "name"),
    ({"bic": "GKCC"}, "bic"),
    ({"text": "Appel"}, "text"),  # a free text beside the structured reference
    ({"reference": "RF" + "1" * 34}, "reference"),
    ({"note": "x" * 71}, "note"),
    ({"name": "ACP\nSCT"}, "name"),
])
def test_what_a_bank_would_refuse_is_refused_naming_the_field(change, field):
    fields = {**CALL.__dict__, **change}
    with pytest.raises(EpcError) as refused:
        payload(Transfer(**fields))
    assert refused.value.field == field


def test_at_most_331_bytes():
    long = Transfer(name="é" * 70, iban=IBAN, amount=Decimal("1.00"), text="é" * 140, note="é" * 70)
    with pytest.raises(EpcError, match="331"):
        payload(long)


def test_an_amount_left_to_the_payer():
    assert parse(payload(Transfer(name="ACP", iban=IBAN, amount=None, text="Don"))).amount is None


def test_the_reference_field_takes_the_twelve_digits_or_an_rf_reference_as_given():
    assert reference_field("***240/2838/42818***") == "240283842818"
    assert reference_field("RF18 5390 0754 7034") == "RF18539007547034"


def test_not_an_epc_code():
    for text in ("hello", "BCD\n003\n1\nSCT\n\nA\nB\nC", "BCD\n002\n2\nSCT\n\nACP\nBE68539007547034"):
        with pytest.raises(EpcError):
            parse(text)


def _decoded(image: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image)))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].text


def test_the_printed_code_reads_back_with_a_real_decoder():
    text = payload(CALL)
    assert _decoded(qr.png(text)) == text
    assert parse(_decoded(qr.png(text))) == parse(text)


def test_the_page_gets_an_svg_with_its_accessible_name():
    svg = qr.svg(payload(CALL), "Code de paiement <T2>")
    assert svg.startswith("<svg") and "<title>Code de paiement &lt;T2&gt;</title>" in svg


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                max_size=70).filter(lambda s: s.strip() == s and s.strip())
amounts = st.integers(1, 99_999_999_999).map(lambda cents: Decimal(cents).scaleb(-2))


@given(name=names, amount=amounts, reference=st.integers(0, 10**10 - 1))
def test_any_call_round_trips(name: str, amount: Decimal, reference: int):
    transfer = Transfer(name=name, iban=IBAN, amount=amount, reference=structured_communication(reference))
    back = parse(payload(transfer))
    assert (back.name, back.amount, back.reference) == (name, amount, reference_field(transfer.reference))


@settings(max_examples=15, deadline=None)
@given(name=names, amount=amounts)
def test_any_printed_code_is_read_back_by_the_decoder(name: str, amount: Decimal):
    text = payload(Transfer(name=name, iban=IBAN, amount=amount, reference="+++240/2838/42818+++"))
    assert _decoded(qr.png(text)) == text
