"""The charges' earlier rows posted into the books once (migration 0101's function): every owner's balance is the
same before and after, and a second run posts nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from domain.access import require
from domain.charges import expense_lifecycle as life
from domain.charges import expenses
from queries.charges import expenses as qe
from queries.charges import owner_ledger as ql
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

_LEGACY_BALANCES = """
SELECT owner_id, building_id, sum(amount) AS balance FROM (
    SELECT owner_id, building_id, amount FROM charge_lines WHERE organization_id = $1
    UNION ALL SELECT owner_id, building_id, -amount FROM owner_payments WHERE organization_id = $1
    UNION ALL SELECT owner_id, building_id, amount FROM opening_balances WHERE organization_id = $1) x
GROUP BY owner_id, building_id ORDER BY owner_id, building_id
"""
_BOOK_BALANCES = """
SELECT owner_id, building_id, sum(debit - credit) AS balance FROM entry_lines
WHERE organization_id = $1 AND owner_id IS NOT NULL GROUP BY owner_id, building_id ORDER BY owner_id, building_id
"""


async def _legacy_expense(conn, syndic, building, amount: str, day: str):  # type: ignore[no-untyped-def]
    """An expense approved and allocated the way the charges did before the books (nothing posted)."""
    draft = await expenses.create_expense(conn, syndic, {"category": "insurance", "description": "Assurance",
                                                         "amount_excl_vat": amount, "invoice_date": day,
                                                         "supplier": "AG Assur"}, building.id)
    allocation = await life.allocation_of(conn, draft)
    await qe.approve(conn, draft.organization_id, draft.id, syndic.user_id)
    await life._store(conn, draft, allocation)
    return draft


async def test_every_owner_balance_is_the_same_after_the_take_over(conn) -> None:
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org)
    owners = [await make_owner(conn, org) for _ in range(3)]
    for i, owner in enumerate(owners):
        await give_right(conn, org, await make_unit(conn, org, building, str(i + 1), quota=300 + 50 * i), owner)
    await _legacy_expense(conn, syndic, building, "1000.00", "2025-11-01")
    paid = await _legacy_expense(conn, syndic, building, "333.33", "2026-02-01")
    await qe.mark_paid(conn, org.id, paid.id, date(2026, 3, 1), "VIR-1")
    member = require(syndic, "payment.record", building.id)
    await ql.insert_payment(conn, org.id, building.id, owners[0]["id"], D("120.00"), date(2026, 3, 5), "VCS",
                            member.user_id, member.role)
    await ql.insert_opening_balances(conn, org.id, building.id, syndic.user_id,
                                     [(owners[1]["id"], D("-45.10"), date(2025, 1, 1)),
                                      (owners[2]["id"], D("80.00"), date(2025, 1, 1))])
    # and one posted the new way, which the take-over must leave alone
    await life.approve_expense(conn, syndic, (await expenses.create_expense(conn, syndic, {
        "category": "water", "description": "Eau", "amount_excl_vat": "90.00", "invoice_date": "2026-04-01"},
        building.id)).id)
    before = [tuple(r) for r in await conn.fetch(_LEGACY_BALANCES, org.id)]
    # 2 purchases, 2 allocations, 2 payments, 2 openings
    assert await conn.fetchval("SELECT accounting_take_over($1)", org.id) == 8
    assert [tuple(r) for r in await conn.fetch(_BOOK_BALANCES, org.id)] == before
    assert await conn.fetchval("SELECT accounting_take_over($1)", org.id) == 0
    numbers = await conn.fetch("SELECT j.code, e.number FROM journal_entries e JOIN journals j ON j.id = e.journal_id"
                               " WHERE e.organization_id = $1 AND e.entry_date >= '2026-01-01'"
                               " ORDER BY j.code, e.number", org.id)
    assert [(r["code"], r["number"]) for r in numbers] == [("ACH", 1), ("ACH", 2), ("BQ1", 1), ("BQ1", 2),
                                                           ("OD", 1), ("OD", 2)]
    assert await conn.fetchval("SELECT sum(debit) - sum(credit) FROM entry_lines WHERE organization_id = $1",
                               org.id) == 0
