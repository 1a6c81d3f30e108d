"""CAMT.053 (ISO 20022): the golden file written by hand (a batch of three payments, a supplier's debit, a pending
entry left out, a Prtry BBA reference) read field by field; a later version by its namespace; XML bombs, external
entities and malformed documents refused at once with the element at fault."""
from __future__ import annotations

import string
import time
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.rules import bank_formats, camt053
from domain.rules.bank_statement import CAMT053, Movement, Statement, StatementError

D = Decimal
GOLDEN = Path(__file__).parent / "bank_files" / "batch_statement.camt053.xml"
DAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def statement() -> Statement:
    (only,) = camt053.read(GOLDEN.read_bytes())
    return only


def test_the_statement(statement: Statement) -> None:
    assert (statement.format, statement.account_iban, statement.currency, statement.sequence) == (
        CAMT053, "BE68539007547034", "EUR", 3)
    assert (statement.opening_balance, statement.opening_date) == (D("805.94"), date(2026, 12, 4))
    assert (statement.closing_balance, statement.closing_date) == (D("1226.04"), DAY)
    assert statement.holder == "ACP Résidence Les Tilleuls"
    assert statement.messages == ("Relevé d'essai écrit à la main",)
    assert statement.reconciles()


def test_the_pending_entry_is_left_out(statement: Statement) -> None:
    assert [m.amount for m in statement.movements] == [D("450.00"), D("-89.90"), D("60.00")]
    assert all(m.bank_reference != "KPG-20261205-PENDING" for m in statement.movements)


def test_a_batch_entry_of_three_payments(statement: Statement) -> None:
    batch = statement.movements[0]
    assert (batch.sequence, batch.amount, batch.bank_reference, batch.transaction_code) == (
        1, D("450.00"), "KPG-20261205-0001", "PMNT-RCDT-BOOK")
    assert (batch.counterparty_name, batch.structured_communication, batch.free_communication) == ("", "", "")
    common = {"sequence": 1, "booking_date": DAY, "value_date": DAY, "transaction_code": "PMNT-RCDT-BOOK"}
    assert batch.details == (
        Movement(detail=1, amount=D("150.00"), counterparty_name="Hélène Dupont",
                 counterparty_iban="BE32123456789002", counterparty_bic="GKCCBEBB",
                 structured_communication="240283842818", bank_reference="KPG-20261205-0001-1",
                 client_reference="DUPONT-2026-12", **common),
        Movement(detail=2, amount=D("100.00"), counterparty_name="Géraldine Peeters",
                 counterparty_iban="FR7630006000011234567890189", counterparty_bic="BNPAFRPP",
                 structured_communication="RF18539007547034", bank_reference="KPG-20261205-0001-2", **common),
        Movement(detail=3, amount=D("200.00"), counterparty_name="Émile Janssens",
                 counterparty_iban="BE19345678901212", free_communication="Charges lot 12 décembre",
                 bank_reference="KPG-20261205-0001-3", **common),
    )
    assert [(p.sequence, p.detail) for p in statement.payments()] == [(1, 1), (1, 2), (1, 3), (2, 0), (3, 0)]
    assert sum(p.amount for p in statement.payments()) == statement.movements_total()


def test_a_debit_names_the_creditor(statement: Statement) -> None:
    assert statement.movements[1] == Movement(
        sequence=2, booking_date=DAY, value_date=date(2026, 12, 4), amount=D("-89.90"),
        counterparty_name="Nettoyage Propre SRL", counterparty_iban="BE53567890123453", counterparty_bic="GEBABEBB",
        free_communication="Facture 2026-77", bank_reference="KPG-20261205-0002", client_reference="KPG-PAY-77")


def test_a_proprietary_bba_reference(statement: Statement) -> None:
    assert statement.movements[2] == Movement(
        sequence=3, booking_date=DAY, value_date=DAY, amount=D("60.00"),
        counterparty_name="Jean-Luc Van den Bossche", counterparty_iban="BE71234567890169",
        structured_communication="100000001751", bank_reference="KPG-20261205-0003",
        information="Virement SEPA reçu")


V08 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
<LglSeqNb>12</LglSeqNb>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>
<Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
<Dt><DtTm>2026-06-30T23:59:59</DtTm></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-07-01</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><DtTm>2026-07-01T08:00:00+02:00</DtTm></BookgDt>
<NtryDtls><TxDtls><Amt Ccy="EUR">{amount}</Amt>
<RltdPties><Dbtr><Pty><Nm>Syndicat Les Érables</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>BE68539007547034</IBAN></Id>
</DbtrAcct></RltdPties>
<RltdAgts><DbtrAgt><FinInstnId><BICFI>GKCCBEBB</BICFI></FinInstnId></DbtrAgt></RltdAgts>
<RmtInf><Ustrd>Appel de fonds</Ustrd><Ustrd>T3 2026</Ustrd>
<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF00 BAD</Ref></CdtrRefInf></Strd></RmtInf>
</TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def v08(amount: str = "25.50", closing: str = "15.50", direction: str = "CRDT") -> bytes:
    return V08.format(amount=amount, closing=closing, direction=direction).encode()


def test_a_later_version_by_its_namespace() -> None:
    (statement,) = camt053.read(v08())
    assert (statement.account_iban, statement.sequence, statement.currency) == ("FR7630006000011234567890189", 12, "EUR")
    assert (statement.opening_balance, statement.opening_date) == (D("-10.00"), date(2026, 6, 30))  # PRCD, DtTm
    assert statement.reconciles()
    (movement,) = statement.movements
    assert movement == Movement(
        sequence=1, booking_date=date(2026, 7, 1), value_date=None, amount=D("25.50"),
        counterparty_name="Syndicat Les Érables", counterparty_iban="BE68539007547034", counterparty_bic="GKCCBEBB",
        free_communication="Appel de fonds T3 2026 RF00 BAD",  # an invalid reference is kept as text
        reversal=True)


# ---- hostile documents ----

def refused(data: bytes) -> StatementError:
    with pytest.raises(StatementError) as caught:
        camt053.read(data)
    return caught.value


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&lol9;</Id>
</Stmt></BkToCstmrStmt></Document>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&secret;</Id>
</Stmt></BkToCstmrStmt></Document>"""

PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>"""

DTD_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "camt.053.001.02.dtd">
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL, PARAMETER, DTD_ONLY],
                         ids=["billion-laughs", "external-entity", "parameter-entity", "external-dtd"])
def test_dtds_and_entities_are_refused_at_once(document: bytes) -> None:
    started = time.perf_counter()
    error = refused(document)
    assert time.perf_counter() - started < 0.5
    assert (error.element, error.field) == ("DOCTYPE", "dtd") and "refusé sans être lu" in str(error)
    assert "root:" not in str(error)


def test_malformed_xml_names_the_line() -> None:
    error = refused(b'<?xml version="1.0"?>\n<Document>\n<Stmt></Document>')
    assert (error.line, error.field) == (3, "xml") and str(error).startswith("XML mal formé ligne 3")


@pytest.mark.parametrize("encoding", ["TF-8", "utf-32", "shift_jis"])
def test_an_encoding_expat_cannot_read(encoding: str) -> None:
    error = refused(f'<?xml version="1.0" encoding="{encoding}"?><Document/>'.encode())
    assert error.field == "encoding" and "encodage" in str(error)


def test_another_xml_document() -> None:
    error = refused(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>')
    assert error.field == "namespace" and "pain.001.001.03" in str(error)


@pytest.mark.parametrize(("old", "new", "element", "field"), [
    ("<IBAN>BE68 5390 0754 7034</IBAN>", "", "BkToCstmrStmt/Stmt[1]/Acct/Id/IBAN", "element"),
    ('<Amt Ccy="EUR">89.90</Amt>', '<Amt Ccy="EUR">89,90</Amt>', "BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt", "amount"),
    ('<Amt Ccy="EUR">805.94</Amt>', '<Amt Ccy="EUR">1e9</Amt>', "BkToCstmrStmt/Stmt[1]/Bal[1]/Amt", "amount"),
    ("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>DEBIT</CdtDbtInd>", "BkToCstmrStmt/Stmt[1]/Ntry[2]/CdtDbtInd",
     "direction"),
    ("<BookgDt><Dt>2026-12-05</Dt></BookgDt>\n        <ValDt><Dt>2026-12-04</Dt>",
     "<BookgDt><Dt>2026-13-05</Dt></BookgDt>\n        <ValDt><Dt>2026-12-04</Dt>",
     "BkToCstmrStmt/Stmt[1]/Ntry[2]/BookgDt/Dt", "date"),
    ("<Cd>OPBD</Cd>", "<Cd>XXXX</Cd>", "BkToCstmrStmt/Stmt[1]/Bal[Tp/CdOrPrtry/Cd=OPBD]", "element"),
    ("<Cd>CLBD</Cd>", "<Cd>ITBD</Cd>", "BkToCstmrStmt/Stmt[1]/Bal[Tp/CdOrPrtry/Cd=CLBD]", "element"),
    ("<ElctrncSeqNb>3</ElctrncSeqNb>\n      <LglSeqNb>3</LglSeqNb>", "", "BkToCstmrStmt/Stmt[1]/ElctrncSeqNb",
     "element"),
    ("<ElctrncSeqNb>3</ElctrncSeqNb>", "<ElctrncSeqNb>3a</ElctrncSeqNb>", "BkToCstmrStmt/Stmt[1]/ElctrncSeqNb",
     "sequence"),
    ('<TxAmt><Amt Ccy="EUR">100.00</Amt></TxAmt>', '<TxAmt><Amt Ccy="EUR">101.00</Amt></TxAmt>',
     "BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls", "details"),
    ('<TxAmt><Amt Ccy="EUR">100.00</Amt></TxAmt>', "", "BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls/TxDtls[2]/Amt",
     "element"),
])
def test_errors_name_the_element(old: str, new: str, element: str, field: str) -> None:
    text = GOLDEN.read_text()
    assert old in text
    error = refused(text.replace(old, new, 1).encode())
    assert (error.element, error.field) == (element, field)
    assert element in str(error)


def test_a_document_without_statement() -> None:
    error = refused(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>')
    assert error.element == "BkToCstmrStmt/Stmt"


def test_a_50_mb_document_is_refused_before_it_is_parsed() -> None:
    started = time.perf_counter()
    error = refused(b"<" + b"a" * (50 * 1024 * 1024))
    assert error.field == "size" and time.perf_counter() - started < 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_damage_is_a_statement_error_or_a_reading(data: st.DataObject) -> None:
    raw = bytearray(GOLDEN.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["change", "cut", "insert"]))
        if action == "change":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del raw[at:at + data.draw(st.integers(1, 200))]
        else:
            raw[at:at] = data.draw(st.sampled_from([b"<", b">", b"&amp;", b"<x>", b"</Ntry>", b"\xff", b"-"]))
    try:
        for statement in camt053.read(bytes(raw)):
            assert isinstance(statement, Statement)
    except StatementError as error:
        assert str(error)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**12).map(lambda n: Decimal(n).scaleb(-2)), st.sampled_from(["CRDT", "DBIT"]))
def test_amounts_are_exact(amount: Decimal, direction: str) -> None:
    signed = amount if direction == "CRDT" else -amount
    (statement,) = camt053.read(v08(str(amount), str(abs(D("-10.00") + signed)), direction))
    assert statement.movements[0].amount == signed
    assert statement.reconciles() is (D("-10.00") + signed >= 0)  # the CLBD written as a credit in V08


# ---- written as CAMT.053, read back the same ----

TEXT = string.ascii_letters + string.digits + " -.,'/éèàçüöÉ&<>\""
IBANS = ["BE68539007547034", "BE32123456789002", "FR7630006000011234567890189", "NL91ABNA0417164300"]
days = st.dates(date(2000, 1, 1), date(2099, 12, 31))


def texts(size: int) -> st.SearchStrategy[str]:
    return st.text(TEXT, max_size=size).map(str.strip)


def cents(low: int = -10**10, high: int = 10**10) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-2))


def rf(body: str) -> str:
    check = 98 - int("".join(str(int(c, 36)) for c in body + "RF00")) % 97
    return f"RF{check:02d}{body}"


references = st.one_of(
    st.just(""),
    st.integers(0, 10**10 - 1).map(lambda n: f"{n:010d}{n % 97 or 97:02d}"),
    st.text(string.digits + string.ascii_uppercase, min_size=1, max_size=21).map(rf),
)


@st.composite
def movements(draw: st.DrawFn, sequence: int, detail: int = 0, amount: Decimal | None = None) -> Movement:
    return Movement(
        sequence=sequence, detail=detail, booking_date=draw(days), value_date=draw(st.one_of(st.none(), days)),
        amount=draw(cents()) if amount is None else amount, counterparty_name=draw(texts(70)),
        counterparty_iban=draw(st.sampled_from(["", *IBANS])),
        counterparty_bic=draw(st.sampled_from(["", "GKCCBEBB", "BNPAFRPP"])),
        structured_communication=draw(references), free_communication=draw(texts(140)),
        bank_reference=draw(texts(35)), client_reference=draw(texts(35)), transaction_code=draw(texts(8)),
        information=draw(texts(100)), reversal=draw(st.booleans()))


@st.composite
def batch(draw: st.DrawFn, sequence: int) -> Movement:
    entry = draw(movements(sequence))
    parts = draw(st.lists(cents(-10**8, 10**8), min_size=2, max_size=4))
    details = tuple(replace(draw(movements(sequence, n, amount)), booking_date=entry.booking_date,
                            value_date=entry.value_date, transaction_code=entry.transaction_code,
                            reversal=entry.reversal)
                    for n, amount in enumerate(parts, 1))
    return replace(entry, amount=sum(parts, Decimal(0)), details=details, counterparty_name="", counterparty_iban="",
                   counterparty_bic="", structured_communication="", free_communication="", client_reference="")


@st.composite
def camt_statements(draw: st.DrawFn) -> Statement:
    count = draw(st.integers(0, 5))
    moves = tuple(draw(st.one_of(movements(n), batch(n))) for n in range(1, count + 1))
    opening = draw(cents())
    return Statement(
        format=CAMT053, account_iban=draw(st.sampled_from(IBANS)), currency="EUR", sequence=draw(st.integers(0, 10**6)),
        opening_balance=opening, opening_date=draw(days), closing_balance=opening + sum(m.amount for m in moves),
        closing_date=draw(days), movements=moves, holder=draw(texts(70)),
        messages=tuple(draw(st.lists(texts(140).filter(bool), max_size=1))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(camt_statements(), min_size=1, max_size=3))
def test_written_then_read_back_the_same(written: list[Statement]) -> None:
    data = camt053.write(written)
    assert bank_formats.read_statements(data) == written
