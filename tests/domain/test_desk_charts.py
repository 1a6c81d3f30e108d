"""The desk's charts' figures: what an owner owes is aged by the charges left unpaid (payments settle the oldest
first), and a building's approved charges by category and year; the SVG geometry stays within the drawing."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.charges import expense_lifecycle as life
from domain.charges import expenses, owner_ledger
from domain.desk import desk
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user
from web import charts


async def test_arrears_are_aged_by_the_unpaid_charges(conn):
    org = await make_org(conn)
    me = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building, quota=1000)
    owner = await make_owner(conn, org)
    await give_right(conn, org, unit, owner)
    today = date.today()
    for amount, age in ((100, 100), (50, 10)):
        e = await expenses.create_expense(conn, me, {"building_id": str(building.id), "category": "Maintenance",
                                                     "description": "Entretien", "amount": amount,
                                                     "expense_date": (today - timedelta(days=age)).isoformat()})
        await life.approve_expense(conn, me, e.id)
    await owner_ledger.record_payment(conn, me, building.id, {"owner_id": str(owner["id"]), "amount": "60",
                                                               "paid_on": today.isoformat()})
    found = await desk.charts(conn, me, building.id, today)
    assert [(b.bucket, b.amount, b.owners) for b in found.arrears] == [(0, Decimal("50.00"), 1),
                                                                       (3, Decimal("40.00"), 1)]
    assert desk.total(found.arrears) == Decimal("90.00")
    years = {(r.year, r.category): r.amount for r in found.by_category}
    assert sum(years.values()) == Decimal("150.00")
    other = await make_org(conn)
    stranger = actor(await make_user(conn, other, "syndic"), other, "syndic")
    assert (await desk.charts(conn, stranger, None, today)).arrears == []


def test_the_stacked_bars_fit_the_drawing() -> None:
    rows = [(2024, "water", Decimal("1200.50")), (2024, "lift", Decimal("800")), (2025, "water", Decimal("1500"))]
    drawn = charts.stacked_by_year(rows, {"water": "Eau", "lift": "Ascenseur"})
    assert drawn is not None and [y for _x, y, _s in drawn.years] == [2024, 2025]
    assert all(0 <= b.y and b.y + b.h <= drawn.baseline + 0.2 and b.x + b.w <= drawn.width for b in drawn.bars)
    assert drawn.ticks[-1][1] >= Decimal("2000.50") and charts.stacked_by_year([], {}) is None
    flat = charts.horizontal([("a", Decimal(0)), ("b", Decimal("10"))])
    assert flat.bars[0].w == 0 and flat.bars[1].w > 0
