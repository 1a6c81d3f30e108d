"""A firm's quarter issued in one step (batch.issue_quarter) against the same buildings done one by one
(schedule.generate_calls then calls.issue_batch): two organisations built alike, the same shares to the cent, the
same entries and lines, a reference for every owner called, the same e-mails and in-app notices; all or nothing
when one building's quotas do not sum; a closed year and a quarter issued twice refused (409); another
organisation's building not found and never touched."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.calls import batch, budgets, calls, funds, schedule
from domain.errors import Conflict, Invalid, NotFound
from tests.domain.test_calls_worked_example import adopted_resolution
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

UNTIL = {"until": "2027-03-31"}


async def compose(n: calls.Notice) -> tuple[str, str]:
    """What a notice's e-mail says, enough to compare (the web's own composer renders the template)."""
    amount = sum((s.amount for s in n.shares), D("0.00"))
    return f"{n.building.name} — {n.call.label}", f"{n.owner.name}: {amount} ({n.reference}) {n.call.due_date}"


async def _building(conn, org, syndic, i: int, quota: int = 1000):  # type: ignore[no-untyped-def]
    """Six lots over 1,000: lot 1 held in halves (one co-owner by e-mail), lot 4 sold on 15 February 2027, the
    owner of lot 3 with an account (in-app notice); a 40,000 € budget (ordinary + reserve), quarterly."""
    building = await make_building(conn, org, total_quota=quota, name=f"Bâtiment {i}")
    lots = [await make_unit(conn, org, building, str(k), quota=q)
            for k, q in enumerate((100, 150, 150, 200, 200, 200), start=1)]

    async def owner(tag: str, email: bool = True, **over):  # type: ignore[no-untyped-def]
        return await make_owner(conn, org, f"B{i}{tag}", email=f"b{i}{tag.lower()}@example.test" if email else None,
                                accepts_email_notices=email, **over)
    await give_right(conn, org, lots[0], await owner("A"), (1, 2))
    await give_right(conn, org, lots[0], await owner("B", email=False), (1, 2), contact=False)
    await give_right(conn, org, lots[1], await owner("C", email=False))
    member = await make_user(conn, org, "owner")
    await give_right(conn, org, lots[2], await owner("D", user_id=member.id))
    await give_right(conn, org, lots[3], await owner("E"), end=date(2027, 2, 15))
    await give_right(conn, org, lots[3], await owner("F"), start=date(2027, 2, 15))
    await give_right(conn, org, lots[4], await owner("G"))
    await give_right(conn, org, lots[5], await owner("H"))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    reserve = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": "BE71096123456769"})
    view = await budgets.draft_budget(conn, syndic, building.id, {"year_start": "2027-01-01", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "30000"},
        {"section": "ordinary", "account_code": "614", "label": "Assurances", "amount": "8000"},
        {"section": "reserve", "label": "Réserve", "fund_id": str(reserve.id), "amount": f"{2000 + i}.01"}]})
    await budgets.approve_budget(conn, syndic, view.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    return building, view.budget.id


async def _firm(conn, n: int = 3, quotas: tuple[int, ...] = ()):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    built = [await _building(conn, org, syndic, i, quotas[i] if i < len(quotas) else 1000) for i in range(n)]
    return org, syndic, built


_SHARES = """
SELECT b.name, c.label, c.kind, c.total, c.call_date, c.due_date, c.status, s.line_no, s.unit_number, o.last_name, s.owner_id,
       s.weight, s.key_total, s.lot_amount, s.days, s.amount, s.adjustment, r.reference IS NOT NULL AS referenced
FROM call_shares s JOIN calls c ON c.organization_id = s.organization_id AND c.id = s.call_id
JOIN buildings b ON b.organization_id = c.organization_id AND b.id = c.building_id
JOIN owners o ON o.organization_id = s.organization_id AND o.id = s.owner_id
LEFT JOIN payment_references r ON r.organization_id = s.organization_id AND r.building_id = c.building_id
     AND r.fund_id = c.fund_id AND r.owner_id = s.owner_id
WHERE s.organization_id = $1 ORDER BY b.name, c.call_date, c.kind, s.line_no
"""
_LINES = """
SELECT b.name, j.code, e.number, e.entry_date, e.label, e.source_kind, l.line_no, a.code AS account, l.debit,
       l.credit, o.last_name, l.owner_id, u.number AS unit, l.key_id
FROM entry_lines l JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
JOIN buildings b ON b.organization_id = e.organization_id AND b.id = e.building_id
JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
LEFT JOIN owners o ON o.organization_id = l.organization_id AND o.id = l.owner_id
LEFT JOIN units u ON u.organization_id = l.organization_id AND u.id = l.unit_id
WHERE l.organization_id = $1 ORDER BY b.name, j.code, e.number, l.line_no
"""
# the e-mail's body carries the random reference: it is checked against the stored one, then left out
_MAILS = """
SELECT recipient, subject, body FROM outbox WHERE organization_id = $1 ORDER BY recipient, subject
"""


async def _books(conn, org) -> dict:  # type: ignore[no-untyped-def]
    mails = await conn.fetch(_MAILS, org.id)
    refs = {r["reference"] for r in await conn.fetch(
        "SELECT reference FROM payment_references WHERE organization_id = $1", org.id)}
    assert all(int(m["body"].split("(")[1].split(")")[0]) in refs for m in mails)
    return {
        "shares": [tuple(r) for r in await conn.fetch(_SHARES, org.id)],
        "lines": [tuple(r) for r in await conn.fetch(_LINES, org.id)],
        "references": await conn.fetchval("SELECT count(*) FROM payment_references WHERE organization_id = $1",
                                          org.id),
        "mails": [(m["recipient"], m["subject"], m["body"].split(":")[0]) for m in mails],
        "notices": [tuple(r) for r in await conn.fetch(
            "SELECT kind, template, params, path FROM notices WHERE organization_id = $1 ORDER BY params::text",
            org.id)],
        "audit": [tuple(r) for r in await conn.fetch(
            "SELECT action, count(*) FROM audit_log WHERE organization_id = $1 AND entity = 'call' "
            "GROUP BY action ORDER BY action", org.id)],
    }


# one written statement per table counted (no name spliced into SQL)
_COUNTS = {t: "SELECT count(*) FROM " + t + " WHERE organization_id = $1" for t in (
    "calls", "call_shares", "journal_entries", "payment_references", "outbox", "notices")}


async def _count(conn, table: str, org) -> int:  # type: ignore[no-untyped-def]
    return await conn.fetchval(_COUNTS[table], org.id)


async def test_the_firms_quarter_equals_building_by_building(conn) -> None:
    org, syndic, built = await _firm(conn)
    # building by building, in a savepoint rolled back: what the firm's quarter must write, row for row
    one_by_one = conn.transaction()
    await one_by_one.start()
    for building, budget_id in built:
        await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(budget_id)})
        await calls.issue_batch(conn, syndic, building.id, UNTIL, compose)
    theirs = await _books(conn, org)
    await one_by_one.rollback()
    assert await _count(conn, "calls", org) == 0

    preview = await batch.issue_quarter(conn, syndic, UNTIL, compose, preview=True)
    # 38,000 / 4 ordinary, and the reserve's first quarter (the odd cent to the first)
    assert [(b.building_name, b.generated, b.calls, b.total) for b in preview] == [
        ("Bâtiment 0", 8, 2, D("10000.01")), ("Bâtiment 1", 8, 2, D("10000.26")), ("Bâtiment 2", 8, 2, D("10000.51"))]
    assert await _count(conn, "calls", org) == 0  # a preview writes nothing

    done = await batch.issue_quarter(conn, syndic, UNTIL, compose)
    assert [(b.building_name, b.generated, b.calls, b.shares, b.emails) for b in done] == [
        (f"Bâtiment {i}", 8, 2, 15, 11) for i in range(3)]
    # shares: the provisions 8 (lot 1 in halves, lot 4 sold mid-quarter), the reserve 7 (called on 1 January)
    assert [b.total for b in done] == [b.total for b in preview]
    mine = await _books(conn, org)
    assert mine == theirs
    assert len(mine["shares"]) == 3 * 15 and all(s[-1] for s in mine["shares"])  # every owner referenced
    # lot 4 sold on 15 February: the seller E pays 45 days of 90, the buyer F 45 (provisions 1/4 of 38,000 × 0.2)
    sold = {s[9]: (s[14], s[15]) for s in mine["shares"] if s[0] == "Bâtiment 0" and s[2] == "ordinary"
            and s[8] == "4"}
    assert sold == {"B0E": (45, D("950.00")), "B0F": (45, D("950.00"))}
    # the calls journal: one entry per call, numbered 1 and 2 in each building, debits equal credits
    entries = {(x[0], x[2]) for x in mine["lines"]}
    assert entries == {(f"Bâtiment {i}", n) for i in range(3) for n in (1, 2)}
    assert sum(x[8] for x in mine["lines"]) == sum(x[9] for x in mine["lines"])
    # e-mails: one per owner accepting them per call (A, D, E, F, G, H; F not yet an owner on the reserve's
    # date), none for B and C
    assert len(mine["mails"]) == 3 * (6 + 5)
    assert not any(m[0].startswith(("b0b", "b0c")) for m in mine["mails"])
    # the in-app notice to the owner with an account, one per call
    assert len(mine["notices"]) == 3 * 2
    assert mine["audit"] == [("generate", 3), ("issue", 6)]
    # twice: nothing left to issue
    with pytest.raises(Conflict) as e:
        await batch.issue_quarter(conn, syndic, UNTIL, compose)
    assert e.value.field == "until"


async def test_one_building_whose_quotas_do_not_sum_stops_the_whole_quarter(conn) -> None:
    org, syndic, built = await _firm(conn, quotas=(1000, 1100, 1000))
    with pytest.raises(Invalid) as e:
        await batch.issue_quarter(conn, syndic, UNTIL, compose)
    [(field, message)] = e.value.errors.items()
    assert field == f"buildings[{built[1][0].id}].sharing_key_id"
    assert message.startswith("Bâtiment 1 : ") and "il manque 100" in message
    for table in ("calls", "call_shares", "journal_entries", "payment_references", "outbox", "notices"):
        assert await _count(conn, table, org) == 0, table
    # the others issue alone
    done = await batch.issue_quarter(conn, syndic, {**UNTIL, "building_ids": [str(built[0][0].id),
                                                                              str(built[2][0].id)]}, compose)
    assert [b.calls for b in done] == [2, 2]


async def test_a_closed_year_refuses_the_quarter(conn) -> None:
    org, syndic, built = await _firm(conn, n=2)
    await conn.execute("INSERT INTO fiscal_years (organization_id, building_id, starts_on, ends_on, state, closed_at)"
                       " VALUES ($1, $2, '2027-01-01', '2027-12-31', 'closed', now())", org.id, built[1][0].id)
    with pytest.raises(Conflict) as e:
        await batch.issue_quarter(conn, syndic, UNTIL, compose)
    assert e.value.field == "call_date" and "Bâtiment 1" in str(e.value.reason)
    assert await _count(conn, "calls", org) == 0 and await _count(conn, "journal_entries", org) == 0


async def test_another_organisations_building_is_not_found_and_not_touched(conn) -> None:
    org, syndic, built = await _firm(conn, n=1)
    other_org, _other, other_built = await _firm(conn, n=1)
    with pytest.raises(NotFound):
        await batch.issue_quarter(conn, syndic, {**UNTIL, "building_ids": [str(other_built[0][0].id)]}, compose)
    with pytest.raises(NotFound):
        await batch.issue_quarter(conn, syndic, {**UNTIL, "building_ids": [str(built[0][0].id),
                                                                          str(other_built[0][0].id)]}, compose)
    done = await batch.issue_quarter(conn, syndic, UNTIL, compose)  # all the firm's: its one building only
    assert [b.building_id for b in done] == [built[0][0].id]
    assert await _count(conn, "calls", other_org) == 0 and await _count(conn, "outbox", other_org) == 0


async def test_bad_input_names_the_field(conn) -> None:
    _org, syndic, _built = await _firm(conn, n=1)
    with pytest.raises(Invalid) as e:
        await batch.issue_quarter(conn, syndic, {"building_ids": ["nope"]})
    assert set(e.value.errors) == {"until", "building_ids"}
