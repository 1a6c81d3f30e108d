"""Properties of the allocation made by the approval use case, on real rows: exact sums, no impossible amount,
the same cents whatever order the lots and owners were recorded in."""
from __future__ import annotations

import uuid
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.charges import expense_lifecycle as life
from domain.charges import expenses
from tests.factories import actor, make_building, make_org, make_user

# a lot: (quota, holders) where holders is a list of (kind, share numerator) over a common denominator
_holders = st.one_of(
    st.just([("full", 1, 1)]),
    st.integers(2, 4).map(lambda n: [("full", 1, n)] * n),
    st.just([("usufruct", 1, 1), ("bare", 1, 2), ("bare", 1, 2)]),
    st.just([("full", 1, 3), ("full", 2, 3)]),
)
_lots = st.lists(st.tuples(st.integers(1, 500), _holders), min_size=1, max_size=6)
_totals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
_settings = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


async def _allocate(conn, lots, total, nature, order):
    """Record lots and rights in `order` (fixed ids), approve an expense, return {(unit, owner): cents}."""
    tr = conn.transaction()
    await tr.start()
    try:
        org = await make_org(conn)
        syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
        building = await make_building(conn, org)
        for index in order:
            unit_id, quota, holders = lots[index]
            await conn.execute("INSERT INTO units (id, organization_id, building_id, number, unit_type, quota) "
                               "VALUES ($1, $2, $3, $4, 'apartment', $5)", unit_id, org.id, building.id,
                               f"{index + 1}", quota)
            # owners, too, are recorded in another order when the lots are
            for owner_id, kind, num, den in reversed(holders) if order[0] else holders:
                await conn.execute("INSERT INTO owners (id, organization_id, last_name) VALUES ($1, $2, 'X') "
                                   "ON CONFLICT DO NOTHING", owner_id, org.id)
                await conn.execute("INSERT INTO unit_owners (organization_id, unit_id, owner_id, right_kind, "
                                   "share_num, share_den, start_date) VALUES ($1, $2, $3, $4, $5, $6, '2020-01-01')",
                                   org.id, unit_id, owner_id, kind, num, den)
        draft = await expenses.create_expense(conn, syndic, {
            "category": "works" if nature == "works" else "maintenance", "description": "Propriété",
            "amount_excl_vat": str(total), "invoice_date": "2026-06-01"}, building.id)
        await life.approve_expense(conn, syndic, draft.id)
        rows = await conn.fetch("SELECT unit_id, owner_id, amount FROM charge_lines WHERE expense_id = $1", draft.id)
        lot_rows = await conn.fetch("SELECT amount FROM expense_lot_shares WHERE expense_id = $1", draft.id)
        return {(r["unit_id"], r["owner_id"]): r["amount"] for r in rows}, [r["amount"] for r in lot_rows]
    finally:
        await tr.rollback()


def _with_ids(lots):
    """Give every lot and holder a fixed id so two recordings can be compared."""
    return [(uuid.uuid4(), quota, [(uuid.uuid4(), kind, num, den) for kind, num, den in holders])
            for quota, holders in lots]


@_settings
@given(lots=_lots, total=_totals, nature=st.sampled_from(["ordinary", "works"]), data=st.data())
async def test_allocation_sums_exactly_and_ignores_recording_order(conn, lots, total, nature, data):
    fixed = _with_ids(lots)
    order = data.draw(st.permutations(range(len(fixed))))
    first, first_lots = await _allocate(conn, fixed, total, nature, list(range(len(fixed))))
    second, _ = await _allocate(conn, fixed, total, nature, list(order))
    assert sum(first.values()) == total and sum(first_lots) == total
    assert all(amount >= 0 and amount <= total for amount in first.values())
    assert first == second
    payers = {"ordinary": {"full", "usufruct"}, "works": {"full", "bare"}}[nature]
    expected = {(u, o) for u, _q, holders in fixed for o, kind, _n, _d in holders if kind in payers}
    assert set(first) == expected
