"""The bank's figure (part of `make bench` through load/books.py): a CODA file of 10,000 movements for one account,
read, imported and matched in one call of the use case (target ≤ 2 s).

On a bench building, in a transaction rolled back afterwards (every sample starts from the same data): a working
fund with its IBAN, a call issued (so each owner has a structured communication), then a statement written by the
CODA writer whose movements pay it — 80 % with the owner's structured communication, 10 % with it in the free
text, 5 % unknown payers (suspense), 5 % money out (suspense) — timed from the file's bytes to the matched rows.
"""
from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.access import Actor

IBAN = "BE68539007547034"
_HELD_TOTAL = """
UPDATE buildings b SET total_quota = (
    SELECT sum(u.quota) FROM units u WHERE u.organization_id = b.organization_id AND u.building_id = b.id
       AND EXISTS (SELECT 1 FROM unit_owners r WHERE r.organization_id = u.organization_id AND r.unit_id = u.id
                      AND r.start_date <= '2027-01-31' AND (r.end_date IS NULL OR r.end_date > '2027-01-31')))
WHERE b.organization_id = $1 AND b.id = $2
"""


def _ogm(reference: int) -> str:
    return f"{reference:010d}{reference % 97 or 97:02d}"


def coda_paying(references: list[int], n: int, day: date, per_statement: int = 5000) -> bytes:
    """A CODA file for one account of n movements paying these references, as cp850 bytes: statements of
    `per_statement` movements (CODA numbers a statement's movements on four digits), numbered from 1 on the days
    before `day`, the first opening at 0."""
    from domain.rules import coda
    statements = []
    opening = Decimal(0)
    count = -(-n // per_statement)
    for k in range(count):
        size = min(per_statement, n - k * per_statement)
        s = _statement(references, k + 1, size, day - timedelta(days=count - 1 - k), opening)
        statements.append(s)
        opening = s.closing_balance
    return coda.write(statements).encode("cp850")


def _statement(references: list[int], sequence: int, n: int, day: date, opening: Decimal) -> Any:
    from domain.rules.bank_statement import CODA, Movement, Statement
    moves = []
    for i in range(1, n + 1):
        ref = _ogm(references[i % len(references)])
        amount = Decimal(50 + i % 400) + Decimal(i % 100) / 100
        if i % 20 == 0:
            moves.append(Movement(i, day, day, -amount, "Fournisseur SA", "BE48735038052427",
                                  free_communication=f"Facture X{i}"))
        elif i % 20 == 1:
            moves.append(Movement(i, day, day, amount, f"Inconnu {i}", "BE56001234567888", free_communication="?"))
        elif i % 10 == 2:
            moves.append(Movement(i, day, day, amount, f"Payeur {i % 50}", f"BE{10 + i % 80:02d}0961234567{i % 10}",
                                  free_communication=f"provision +++{ref[:3]}/{ref[3:7]}/{ref[7:]}+++"))
        else:
            moves.append(Movement(i, day, day, amount, f"Payeur {i % 50}", "BE71096123456769",
                                  structured_communication=ref))
    total = sum((m.amount for m in moves), Decimal(0))
    return Statement(CODA, IBAN, "EUR", sequence, opening, day - timedelta(days=1), opening + total, day,
                     tuple(moves), holder="ACP Bench")


async def sample(conn: Any, actor: Actor, building_id: UUID, n: int = 10_000) -> tuple[float, float, int]:
    """(wall ms, app CPU ms, movements matched) of one import of n movements, rolled back."""
    from domain.bank import statements as bank
    from domain.calls import calls, funds
    tr = conn.transaction()
    await tr.start()
    try:
        # the bench's lots need not add up to the building's total: the call shares what is held that month
        await conn.execute(_HELD_TOTAL, actor.org_id, building_id)
        await funds.create_fund(conn, actor, building_id, {"kind": "working", "iban": IBAN})
        made = await calls.create_call(conn, actor, building_id, {
            "kind": "ordinary", "label": "Bench", "total": "10000.00", "call_date": "2027-01-01",
            "due_date": "2027-01-31"})
        assert made.id is not None
        view = await calls.issue_call(conn, actor, made.id)
        data = coda_paying(sorted(view.references.values()), n, date(2027, 1, 20))
        wall, cpu = time.perf_counter(), time.process_time()
        done = await bank.import_statements(conn, actor, building_id, data)
        return ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, sum(d.matched for d in done))
    finally:
        await tr.rollback()
