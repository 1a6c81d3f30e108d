"""Bank statements and their movements: the import's reads and writes, the lists, the "to assign" queue."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Account:
    """A fund of the building and the bank account it is paid into."""
    fund_id: UUID
    kind: str
    iban: str


@dataclass(frozen=True)
class Last:
    id: UUID
    sequence: int
    closing_balance: Decimal
    closing_date: date


@dataclass(frozen=True)
class StoredStatement:
    id: UUID
    building_id: UUID
    fund_id: UUID
    iban: str
    format: str
    sequence: int
    opening_balance: Decimal
    opening_date: date
    closing_balance: Decimal
    closing_date: date
    movements: int
    imported_at: datetime
    matched: int


@dataclass(frozen=True)
class StoredMovement:
    id: UUID
    statement_id: UUID
    line_no: int
    building_id: UUID
    iban: str
    fund_kind: str
    booking_date: date
    value_date: date | None
    amount: Decimal
    counterparty_name: str
    counterparty_iban: str
    structured_communication: str
    free_communication: str
    bank_reference: str
    state: str
    rule: str | None
    owner_id: UUID | None
    owner_name: str | None
    expense_id: UUID | None
    expense_label: str | None
    proposed_owner_id: UUID | None
    proposed_owner_name: str | None
    payment_id: UUID | None
    entry_id: UUID


@dataclass(frozen=True)
class Payable:
    """An approved expense not yet paid: what an outgoing movement may pay."""
    id: UUID
    total: Decimal
    supplier: str | None
    invoice_number: str | None
    description: str


@dataclass(frozen=True)
class Reference:
    reference: int
    owner_id: UUID


@dataclass(frozen=True)
class KnownIban:
    iban: str
    owner_id: UUID


@dataclass(frozen=True)
class NewMovement:
    """A movement to write (its id is the table's default: nothing reads it back during the import)."""
    line_no: int
    booking_date: date
    value_date: date | None
    amount: Decimal
    counterparty_name: str
    counterparty_iban: str
    structured_communication: str
    free_communication: str
    bank_reference: str
    state: str
    rule: str | None
    owner_id: UUID | None
    expense_id: UUID | None
    proposed_owner_id: UUID | None
    payment_id: UUID | None
    entry_id: UUID


_account = reader(Account)
_payable = reader(Payable)
_last = reader(Last)
_statement = reader(StoredStatement)
_movement = reader(StoredMovement)
_reference = reader(Reference)
_known = reader(KnownIban)

_ACCOUNTS = """
SELECT f.id AS fund_id, f.kind, f.iban FROM funds f JOIN buildings b
    ON b.organization_id = f.organization_id AND b.id = f.building_id
WHERE f.organization_id = $1 AND f.building_id = $2 ORDER BY f.account_code
"""
# one import per account at a time: the next statement's opening balance is read after the lock
_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':bank:' || $2::text || ':' || $3::text, 0))"
_LAST = """
SELECT id, sequence, closing_balance, closing_date FROM bank_statements
WHERE organization_id = $1 AND building_id = $2 AND iban = $3 ORDER BY closing_date DESC, sequence DESC LIMIT 1
"""
_EXISTING = """
SELECT id FROM bank_statements
WHERE organization_id = $1 AND building_id = $2 AND iban = $3 AND closing_date = $4 AND sequence = $5
"""
_INSERT_STATEMENT = """
INSERT INTO bank_statements (organization_id, building_id, fund_id, iban, format, sequence, opening_balance,
                             opening_date, closing_balance, closing_date, movements, imported_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id
"""
# the movements and the payments by COPY (the binary protocol: no arrays to unnest)
_MOVEMENT_COLUMNS_COPY = ("organization_id", "statement_id", "building_id", "line_no", "booking_date",
                          "value_date", "amount", "counterparty_name", "counterparty_iban",
                          "structured_communication", "free_communication", "bank_reference", "state", "rule",
                          "owner_id", "expense_id", "proposed_owner_id", "payment_id", "entry_id")
# the owners paying the building with these references (any fund of it)
_REFERENCES = """
SELECT reference, owner_id FROM payment_references
WHERE organization_id = $1 AND building_id = $2 AND reference = ANY($3::bigint[])
"""
# the payers' accounts already seen paying for exactly one owner of the building
_KNOWN_IBANS = """
SELECT counterparty_iban AS iban, min(owner_id::text)::uuid AS owner_id FROM bank_movements
WHERE organization_id = $1 AND building_id = $2 AND state = 'matched' AND counterparty_iban <> ''
  AND counterparty_iban = ANY($3::text[])
GROUP BY counterparty_iban HAVING count(DISTINCT owner_id) = 1
"""
_PAYMENT_COLUMNS_COPY = ("id", "organization_id", "building_id", "owner_id", "amount", "paid_on", "reference",
                         "created_by")
_DELETE_PAYMENT = "DELETE FROM owner_payments WHERE organization_id = $1 AND id = $2"
_OWNER_OF_BUILDING = """
SELECT EXISTS (SELECT 1 FROM unit_owners r JOIN units u ON u.organization_id = r.organization_id AND u.id = r.unit_id
               WHERE r.organization_id = $1 AND r.owner_id = $2 AND u.building_id = $3)
"""
_MATCHED = "(SELECT count(*) FROM bank_movements m WHERE m.organization_id = s.organization_id " \
           "AND m.statement_id = s.id AND m.state = 'matched')::int AS matched"
_STATEMENT_COLUMNS = ("s.id, s.building_id, s.fund_id, s.iban, s.format, s.sequence, s.opening_balance, "
                      "s.opening_date, s.closing_balance, s.closing_date, s.movements, s.imported_at, " + _MATCHED)
_LIST = f"""
SELECT {_STATEMENT_COLUMNS} FROM bank_statements s WHERE s.organization_id = $1 AND s.building_id = $2
ORDER BY s.closing_date DESC, s.sequence DESC LIMIT $3
"""
_GET = f"SELECT {_STATEMENT_COLUMNS} FROM bank_statements s WHERE s.organization_id = $1 AND s.id = $2"
_NAME = "coalesce({o}.company_name, concat_ws(' ', {o}.first_name, {o}.last_name))"
_MOVEMENT_COLUMNS = f"""
m.id, m.statement_id, m.line_no, m.building_id, s.iban, f.kind AS fund_kind, m.booking_date, m.value_date, m.amount,
m.counterparty_name, m.counterparty_iban, m.structured_communication, m.free_communication, m.bank_reference,
m.state, m.rule, m.owner_id, {_NAME.format(o="o")} AS owner_name, m.expense_id,
concat_ws(' — ', e.supplier, e.invoice_number, e.description) AS expense_label, m.proposed_owner_id,
{_NAME.format(o="po")} AS proposed_owner_name, m.payment_id, m.entry_id
FROM bank_movements m
JOIN bank_statements s ON s.organization_id = m.organization_id AND s.id = m.statement_id
JOIN funds f ON f.organization_id = s.organization_id AND f.id = s.fund_id
LEFT JOIN owners o ON o.organization_id = m.organization_id AND o.id = m.owner_id
LEFT JOIN owners po ON po.organization_id = m.organization_id AND po.id = m.proposed_owner_id
LEFT JOIN expenses e ON e.organization_id = m.organization_id AND e.id = m.expense_id
"""
_OF_STATEMENT = f"SELECT {_MOVEMENT_COLUMNS} WHERE m.organization_id = $1 AND m.statement_id = $2 ORDER BY m.line_no"
_UNMATCHED = f"""
SELECT {_MOVEMENT_COLUMNS} WHERE m.organization_id = $1 AND m.building_id = $2 AND m.state <> 'matched'
ORDER BY m.booking_date, s.sequence, m.line_no LIMIT $3
"""
_MOVEMENT = f"SELECT {_MOVEMENT_COLUMNS} WHERE m.organization_id = $1 AND m.id = $2"
_MOVEMENT_FOR_UPDATE = f"SELECT {_MOVEMENT_COLUMNS} WHERE m.organization_id = $1 AND m.id = $2 FOR UPDATE OF m"
_REMATCH = """
UPDATE bank_movements SET state = $3, rule = $4, owner_id = $5, proposed_owner_id = $6, payment_id = $7,
                          entry_id = $8, expense_id = $9
WHERE organization_id = $1 AND id = $2
"""
# the building's approved expenses not yet paid, of these amounts (an outgoing movement pays one)
_PAYABLES = """
SELECT id, total, supplier, invoice_number, description FROM expenses
WHERE organization_id = $1 AND building_id = $2 AND status = 'approved' AND total = ANY($3::numeric[])
ORDER BY invoice_date, id
"""
_PAYABLE = """
SELECT id, total, supplier, invoice_number, description FROM expenses
WHERE organization_id = $1 AND building_id = $2 AND id = $3 AND status = 'approved'
"""
# a supplier payment undone: the expense is approved and unpaid again
_UNPAY = """
UPDATE expenses SET status = 'approved', paid_on = NULL, payment_reference = NULL
WHERE organization_id = $1 AND id = $2 AND status = 'paid'
"""


async def accounts(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Account]:
    return [_account(r) for r in await conn.fetch(_ACCOUNTS, org_id, building_id)]


async def lock_account(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, iban: str) -> None:
    await conn.execute(_LOCK, str(org_id), str(building_id), iban)


async def last_statement(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, iban: str) -> Last | None:
    row = await conn.fetchrow(_LAST, org_id, building_id, iban)
    return _last(row) if row else None


async def existing(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, iban: str, closing_date: date,
                   sequence: int) -> UUID | None:
    found: UUID | None = await conn.fetchval(_EXISTING, org_id, building_id, iban, closing_date, sequence)
    return found


async def insert_statement(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, fund_id: UUID, iban: str,
                           fmt: str, sequence: int, opening: Decimal, opening_date: date, closing: Decimal,
                           closing_date: date, movements: int, user_id: UUID | None) -> UUID:
    new_id: UUID = await conn.fetchval(_INSERT_STATEMENT, org_id, building_id, fund_id, iban, fmt, sequence,
                                       opening, opening_date, closing, closing_date, movements, user_id)
    return new_id


async def insert_movements(conn: asyncpg.Connection, org_id: UUID, statement_id: UUID, building_id: UUID,
                           rows: list[NewMovement]) -> None:
    await conn.copy_records_to_table("bank_movements", columns=_MOVEMENT_COLUMNS_COPY, records=[
        (org_id, statement_id, building_id, r.line_no, r.booking_date, r.value_date, r.amount,
         r.counterparty_name, r.counterparty_iban, r.structured_communication, r.free_communication,
         r.bank_reference, r.state, r.rule, r.owner_id, r.expense_id, r.proposed_owner_id, r.payment_id, r.entry_id)
        for r in rows])


async def owners_by_reference(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                              references: list[int]) -> dict[int, UUID]:
    return {x.reference: x.owner_id for x in map(_reference, await conn.fetch(_REFERENCES, org_id, building_id,
                                                                             references))}


async def owners_by_iban(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                         ibans: list[str]) -> dict[str, UUID]:
    return {x.iban: x.owner_id for x in map(_known, await conn.fetch(_KNOWN_IBANS, org_id, building_id, ibans))}


async def insert_payments(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, user_id: UUID | None,
                          rows: list[tuple[UUID, UUID, Decimal, date, str]]) -> None:
    """Owner payments (id, owner, amount, day, reference): the owner's ledger shows them."""
    await conn.copy_records_to_table("owner_payments", columns=_PAYMENT_COLUMNS_COPY, records=[
        (payment_id, org_id, building_id, owner_id, amount, day, reference, user_id)
        for payment_id, owner_id, amount, day, reference in rows])


async def delete_payment(conn: asyncpg.Connection, org_id: UUID, payment_id: UUID) -> None:
    await conn.execute(_DELETE_PAYMENT, org_id, payment_id)


async def owner_of_building(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, building_id: UUID) -> bool:
    return bool(await conn.fetchval(_OWNER_OF_BUILDING, org_id, owner_id, building_id))


async def statements(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                     limit: int = 200) -> list[StoredStatement]:
    return [_statement(r) for r in await conn.fetch(_LIST, org_id, building_id, limit)]


async def statement(conn: asyncpg.Connection, org_id: UUID, statement_id: UUID) -> StoredStatement | None:
    row = await conn.fetchrow(_GET, org_id, statement_id)
    return _statement(row) if row else None


async def movements(conn: asyncpg.Connection, org_id: UUID, statement_id: UUID) -> list[StoredMovement]:
    return [_movement(r) for r in await conn.fetch(_OF_STATEMENT, org_id, statement_id)]


async def unmatched(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                    limit: int = 500) -> list[StoredMovement]:
    return [_movement(r) for r in await conn.fetch(_UNMATCHED, org_id, building_id, limit)]


async def movement(conn: asyncpg.Connection, org_id: UUID, movement_id: UUID, *,
                   for_update: bool = False) -> StoredMovement | None:
    row = await conn.fetchrow(_MOVEMENT_FOR_UPDATE if for_update else _MOVEMENT, org_id, movement_id)
    return _movement(row) if row else None


async def rematch(conn: asyncpg.Connection, org_id: UUID, movement_id: UUID, state: str, rule: str | None,
                  owner_id: UUID | None, proposed_owner_id: UUID | None, payment_id: UUID | None,
                  entry_id: UUID, expense_id: UUID | None = None) -> None:
    await conn.execute(_REMATCH, org_id, movement_id, state, rule, owner_id, proposed_owner_id, payment_id, entry_id,
                       expense_id)


async def payables(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                   amounts: list[Decimal]) -> list[Payable]:
    return [_payable(r) for r in await conn.fetch(_PAYABLES, org_id, building_id, amounts)]


async def payable(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, expense_id: UUID) -> Payable | None:
    row = await conn.fetchrow(_PAYABLE, org_id, building_id, expense_id)
    return _payable(row) if row else None


async def unpay(conn: asyncpg.Connection, org_id: UUID, expense_id: UUID) -> None:
    await conn.execute(_UNPAY, org_id, expense_id)


_WITH_ACCOUNT = "SELECT id FROM owners WHERE organization_id = $1 AND id = ANY($2::uuid[]) AND user_id IS NOT NULL"


async def owners_with_account(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> set[UUID]:
    """The owners among these who have a user account (the only ones a notice reaches)."""
    return {r["id"] for r in await conn.fetch(_WITH_ACCOUNT, org_id, owner_ids)}
