"""What a bank statement says, whatever its format (CODA or CAMT.053): the account, the opening and closing
balances, and the movements between them. Pure data and the checks on it, no I/O (see ACCOUNTING.md).

Amounts are exact `Decimal`s, signed from the account's side: a credit (money in) is positive, a debit negative.
A globalised (batch) movement carries its detail movements in `details`: the total counts in the balance, the
details say who paid what — `Statement.payments()` gives the details instead of their total, never both.

Readers raise `StatementError`: an `Invalid` on the field `file`, whose French message names the line (CODA) or
the element (CAMT) at fault."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.errors import Invalid
from domain.i18n import Msg, _

MAX_BYTES = 10 * 1024 * 1024  # a statement file larger than this is refused before it is read
CODA = "coda"
CAMT053 = "camt.053"


class StatementError(Invalid):
    """A statement file that cannot be read: the message names the line or the element and the field."""

    def __init__(self, message: Msg, *, line: int | None = None, element: str | None = None,
                 field: str | None = None) -> None:
        super().__init__({"file": message})
        self.message = message
        self.line = line
        self.element = element
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Movement:
    """One movement on the account (or one detail of a globalised movement). Texts are empty when absent."""

    sequence: int
    booking_date: date
    value_date: date | None
    amount: Decimal  # signed: + credit (money in), - debit (money out)
    counterparty_name: str = ""
    counterparty_iban: str = ""  # compact, capitals; an older account number as given when it is no IBAN
    counterparty_bic: str = ""
    structured_communication: str = ""  # the 12 digits of a valid BE OGM, or a valid ISO 11649 RF reference
    free_communication: str = ""
    bank_reference: str = ""
    client_reference: str = ""  # CODA client reference, CAMT EndToEndId
    transaction_code: str = ""
    information: str = ""  # CODA information records 31-33, CAMT AddtlNtryInf / AddtlTxInf
    detail: int = 0  # 0 for a movement, n for the n-th detail of a globalised one
    reversal: bool = False
    details: tuple[Movement, ...] = ()

    @property
    def is_credit(self) -> bool:
        return self.amount > 0

    @property
    def is_globalised(self) -> bool:
        return bool(self.details)


@dataclass(frozen=True)
class Statement:
    """One statement of one account: opening + the movements = closing when it reconciles."""

    format: str  # CODA or CAMT053
    account_iban: str  # compact, capitals
    currency: str
    sequence: int
    opening_balance: Decimal
    opening_date: date
    closing_balance: Decimal
    closing_date: date
    movements: tuple[Movement, ...] = ()
    holder: str = ""
    messages: tuple[str, ...] = ()  # CODA free messages (record 4), CAMT AddtlStmtInf

    def movements_total(self) -> Decimal:
        """The sum of the movements, each globalised movement counted once (its total, not its details)."""
        return sum((m.amount for m in self.movements), Decimal(0))

    def reconciles(self) -> bool:
        """Opening balance + movements = closing balance, to the thousandth."""
        return self.opening_balance + self.movements_total() == self.closing_balance

    def difference(self) -> Decimal:
        """What the movements fail to explain: closing - opening - movements (0 when it reconciles)."""
        return self.closing_balance - self.opening_balance - self.movements_total()

    def payments(self) -> Iterator[Movement]:
        """The movements to match, one per payer: a globalised movement's details instead of its total."""
        for movement in self.movements:
            if movement.details:
                yield from movement.details
            else:
                yield movement

    def credits(self) -> Decimal:
        return sum((m.amount for m in self.movements if m.amount > 0), Decimal(0))

    def debits(self) -> Decimal:
        """The total of the debits, as a positive amount."""
        return -sum((m.amount for m in self.movements if m.amount < 0), Decimal(0))


# ---- structured communications (ACCOUNTING.md: BE OGM/VCS mod 97; ISO 11649 RF creditor reference) ----

_OGM_TEXT = re.compile(r"^[+*]{0,3}\s*(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})\s*[+*]{0,3}$")
_RF = re.compile(r"^RF(\d{2})([0-9A-Z]{1,21})$")
_OGM_IN_TEXT = re.compile(r"(?<!\d)(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})(?!\d)")
_RF_START = re.compile(r"\bRF\d{2}", re.I)
_RF_GROUPS = re.compile(r"(?:[ ]?[0-9A-Za-z]+)*")


def ogm_ok(digits: str) -> bool:
    """Twelve digits whose last two are the first ten mod 97 (97 for a remainder of 0)."""
    if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
        return False
    return int(digits[10:]) == (int(digits[:10]) % 97 or 97)


def rf_ok(reference: str) -> bool:
    """ISO 11649: RF, two check digits, up to 21 letters or digits; moved to the end, letters as numbers, mod 97 = 1."""
    text = "".join(reference.split()).upper()
    if not _RF.fullmatch(text):
        return False
    moved = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def structured_reference(text: str) -> str | None:
    """The normalised structured reference `text` is (12 digits of an OGM, or `RF…` compact), or None.

    Accepts the OGM as `+++ddd/dddd/ddddd+++`, `***…***`, with spaces or as bare digits."""
    raw = (text or "").strip()
    found = _OGM_TEXT.fullmatch(raw)
    if found and ogm_ok("".join(found.groups())):
        return "".join(found.groups())
    compact = "".join(raw.split()).upper()
    if rf_ok(compact):
        return compact
    return None


def find_structured(text: str) -> str | None:
    """The first valid structured reference written somewhere in a free text (an OGM or an RF reference)."""
    for found in _OGM_IN_TEXT.finditer(text or ""):
        digits = "".join(found.groups())
        if ogm_ok(digits):
            return digits
    for start in _RF_START.finditer(text or ""):
        groups = _RF_GROUPS.match(text, start.end())
        words = groups.group(0).split() if groups else []
        # the longest run of whole words after RFdd that checks (a word of the sentence may follow the reference)
        for n in range(len(words), 0, -1):
            candidate = (start.group(0) + "".join(words[:n])).upper()
            if len(candidate) <= 25 and rf_ok(candidate):
                return candidate
    return None


def format_ogm(digits: str) -> str:
    """+++ddd/dddd/ddddd+++ for twelve digits (as printed on a transfer form)."""
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def too_large(size: int) -> StatementError:
    """The refusal of a file above MAX_BYTES."""
    return StatementError(_("Le fichier dépasse la taille admise de %(limit)s Mo.", limit=MAX_BYTES // (1024 * 1024)),
                          field="size")


def check_size(data: bytes) -> None:
    """Refuse a file above MAX_BYTES before reading it."""
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
