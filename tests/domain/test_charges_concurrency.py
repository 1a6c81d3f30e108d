"""Two real connections on a committed database: an expense is allocated once, however many approve it."""
from __future__ import annotations

import asyncio

import pytest

from domain.charges import expense_lifecycle as life
from domain.charges import expenses
from domain.errors import Conflict
from queries.db import connect
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


async def test_two_concurrent_approvals_allocate_once(clone_db):
    url = clone_db("koprogo_charges_race")
    setup = await connect(url)
    try:
        org = await make_org(setup)
        syndic = actor(await make_user(setup, org, "syndic"), org, "syndic")
        building = await make_building(setup, org)
        for number in ("1", "2", "3"):
            await give_right(setup, org, await make_unit(setup, org, building, number), await make_owner(setup, org))
        draft = await expenses.create_expense(setup, syndic, {
            "category": "water", "description": "Eau", "amount_excl_vat": "100.00",
            "invoice_date": "2026-01-10"}, building.id)
    finally:
        await setup.close()
    one, two = await connect(url), await connect(url)
    try:
        first = one.transaction()
        await first.start()
        await life.approve_expense(one, syndic, draft.id)
        second = asyncio.create_task(life.approve_expense(two, syndic, draft.id))
        await asyncio.sleep(0.3)
        assert not second.done()  # waiting on the expense's lock
        await first.commit()
        with pytest.raises(Conflict):
            await second
        lines = await one.fetch("SELECT amount FROM charge_lines WHERE expense_id = $1", draft.id)
        assert len(lines) == 3 and sum(r["amount"] for r in lines) == 100
    finally:
        await one.close()
        await two.close()
