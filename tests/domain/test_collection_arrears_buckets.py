"""The arrears screen's statement (queries/collection/arrears.py, by bucket from each owner's balance) against the pure
rule (domain.rules.collection: credits applied to the oldest due first): random charges and payments posted into the
books over two years, one entry debiting and crediting the owner at once (its net is the item), read on several
days — every bucket, the part older than the previous year, the oldest due date the same."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal as D

from domain.access import require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.rules.collection import Item, apply_credits, bucket, overdue
from queries.collection import arrears as qa
from tests.factories import actor, make_building, make_org, make_owner, make_user

DAYS = (date(2025, 2, 1), date(2025, 11, 20), date(2026, 3, 1), date(2026, 7, 15), date(2027, 1, 10))


async def test_the_buckets_are_the_pure_rules_on_every_day(conn) -> None:
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org)
    member = require(syndic, "entry.post", building.id)
    rnd = random.Random(14)
    expected: dict[object, tuple[list[Item], D]] = {}
    for n in range(4):
        owner = (await make_owner(conn, org, f"Owner {n}"))["id"]
        items: list[Item] = []
        paid = D("0.00")
        for k in range(rnd.randint(3, 12)):
            day = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 700))
            amount = D(rnd.randint(1000, 90000)) / 100
            await post_entry(conn, member, building.id, EntryDraft("OD", day, f"Charge {k}", (
                LineDraft("owners", debit=amount, owner_id=owner), LineDraft("charges_called", credit=amount))))
            items.append(Item((owner, k), day, amount))
        # one entry that debits and credits the owner: the item is its net
        day = date(2025, 6, 1) + timedelta(days=rnd.randint(0, 300))
        await post_entry(conn, member, building.id, EntryDraft("OD", day, "Régularisation", (
            LineDraft("owners", debit=D("80.00"), owner_id=owner), LineDraft("owners", credit=D("30.00"), owner_id=owner),
            LineDraft("charges_called", credit=D("50.00")))))
        items.append(Item((owner, "net"), day, D("50.00")))
        total = sum((i.amount for i in items), D("0.00"))
        for k in range(rnd.randint(0, 4)):
            amount = min(total - paid, D(rnd.randint(1000, 120000)) / 100) if n < 3 else D(rnd.randint(1000, 9000)) / 100
            if amount <= 0:
                break
            day = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 700))
            await post_entry(conn, member, building.id, EntryDraft("BQ1", day, f"Paiement {k}", (
                LineDraft("bank_working", debit=amount), LineDraft("owners", credit=amount, owner_id=owner))))
            paid += amount
        expected[owner] = (items, paid)
    for today in DAYS:
        got = {r.owner_id: r for r in await qa.arrears(conn, org.id, None, None, today)}
        assert got == {r.owner_id: r for r in await qa.arrears(conn, org.id, building.id, [building.id], today)}
        for owner, (items, paid) in expected.items():
            late = overdue(apply_credits(items, paid), today)
            if not late:
                assert owner not in got, today
                continue
            row = got[owner]
            by = {b: sum((o.outstanding for o in late if bucket(o.item.due, today) == b), D("0.00"))
                  for b in ("0-30", "31-60", "61-90", "90+")}
            assert (row.total, row.d30, row.d60, row.d90, row.older) == (
                sum(by.values(), D("0.00")), by["0-30"], by["31-60"], by["61-90"], by["90+"]), today
            assert row.at_risk == sum((o.outstanding for o in late if o.item.due < date(today.year - 1, 1, 1)),
                                      D("0.00"))
            assert row.oldest_due == min(o.item.due for o in late)
    assert await qa.arrears(conn, org.id, building.id, [], DAYS[-1]) == []
