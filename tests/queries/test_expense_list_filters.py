"""queries/expenses.list_page writes a statement naming only the filters given: every one of the 32 filter
combinations returns what filtering the organisation's expenses by hand returns, in the list's order, and the
other organisation's expenses never."""
from __future__ import annotations

import itertools
from datetime import date

from domain.charges import expenses
from queries.charges import expenses as q
from tests.factories import actor, make_building, make_org, make_user

ROWS = (("A", "insurance", "2026-01-10", True), ("A", "cleaning", "2026-02-15", False),
        ("A", "cleaning", "2026-03-20", True), ("B", "energy", "2026-02-01", False),
        ("B", "cleaning", "2026-04-05", False), ("A", "energy", "2025-12-31", False))


async def test_every_filter_combination_matches_a_filter_by_hand(conn):
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    buildings = {"A": await make_building(conn, org), "B": await make_building(conn, org)}
    for name, category, day, approve in ROWS:
        draft = await expenses.create_expense(conn, syndic, {
            "category": category, "description": f"{category} {day}", "amount_excl_vat": "100",
            "vat_rate": "0", "invoice_date": day}, buildings[name].id)
        if approve:
            assert await q.approve(conn, org.id, draft.id, syndic.user_id)  # the status alone
    stranger = await make_org(conn)
    theirs = await make_building(conn, stranger)
    await expenses.create_expense(conn, actor(await make_user(conn, stranger, "syndic"), stranger, "syndic"), {
        "category": "cleaning", "description": "ailleurs", "amount_excl_vat": "1", "vat_rate": "0",
        "invoice_date": "2026-02-15"}, theirs.id)

    everything, total = await q.list_page(conn, org.id, None, None, None, None, None, 100, 0)
    assert total == len(ROWS) == len(everything)
    assert [e.invoice_date for e in everything] == sorted((e.invoice_date for e in everything), reverse=True)
    choice = {"building_id": buildings["A"].id, "status": "draft", "categories": ["cleaning", "energy"],
              "start": date(2026, 2, 1), "end": date(2026, 3, 31)}
    for present in itertools.product((False, True), repeat=5):
        given = {k: (v if on else None) for on, (k, v) in zip(present, choice.items(), strict=True)}
        expected = [e.id for e in everything
                    if (given["building_id"] is None or e.building_id == given["building_id"])
                    and (given["status"] is None or e.status == given["status"])
                    and (given["categories"] is None or e.category in given["categories"])
                    and (given["start"] is None or e.invoice_date >= given["start"])
                    and (given["end"] is None or e.invoice_date <= given["end"])]
        rows, count = await q.list_page(conn, org.id, given["building_id"], given["status"], given["categories"],
                                        given["start"], given["end"], 2, 0)
        assert ([e.id for e in rows], count) == (expected[:2], len(expected)), present
        rest, _ = await q.list_page(conn, org.id, given["building_id"], given["status"], given["categories"],
                                    given["start"], given["end"], 100, 2)
        assert [e.id for e in rest] == expected[2:], present
