"""CODA 2.x (Febelfin), the Belgian banks' statement file: 128-character records, several statements per file.

Per statement: 0 header, 1 old balance, then per movement a 21 (and its 22, 23), information 31/32/33, then 8 new
balance, 4 free messages, 9 trailer. A globalised movement (globalisation code > 0, detail number 0) is a total
followed by its detail lines (same sequence number, detail numbers 1, 2, …): the total is the movement, the
details are kept inside it (`Movement.details`), never counted twice — the trailer's sums count the total only.
Positions are 0-based, end exclusive (ACCOUNTING.md).

`read(data)` checks every record (length 128, order, numeric fields, dates, the trailer's count and sums, the
details adding up to their total) and raises `StatementError` naming the line and the field. `write(statements)`
writes statements back as CODA (for the tests and the benchmark): `read(write(s))` gives `s` again."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from domain.i18n import Msg, _
from domain.rules.bank_formats import decode_text
from domain.rules.bank_statement import CODA, Movement, Statement, StatementError, check_size, ogm_ok

RECORD = 128
_COUNTED = frozenset({"1", "21", "22", "23", "31", "32", "33", "8"})  # the records the trailer counts
_CENT = Decimal("0.01")
# the fields' names in messages (made once: a file of 10,000 movements reads them 100,000 times)
_CREATED = _("date de création")
_OPENING = _("ancien solde")
_OPENING_DATE = _("date de l'ancien solde")
_STATEMENT_NUMBER = _("numéro du relevé")
_CLOSING = _("nouveau solde")
_CLOSING_DATE = _("date du nouveau solde")
_SEQUENCE = _("numéro de séquence")
_DETAIL = _("numéro de détail")
_AMOUNT = _("montant")
_VALUE_DATE = _("date valeur")
_BOOKING_DATE = _("date de comptabilisation")
_GLOBALISATION = _("code de globalisation")
_TRANSACTION_CODE = _("code de transaction")
_RECORDS = _("nombre d'enregistrements")
_DEBITS = _("total des débits")
_CREDITS = _("total des crédits")


class _Line:
    """A record: its line number, its text and its kind ("0", "1", "21"…), told once (a file of 10,000 movements
    asks it 60,000 times)."""
    __slots__ = ("number", "text", "kind")

    def __init__(self, number: int, text: str) -> None:
        self.number, self.text = number, text
        self.kind = text[:2] if text[:1] in ("2", "3") else text[:1]


@dataclass
class _Draft:
    """A movement being read: its 21, then what its 22, 23 and 31-33 add."""

    line: int
    sequence: int
    detail: int
    bank_reference: str
    amount: Decimal
    value_date: date | None
    booking_date: date
    transaction_code: str
    structured: str
    free: list[str]
    globalisation: int
    client_reference: str = ""
    numbers: str = ""  # the sequence and detail numbers as the 21 writes them (positions 3-10)
    bic: str = ""
    account: str = ""
    name: str = ""
    information: list[list[str]] = field(default_factory=list)  # per group 31(/32/33), the raw parts
    details: list[Movement] = field(default_factory=list)

    def movement(self) -> Movement:
        return Movement(
            sequence=self.sequence, detail=self.detail, booking_date=self.booking_date, value_date=self.value_date,
            amount=self.amount, counterparty_name=self.name.strip(), counterparty_iban=self.account,
            counterparty_bic=self.bic.strip(), structured_communication=self.structured,
            free_communication="".join(self.free).strip(), bank_reference=self.bank_reference.strip(),
            client_reference=self.client_reference.strip(), transaction_code=self.transaction_code,
            information=" ".join(t for t in ("".join(g).strip() for g in self.information) if t),
            details=tuple(self.details))


# ---- fields ----

def _error(line: _Line, message: Msg, name: str) -> StatementError:
    return StatementError(message, line=line.number, field=name)


def _number(line: _Line, start: int, end: int, label: Msg, name: str) -> int:
    raw = line.text[start:end]
    if not (raw.isascii() and raw.isdigit()):
        raise _error(line, _("Ligne %(line)s : le champ « %(field)s » (positions %(start)s à %(end)s) n'est pas "
                             "numérique : « %(value)s ».", line=line.number, field=label, start=start + 1, end=end,
                             value=raw.strip()), name)
    return int(raw)


def _money(thousandths: int) -> Decimal:
    """An amount in thousandths as a Decimal, in cents when the thousandth is 0 (EUR amounts)."""
    value = Decimal(thousandths).scaleb(-3)
    return value.quantize(_CENT) if thousandths % 10 == 0 else value


def _signed(line: _Line, sign_at: int, start: int, end: int, label: Msg, name: str) -> Decimal:
    sign = line.text[sign_at]
    if sign not in "01":
        raise _error(line, _("Ligne %(line)s : le signe du champ « %(field)s » (position %(at)s) doit être 0 "
                             "(crédit) ou 1 (débit) : « %(value)s ».", line=line.number, field=label, at=sign_at + 1,
                             value=sign), name)
    amount = _money(_number(line, start, end, label, name))
    return -amount if sign == "1" else amount


def _date(line: _Line, start: int, end: int, label: Msg, name: str, *, optional: bool = False) -> date | None:
    raw = line.text[start:end]
    if optional and raw in ("000000", "      "):
        return None
    try:
        if not (raw.isascii() and raw.isdigit()):
            raise ValueError(raw)
        return date(2000 + int(raw[4:6]), int(raw[2:4]), int(raw[0:2]))
    except ValueError:
        raise _error(line, _("Ligne %(line)s : le champ « %(field)s » (positions %(start)s à %(end)s) n'est pas une "
                             "date JJMMAA : « %(value)s ».", line=line.number, field=label, start=start + 1, end=end,
                             value=raw.strip()), name) from None


def _required_date(line: _Line, start: int, end: int, label: Msg, name: str) -> date:
    found = _date(line, start, end, label, name)
    assert found is not None  # not optional: a date or an error
    return found


def _pair(sequence: int, detail: int) -> str:
    """A movement's sequence and detail numbers, as messages name them."""
    return f"{sequence}/{detail}"


def _account(text: str) -> str:
    """The counterparty account as written: an IBAN compacted, an older number as given."""
    return "".join(text.split()).upper()


# ---- reading ----

def _lines(text: str) -> list[_Line]:
    text = text.lstrip("\ufeff").rstrip("\x1a")
    rows = text.split("\n")
    if len(rows) == 1 and len(text) > RECORD and len(text) % RECORD == 0:  # records without line ends
        rows = [text[i:i + RECORD] for i in range(0, len(text), RECORD)]
    rows = [r[:-1] if r.endswith("\r") else r for r in rows]
    while rows and not rows[-1].strip():
        rows.pop()
    return [_Line(n, r) for n, r in enumerate(rows, 1)]


def read(data: bytes) -> list[Statement]:
    """Every statement of a CODA file (bytes in UTF-8, cp850 or latin-1; CRLF or LF)."""
    check_size(data)
    return read_text(decode_text(data))


def read_text(text: str) -> list[Statement]:
    """Every statement of a CODA file's text."""
    lines = _lines(text)
    if not lines:
        raise StatementError(_("Le fichier ne contient aucun relevé."), field="file")
    for line in lines:
        if len(line.text) != RECORD:
            raise _error(line, _("Ligne %(line)s : %(length)s caractères au lieu de 128 (enregistrement tronqué ou "
                                 "trop long).", line=line.number, length=len(line.text)), "length")
    statements = []
    at = 0
    while at < len(lines):
        statement, at = _statement(lines, at)
        statements.append(statement)
    return statements


_AFTER = {  # the records each record may follow inside a statement's movements
    "21": {"1", "21", "22", "23", "31", "32", "33"},
    "22": {"21"},
    "23": {"21", "22"},
    "31": {"21", "22", "23", "31", "32", "33"},
    "32": {"31"},
    "33": {"32"},
    "8": {"1", "21", "22", "23", "31", "32", "33"},
}


def _order_error(line: _Line, previous: str) -> StatementError:
    return _error(line, _("Ligne %(line)s : enregistrement « %(found)s » inattendu après « %(after)s ».",
                          line=line.number, found=line.kind, after=previous), "record")


def _statement(lines: list[_Line], at: int) -> tuple[Statement, int]:
    """One statement from its record 0 at `lines[at]` to its record 9; returns it and where the next begins."""
    header = lines[at]
    if header.kind != "0":
        raise _error(header, _("Ligne %(line)s : un relevé commence par un enregistrement 0, pas « %(found)s ».",
                               line=header.number, found=header.kind), "record")
    if header.text[127] != "2":
        raise _error(header, _("Ligne %(line)s : version CODA « %(found)s » non prise en charge (2 attendue, "
                               "position 128).", line=header.number, found=header.text[127]), "version")
    _required_date(header, 5, 11, _CREATED, "created")
    if at + 1 >= len(lines) or lines[at + 1].kind != "1":
        where = lines[at + 1] if at + 1 < len(lines) else header
        raise _error(where, _("Ligne %(line)s : l'enregistrement 1 (ancien solde) doit suivre l'en-tête.",
                              line=where.number), "record")
    old = lines[at + 1]
    structure = old.text[1]
    if structure == "0":
        account, currency = old.text[5:17], old.text[18:21]
    elif structure == "2":
        account, currency = old.text[5:21], old.text[39:42]
    elif structure in "13":
        account, currency = old.text[5:39], old.text[39:42]
    else:
        raise _error(old, _("Ligne %(line)s : structure de compte « %(value)s » inconnue (position 2 : 0 à 3).",
                            line=old.number, value=structure), "account")
    opening = _signed(old, 42, 43, 58, _OPENING, "opening_balance")
    opening_date = _required_date(old, 58, 64, _OPENING_DATE, "opening_date")
    sequence = _number(old, 125, 128, _STATEMENT_NUMBER, "sequence")
    counted = 1
    debits = credits = Decimal(0)
    movements: list[Movement] = []
    draft: _Draft | None = None
    total: _Draft | None = None  # the globalised movement whose details are being read
    previous = "1"
    i = at + 2
    while True:
        if i >= len(lines):
            raise _error(lines[-1], _("Le relevé commencé ligne %(start)s n'a pas de nouveau solde (8) ni "
                                      "d'enregistrement final (9) : fichier incomplet.", start=header.number),
                         "trailer")
        line = lines[i]
        kind = line.kind
        if kind not in _AFTER:
            if kind in ("0", "1", "4", "9"):
                raise _order_error(line, previous)
            raise _error(line, _("Ligne %(line)s : type d'enregistrement « %(found)s » inconnu.",
                                 line=line.number, found=line.text[:2].strip()), "record")
        if previous not in _AFTER[kind]:
            raise _order_error(line, previous)
        counted += 1
        if kind in ("21", "8") and draft is not None:
            total = _close(draft, total, movements)
            draft = None
        if kind == "8":
            break
        if kind == "21":
            draft = _movement(line, opening_date)
            if draft.detail == 0:
                if draft.amount < 0:
                    debits -= draft.amount
                else:
                    credits += draft.amount
        else:
            assert draft is not None  # _AFTER: 22, 23 and 3x follow a 21
            _continue(line, draft)
        previous = kind
        i += 1
    if total is not None:
        _finish(total, movements)
    new = lines[i]
    closing = _signed(new, 41, 42, 57, _CLOSING, "closing_balance")
    closing_date = _required_date(new, 57, 63, _CLOSING_DATE, "closing_date")
    i += 1
    messages = []
    while i < len(lines) and lines[i].kind == "4":
        messages.append(lines[i].text[32:112].strip())
        i += 1
    if i >= len(lines):
        raise _error(lines[-1], _("Le relevé commencé ligne %(start)s n'a pas d'enregistrement final (9) : fichier "
                                  "incomplet.", start=header.number), "trailer")
    trailer = lines[i]
    if trailer.kind != "9":
        raise _order_error(trailer, lines[i - 1].kind)
    _check_trailer(trailer, counted, debits, credits)
    statement = Statement(
        format=CODA, account_iban=_account(account), currency=currency.strip(), sequence=sequence,
        opening_balance=opening, opening_date=opening_date, closing_balance=closing, closing_date=closing_date,
        movements=tuple(movements), holder=old.text[64:90].strip(), messages=tuple(m for m in messages if m))
    return statement, i + 1


def _movement(line: _Line, opening_date: date) -> _Draft:
    """A record 21: the movement's first part."""
    sequence = _number(line, 2, 6, _SEQUENCE, "sequence")
    detail = _number(line, 6, 10, _DETAIL, "detail")
    amount = _signed(line, 31, 32, 47, _AMOUNT, "amount")
    value_date = _date(line, 47, 53, _VALUE_DATE, "value_date", optional=True)
    booked = _date(line, 115, 121, _BOOKING_DATE, "booking_date", optional=True)
    globalisation = _number(line, 124, 125, _GLOBALISATION, "globalisation")
    code = line.text[53:61]
    if code.strip() and not (code.isascii() and code.isdigit()):
        _number(line, 53, 61, _TRANSACTION_CODE, "transaction_code")
    structured = ""
    free = [line.text[62:115]]
    if line.text[61] == "1":
        kind, digits = line.text[62:65], line.text[65:77]
        if kind in ("101", "102") and ogm_ok(digits):
            structured, free = digits, []
        else:
            free = [line.text[65:115]] if kind.isdigit() else free
    elif line.text[61] != "0":
        raise _error(line, _("Ligne %(line)s : le type de communication (position 62) doit être 0 (libre) ou 1 "
                             "(structurée) : « %(value)s ».", line=line.number, value=line.text[61]), "communication")
    return _Draft(line=line.number, sequence=sequence, detail=detail, bank_reference=line.text[10:31],
                  amount=amount, value_date=value_date, booking_date=booked or value_date or opening_date,
                  transaction_code=code.strip(), structured=structured, free=free, globalisation=globalisation,
                  numbers=line.text[2:10])


def _check_numbers(line: _Line, draft: _Draft) -> None:
    """StatementError unless the record carries the sequence and detail numbers of the movement being read."""
    sequence = _number(line, 2, 6, _SEQUENCE, "sequence")
    detail = _number(line, 6, 10, _DETAIL, "detail")
    if (sequence, detail) != (draft.sequence, draft.detail):
        raise _error(line, _("Ligne %(line)s : l'enregistrement %(record)s porte le mouvement %(found)s au lieu de "
                             "%(expected)s.", line=line.number, record=line.kind, found=_pair(sequence, detail),
                             expected=_pair(draft.sequence, draft.detail)), "sequence")


def _continue(line: _Line, draft: _Draft) -> None:
    """A record 22, 23 or 31-33 of the movement being read (same sequence and detail numbers)."""
    text = line.text
    if text[2:10] != draft.numbers:  # the 21's digits again (read as numbers only when they differ)
        _check_numbers(line, draft)
    if line.kind == "22":
        if not draft.structured:
            draft.free.append(text[10:63])
        draft.client_reference, draft.bic = text[63:98], text[98:109]
    elif line.kind == "23":
        draft.account, draft.name = _account(text[10:44]), text[47:82]
        if not draft.structured:
            draft.free.append(text[82:125])
    elif line.kind == "31":
        draft.information.append([text[40:113]])
    elif line.kind == "32":
        draft.information[-1].append(text[10:115])
    else:
        draft.information[-1].append(text[10:100])


def _close(draft: _Draft, total: _Draft | None, movements: list[Movement]) -> _Draft | None:
    """File the movement just read; returns the globalised movement still collecting details, if any."""
    if draft.detail > 0:
        if total is None or total.sequence != draft.sequence:
            raise StatementError(_("Ligne %(line)s : la ligne de détail %(detail)s du mouvement %(sequence)s suit "
                                   "un mouvement qui n'est pas globalisé.", line=draft.line, detail=draft.detail,
                                   sequence=draft.sequence), line=draft.line, field="detail")
        # a detail's own globalisation code (some banks mark the last detail with the total's level) changes
        # nothing; a sub-total of a second level would break the sum below and be refused there, clearly
        total.details.append(draft.movement())
        return total
    if total is not None:
        _finish(total, movements)
    if draft.globalisation > 0:
        return draft
    movements.append(draft.movement())
    return None


def _finish(total: _Draft, movements: list[Movement]) -> None:
    """A globalised movement with all its details: they must add up to its total."""
    found = sum((d.amount for d in total.details), Decimal(0))
    if total.details and found != total.amount:
        raise StatementError(_("Ligne %(line)s : les détails du mouvement globalisé %(sequence)s totalisent "
                               "%(details)s au lieu de %(total)s.", line=total.line, sequence=total.sequence,
                               details=found, total=total.amount), line=total.line, field="details")
    movements.append(total.movement())


def _check_trailer(trailer: _Line, counted: int, debits: Decimal, credits: Decimal) -> None:
    records = _number(trailer, 16, 22, _RECORDS, "records")
    if records != counted:
        raise _error(trailer, _("Ligne %(line)s : l'enregistrement final annonce %(found)s enregistrements, le relevé "
                                "en compte %(counted)s.", line=trailer.number, found=records, counted=counted),
                     "records")
    found = _money(_number(trailer, 22, 37, _DEBITS, "debits"))
    if found != debits:
        raise _error(trailer, _("Ligne %(line)s : l'enregistrement final annonce %(found)s de débits, les mouvements "
                                "en font %(counted)s.", line=trailer.number, found=found, counted=debits), "debits")
    found = _money(_number(trailer, 37, 52, _CREDITS, "credits"))
    if found != credits:
        raise _error(trailer, _("Ligne %(line)s : l'enregistrement final annonce %(found)s de crédits, les mouvements "
                                "en font %(counted)s.", line=trailer.number, found=found, counted=credits), "credits")


# ---- writing (tests, benchmark) ----

def _ddmmyy(day: date | None) -> str:
    return day.strftime("%d%m%y") if day else "000000"


def _thousandths(amount: Decimal) -> str:
    value = abs(amount) * 1000
    if value != value.to_integral_value() or value >= 10**15:
        raise ValueError(f"not a CODA amount: {amount}")
    return f"{int(value):015d}"


def _sign(amount: Decimal) -> str:
    return "1" if amount < 0 else "0"


def _fit(text: str, width: int) -> str:
    if len(text) > width:
        raise ValueError(f"longer than {width}: {text!r}")
    return text.ljust(width)


def _account_field(statement: Statement) -> tuple[str, str]:
    """The structure code and the 37 characters of account and currency (records 1 and 8)."""
    iban = statement.account_iban
    structure = "2" if iban.startswith("BE") and len(iban) == 16 else "3"
    return structure, _fit(iban, 34) + _fit(statement.currency, 3)


def _movement_records(m: Movement, statement_seq: int, globalised: bool) -> list[str]:
    if not (0 <= m.sequence <= 9999 and 0 <= m.detail <= 9999):
        raise ValueError(f"CODA numbers movements and details on four digits: {m.sequence}/{m.detail}")
    head = f"{m.sequence:04d}{m.detail:04d}"
    free = "" if m.structured_communication and not m.structured_communication.startswith("RF") \
        else m.free_communication
    if m.structured_communication and not m.structured_communication.startswith("RF"):
        communication = "1" + _fit("101" + m.structured_communication, 53)
    else:
        if m.structured_communication:  # CODA has no RF field here: the reference is written as free text
            free = (m.structured_communication + " " + free).strip()
        communication = "0" + _fit(free[:53], 53)
    _fit(free, 149)
    need22 = bool(free[53:106] or m.client_reference or m.counterparty_bic)
    need23 = bool(free[106:] or m.counterparty_iban or m.counterparty_name)
    info = m.information
    _fit(info, 268)
    records = ["21" + head + _fit(m.bank_reference, 21) + _sign(m.amount) + _thousandths(m.amount)
               + _ddmmyy(m.value_date) + _fit(m.transaction_code, 8) + communication + _ddmmyy(m.booking_date)
               + f"{statement_seq % 1000:03d}" + ("1" if globalised else "0") + ("1" if need22 or need23 else "0")
               + " " + ("1" if info else "0")]
    if need22 or need23:
        records.append("22" + head + _fit(free[53:106], 53) + _fit(m.client_reference, 35)
                       + _fit(m.counterparty_bic, 11) + " " * 16 + ("1" if need23 else "0") + " "
                       + ("1" if info and not need23 else "0"))
    if need23:
        records.append("23" + head + _fit(m.counterparty_iban, 34) + "EUR" + _fit(m.counterparty_name, 35)
                       + _fit(free[106:], 43) + "  " + ("1" if info else "0"))
    if info:
        parts = [info[:73], info[73:178], info[178:]]
        more32, more33 = bool(parts[1] or parts[2]), bool(parts[2])
        records.append("31" + head + _fit(m.bank_reference, 21) + _fit(m.transaction_code, 8) + "0"
                       + _fit(parts[0], 73) + " " * 12 + ("1" if more32 else "0") + " 0")
        if more32:
            records.append("32" + head + _fit(parts[1], 105) + " " * 10 + ("1" if more33 else "0") + " 0")
        if more33:
            records.append("33" + head + _fit(parts[2], 90) + " " * 25 + "0 0")
    return records


def write(statements: Sequence[Statement], *, created: date | None = None, newline: str = "\r\n") -> str:
    """The statements as a CODA 2 file's text (encode it as the bank would: cp850, latin-1 or UTF-8).

    Texts must fit their fields (free communication 149, name 35, information 268 characters) and amounts be
    whole thousandths; a movement's information must not begin or end with spaces to read back the same."""
    out: list[str] = []
    for s in statements:
        day = created or s.closing_date
        structure, account = _account_field(s)
        records = ["0" + "0000" + _ddmmyy(day) + "000" + "05" + " " + " " * 7 + _fit("", 10) + _fit(s.holder[:26], 26)
                   + " " * 11 + " " * 11 + " " + "00000" + " " * 16 + " " * 16 + " " * 7 + "2",
                   "1" + structure + f"{s.sequence % 1000:03d}" + account + _sign(s.opening_balance)
                   + _thousandths(s.opening_balance) + _ddmmyy(s.opening_date) + _fit(s.holder, 26) + " " * 35
                   + f"{s.sequence % 1000:03d}"]
        debits = credits = Decimal(0)
        for m in s.movements:
            records += _movement_records(m, s.sequence, bool(m.details))
            for n, d in enumerate(m.details, 1):
                records += _movement_records(replace(d, sequence=m.sequence, detail=n), s.sequence, False)
            if m.amount < 0:
                debits -= m.amount
            else:
                credits += m.amount
        records.append("8" + f"{s.sequence % 1000:03d}" + account + _sign(s.closing_balance)
                       + _thousandths(s.closing_balance) + _ddmmyy(s.closing_date) + " " * 64
                       + ("1" if s.messages else "0"))
        for n, message in enumerate(s.messages, 1):
            records.append("4 " + f"{n:04d}0000" + " " * 22 + _fit(message, 80) + " " * 15
                           + ("1" if n < len(s.messages) else "0"))
        counted = sum(1 for r in records if (r[:2] if r[0] in "23" else r[0]) in _COUNTED)
        records.append("9" + " " * 15 + f"{counted:06d}" + _thousandths(debits) + _thousandths(credits) + " " * 75
                       + "2")
        for r in records:
            assert len(r) == RECORD, (len(r), r)
        out += records
    return newline.join(out) + newline
