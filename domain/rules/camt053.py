"""CAMT.053 (ISO 20022 bank-to-customer statement), camt.053.001.02 and later versions (told by the namespace).

Parsed with defusedxml: a DTD, an entity or an external reference is refused before anything is expanded (an XML
bomb fails at once). Per `Stmt`: the account's IBAN, the electronic (or legal) sequence number, the OPBD (or PRCD)
and CLBD balances, the booked entries (`Ntry`, `Sts` BOOK) with their amount, CRDT/DBIT, booking and value dates;
an entry with several `NtryDtls/TxDtls` is a batch whose transactions are its details (adding up to the entry).
The counterparty is the debtor of a credit, the creditor of a debit. The structured reference is read from
`RmtInf/Strd/CdtrRefInf` typed SCOR (ISO 11649 RF, or the Belgian OGM with the issuer BBA) or Prtry BBA.

Errors are a `StatementError` naming the element path (`BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt`). `write(statements)`
writes statements as a camt.053.001.02 document (for the tests and the benchmark)."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError, SubElement, register_namespace, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from domain.i18n import _
from domain.rules.bank_statement import (
    CAMT053,
    Movement,
    Statement,
    StatementError,
    check_size,
    structured_reference,
)

NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
_AMOUNT = re.compile(r"\d{1,18}(\.\d{1,5})?")
_STRUCTURED_TYPES = {"SCOR", "BBA"}


class _Xml:
    """Paths in the document's own namespace, and errors naming them."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def q(self, path: str) -> str:
        return "/".join(f"{{{self.namespace}}}{step}" for step in path.split("/"))

    def all(self, element: Element, path: str) -> list[Element]:
        return element.findall(self.q(path))

    def text(self, element: Element, *paths: str) -> str:
        """The text of the first of `paths` present, stripped ('' when none is)."""
        for path in paths:
            found = element.find(self.q(path))
            if found is not None and (found.text or "").strip():
                return (found.text or "").strip()
        return ""

    def need(self, element: Element, where: str, *paths: str) -> str:
        found = self.text(element, *paths)
        if not found:
            raise _missing(f"{where}/{paths[0]}")
        return found

    def amount(self, element: Element, where: str, path: str = "Amt") -> Decimal:
        raw = self.need(element, where, path)
        if not _AMOUNT.fullmatch(raw):
            raise StatementError(_("Élément %(path)s : « %(value)s » n'est pas un montant (chiffres, un point "
                                   "décimal).", path=_join(where, path), value=raw[:40]),
                                 element=_join(where, path), field="amount")
        return Decimal(raw)

    def sign(self, element: Element, where: str, default: str = "") -> int:
        raw = self.text(element, "CdtDbtInd") or default
        if raw not in ("CRDT", "DBIT"):
            raise StatementError(_("Élément %(path)s : « %(value)s » au lieu de CRDT (crédit) ou DBIT (débit).",
                                   path=_join(where, "CdtDbtInd"), value=raw[:40]),
                                 element=_join(where, "CdtDbtInd"), field="direction")
        return 1 if raw == "CRDT" else -1

    def day(self, element: Element, where: str, path: str, *, required: bool = True) -> date | None:
        raw = self.text(element, f"{path}/Dt", f"{path}/DtTm")
        if not raw:
            if required:
                raise _missing(f"{where}/{path}/Dt")
            return None
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            raise StatementError(_("Élément %(path)s : « %(value)s » n'est pas une date AAAA-MM-JJ.",
                                   path=_join(where, path, "Dt"), value=raw[:40]),
                                 element=_join(where, path, "Dt"), field="date") from None


def _join(*steps: str) -> str:
    """An element path, as errors name it."""
    return "/".join(steps)


def _missing(path: str) -> StatementError:
    return StatementError(_("Élément %(path)s manquant.", path=path), element=path, field="element")


def _parse(data: bytes) -> Element:
    try:
        root: Element = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise StatementError(_("Le fichier XML déclare une DTD, des entités ou des références externes : il est "
                               "refusé sans être lu."), element="DOCTYPE", field="dtd") from None
    except (LookupError, ValueError):  # an encoding Python does not know, or a multi-byte one expat refuses
        raise StatementError(_("Le fichier XML déclare un encodage inconnu ou non pris en charge (UTF-8 attendu)."),
                             element="xml", field="encoding") from None
    except ParseError as error:
        line, column = error.position
        raise StatementError(_("XML mal formé ligne %(line)s, colonne %(column)s.", line=line, column=column + 1),
                             line=line, field="xml") from None
    return root


def read(data: bytes) -> list[Statement]:
    """Every statement (`Stmt`) of a CAMT.053 document."""
    check_size(data)
    root = _parse(data)
    namespace, _sep, local = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if local != "Document" or not namespace.startswith(NAMESPACE_PREFIX):
        raise StatementError(_("Ce document XML n'est pas un relevé CAMT.053 (élément « %(tag)s », espace de noms "
                               "« %(namespace)s »).", tag=local, namespace=namespace or "-"),
                             element=local, field="namespace")
    xml = _Xml(namespace)
    statements = xml.all(root, "BkToCstmrStmt/Stmt")
    if not statements:
        raise _missing("BkToCstmrStmt/Stmt")
    return [_statement(xml, element, f"BkToCstmrStmt/Stmt[{n}]") for n, element in enumerate(statements, 1)]


def _statement(xml: _Xml, stmt: Element, where: str) -> Statement:
    iban = "".join(xml.need(stmt, where, "Acct/Id/IBAN").split()).upper()
    raw_sequence = xml.text(stmt, "ElctrncSeqNb", "LglSeqNb")
    if not raw_sequence:
        raise _missing(f"{where}/ElctrncSeqNb")
    if not (raw_sequence.isascii() and raw_sequence.isdigit()):
        raise StatementError(_("Élément %(path)s : « %(value)s » n'est pas un numéro.",
                               path=_join(where, "ElctrncSeqNb"), value=raw_sequence[:40]),
                             element=_join(where, "ElctrncSeqNb"), field="sequence")
    balances: dict[str, tuple[Decimal, date, str]] = {}
    for n, bal in enumerate(xml.all(stmt, "Bal"), 1):
        at = f"{where}/Bal[{n}]"
        code = xml.text(bal, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
        if code in ("OPBD", "PRCD", "CLBD") and code not in balances:
            day = xml.day(bal, at, "Dt")
            assert day is not None  # required
            amount = xml.amount(bal, at) * xml.sign(bal, at)
            amount_element = bal.find(xml.q("Amt"))
            currency = amount_element.get("Ccy", "") if amount_element is not None else ""
            balances[code] = (amount, day, currency)
    opening = balances.get("OPBD") or balances.get("PRCD")
    if opening is None:
        raise _missing(f"{where}/Bal[Tp/CdOrPrtry/Cd=OPBD]")
    closing = balances.get("CLBD")
    if closing is None:
        raise _missing(f"{where}/Bal[Tp/CdOrPrtry/Cd=CLBD]")
    movements: list[Movement] = []
    for n, entry in enumerate(xml.all(stmt, "Ntry"), 1):
        status = xml.text(entry, "Sts/Cd", "Sts")
        if status and status != "BOOK":  # pending or information only: not in the balance
            continue
        movements.append(_entry(xml, entry, f"{where}/Ntry[{n}]", len(movements) + 1))
    return Statement(
        format=CAMT053, account_iban=iban, currency=xml.text(stmt, "Acct/Ccy") or opening[2],
        sequence=int(raw_sequence), opening_balance=opening[0], opening_date=opening[1],
        closing_balance=closing[0], closing_date=closing[1], movements=tuple(movements),
        holder=xml.text(stmt, "Acct/Ownr/Nm"),
        messages=tuple(m for m in (xml.text(stmt, "AddtlStmtInf"),) if m))


def _entry(xml: _Xml, entry: Element, where: str, sequence: int) -> Movement:
    sign = xml.sign(entry, where)
    amount = xml.amount(entry, where) * sign
    booked = xml.day(entry, where, "BookgDt")
    assert booked is not None  # required
    value = xml.day(entry, where, "ValDt", required=False)
    code = xml.text(entry, "BkTxCd/Domn/Cd")
    if code:
        code = "-".join(c for c in (code, xml.text(entry, "BkTxCd/Domn/Fmly/Cd"),
                                    xml.text(entry, "BkTxCd/Domn/Fmly/SubFmlyCd")) if c)
    else:
        code = xml.text(entry, "BkTxCd/Prtry/Cd")
    base = Movement(sequence=sequence, booking_date=booked, value_date=value, amount=amount,
                    bank_reference=xml.text(entry, "AcctSvcrRef", "NtryRef"), transaction_code=code,
                    information=xml.text(entry, "AddtlNtryInf"),
                    reversal=xml.text(entry, "RvslInd").lower() in ("true", "1"))
    transactions = xml.all(entry, "NtryDtls/TxDtls")
    if len(transactions) <= 1:
        if not transactions:
            return base
        return _transaction(xml, transactions[0], f"{where}/NtryDtls/TxDtls[1]", base, sign)
    details: list[Movement] = []
    for n, tx in enumerate(transactions, 1):
        at = f"{where}/NtryDtls/TxDtls[{n}]"
        path = "AmtDtls/TxAmt/Amt" if xml.text(tx, "AmtDtls/TxAmt/Amt") else "Amt"
        tx_sign = xml.sign(tx, at, default="CRDT" if sign > 0 else "DBIT")
        detail = Movement(sequence=sequence, detail=n, booking_date=booked, value_date=value,
                          amount=xml.amount(tx, at, path) * tx_sign, transaction_code=code, reversal=base.reversal)
        details.append(_transaction(xml, tx, at, detail, tx_sign))
    found = sum((d.amount for d in details), Decimal(0))
    if found != amount:
        raise StatementError(_("Élément %(path)s : les transactions du lot totalisent %(details)s au lieu de "
                               "%(total)s.", path=_join(where, "NtryDtls"), details=found, total=amount),
                             element=_join(where, "NtryDtls"), field="details")
    return Movement(sequence=base.sequence, booking_date=base.booking_date, value_date=base.value_date,
                    amount=base.amount, bank_reference=base.bank_reference, transaction_code=base.transaction_code,
                    information=base.information, reversal=base.reversal, details=tuple(details))


def _transaction(xml: _Xml, tx: Element, where: str, movement: Movement, sign: int) -> Movement:
    """What a TxDtls adds to its movement: the counterparty, the references, the communication."""
    party, agent = ("Dbtr", "DbtrAgt") if sign > 0 else ("Cdtr", "CdtrAgt")
    structured = ""
    free = [u for u in (e.text.strip() for e in xml.all(tx, "RmtInf/Ustrd") if e.text) if u]
    for strd in xml.all(tx, "RmtInf/Strd"):
        ref = xml.text(strd, "CdtrRefInf/Ref")
        kinds = {xml.text(strd, "CdtrRefInf/Tp/CdOrPrtry/Cd"), xml.text(strd, "CdtrRefInf/Tp/CdOrPrtry/Prtry"),
                 xml.text(strd, "CdtrRefInf/Tp/Issr")}
        normal = structured_reference(ref) if ref and kinds & _STRUCTURED_TYPES else None
        if normal and not structured:
            structured = normal
        elif ref:
            free.append(ref)
        free += [a for a in (e.text.strip() for e in xml.all(strd, "AddtlRmtInf") if e.text) if a]
    end_to_end = xml.text(tx, "Refs/EndToEndId")
    return Movement(
        sequence=movement.sequence, detail=movement.detail, booking_date=movement.booking_date,
        value_date=movement.value_date, amount=movement.amount,
        counterparty_name=xml.text(tx, f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm"),
        counterparty_iban="".join(xml.text(tx, f"RltdPties/{party}Acct/Id/IBAN",
                                           f"RltdPties/{party}Acct/Id/Othr/Id").split()).upper(),
        counterparty_bic=xml.text(tx, f"RltdAgts/{agent}/FinInstnId/BIC", f"RltdAgts/{agent}/FinInstnId/BICFI"),
        structured_communication=structured, free_communication=" ".join(free),
        bank_reference=xml.text(tx, "Refs/AcctSvcrRef") or movement.bank_reference,
        client_reference="" if end_to_end == "NOTPROVIDED" else end_to_end,
        transaction_code=movement.transaction_code,
        information=" ".join(i for i in (movement.information, xml.text(tx, "AddtlTxInf")) if i),
        reversal=movement.reversal)


# ---- writing (tests, benchmark) ----

WRITTEN_NAMESPACE = NAMESPACE_PREFIX + "02"


def _add(parent: Element, path: str, text: str | None = None, **attributes: str) -> Element:
    """The element at `path` under `parent` (each step made anew), with its text."""
    steps = path.split("/")
    element = parent
    for n, step in enumerate(steps, 1):
        element = SubElement(element, f"{{{WRITTEN_NAMESPACE}}}{step}", attributes if n == len(steps) else {})
    if text is not None:
        element.text = text
    return element


def _figure(amount: Decimal) -> str:
    return format(abs(amount), "f")


def _direction(amount: Decimal) -> str:
    return "DBIT" if amount < 0 else "CRDT"


def _write_transaction(parent: Element, m: Movement, *, batch: bool) -> None:
    tx = _add(parent, "TxDtls")
    refs = [(tag, value) for tag, value in (("AcctSvcrRef", m.bank_reference if batch else ""),
                                            ("EndToEndId", m.client_reference)) if value]
    if refs:
        element = _add(tx, "Refs")
        for tag, value in refs:
            _add(element, tag, value)
    if batch:
        _add(tx, "AmtDtls/TxAmt/Amt", _figure(m.amount), Ccy="EUR")
        _add(tx, "CdtDbtInd", _direction(m.amount))
    party, agent = ("Dbtr", "DbtrAgt") if m.amount >= 0 else ("Cdtr", "CdtrAgt")
    if m.counterparty_name or m.counterparty_iban:
        parties = _add(tx, "RltdPties")
        if m.counterparty_name:
            _add(parties, f"{party}/Nm", m.counterparty_name)
        if m.counterparty_iban:
            _add(parties, f"{party}Acct/Id/IBAN", m.counterparty_iban)
    if m.counterparty_bic:
        _add(tx, f"RltdAgts/{agent}/FinInstnId/BIC", m.counterparty_bic)
    if m.free_communication or m.structured_communication:
        remittance = _add(tx, "RmtInf")
        if m.free_communication:
            _add(remittance, "Ustrd", m.free_communication)
        if m.structured_communication:
            reference = _add(remittance, "Strd/CdtrRefInf")
            kind = _add(reference, "Tp")
            _add(kind, "CdOrPrtry/Cd", "SCOR")
            if not m.structured_communication.startswith("RF"):
                _add(kind, "Issr", "BBA")
            _add(reference, "Ref", m.structured_communication)
    if batch and m.information:
        _add(tx, "AddtlTxInf", m.information)


def write(statements: list[Statement]) -> bytes:
    """The statements as a camt.053.001.02 document (UTF-8): `read(write(s))` gives `s` again for statements
    whose texts carry no leading or trailing spaces, one free message at most, and whose batch details share
    their entry's dates, transaction code and reversal flag (what CAMT says once per entry)."""
    register_namespace("", WRITTEN_NAMESPACE)
    root = Element(f"{{{WRITTEN_NAMESPACE}}}Document")
    report = _add(root, "BkToCstmrStmt")
    _add(report, "GrpHdr/MsgId", "KOPROGO")
    for s in statements:
        stmt = _add(report, "Stmt")
        _add(stmt, "Id", f"{s.account_iban}-{s.sequence}")
        _add(stmt, "ElctrncSeqNb", str(s.sequence))
        account = _add(stmt, "Acct")
        _add(account, "Id/IBAN", s.account_iban)
        _add(account, "Ccy", s.currency)
        if s.holder:
            _add(account, "Ownr/Nm", s.holder)
        for code, amount, day in (("OPBD", s.opening_balance, s.opening_date),
                                  ("CLBD", s.closing_balance, s.closing_date)):
            balance = _add(stmt, "Bal")
            _add(balance, "Tp/CdOrPrtry/Cd", code)
            _add(balance, "Amt", _figure(amount), Ccy=s.currency)
            _add(balance, "CdtDbtInd", _direction(amount))
            _add(balance, "Dt/Dt", day.isoformat())
        for m in s.movements:
            entry = _add(stmt, "Ntry")
            _add(entry, "Amt", _figure(m.amount), Ccy=s.currency)
            _add(entry, "CdtDbtInd", _direction(m.amount))
            if m.reversal:
                _add(entry, "RvslInd", "true")
            _add(entry, "Sts", "BOOK")
            _add(entry, "BookgDt/Dt", m.booking_date.isoformat())
            if m.value_date:
                _add(entry, "ValDt/Dt", m.value_date.isoformat())
            if m.bank_reference:
                _add(entry, "AcctSvcrRef", m.bank_reference)
            if m.transaction_code:
                _add(entry, "BkTxCd/Prtry/Cd", m.transaction_code)
            if m.details:
                details = _add(entry, "NtryDtls")
                for d in m.details:
                    _write_transaction(details, d, batch=True)
            elif (m.counterparty_name or m.counterparty_iban or m.counterparty_bic or m.free_communication
                  or m.structured_communication or m.client_reference):
                _write_transaction(_add(entry, "NtryDtls"), m, batch=False)
            if m.information:
                _add(entry, "AddtlNtryInf", m.information)
        for message in s.messages:
            _add(stmt, "AddtlStmtInf", message)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8", xml_declaration=False)
