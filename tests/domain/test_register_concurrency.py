"""Two real connections on a committed database: concurrent changes to one lot's owners cannot exceed 100 %."""
from __future__ import annotations

import asyncio
from datetime import date
from fractions import Fraction

import asyncpg
import pytest

from domain.errors import Invalid
from domain.register import ownership as svc
from domain.register import units
from domain.register.ownership import TransferInput
from queries.db import connect
from queries.register import ownership as qr
from tests.factories import actor, make_building, make_org, make_owner, make_unit, make_user

D1 = date(2024, 1, 1)


async def _lot(url: str):
    setup = await connect(url)
    try:
        org = await make_org(setup)
        syndic = actor(await make_user(setup, org, "syndic"), org, "syndic")
        unit = await make_unit(setup, org, await make_building(setup, org))
        a, b, c = [await make_owner(setup, org, name) for name in ("Dupont", "Martin", "Peeters")]
    finally:
        await setup.close()
    return org, syndic, unit, a, b, c


async def test_two_concurrent_sales_of_60_percent_exactly_one_succeeds(clone_db):
    url = clone_db("koprogo_register_race")
    org, syndic, unit, a, b, c = await _lot(url)
    one, two = await connect(url), await connect(url)
    try:
        await svc.assign_owner(one, syndic, unit["id"], a["id"])
        def sale(buyer):  # type: ignore[no-untyped-def]
            return TransferInput(date.today(), a["id"], buyer["id"], Fraction(3, 5), "full")
        first = one.transaction()
        await first.start()
        await svc.transfer(one, syndic, unit["id"], sale(b))
        second = asyncio.create_task(svc.transfer(two, syndic, unit["id"], sale(c)))
        await asyncio.sleep(0.3)
        assert not second.done()  # waiting on the lot's lock
        await first.commit()
        with pytest.raises(Invalid):
            await second
        rights = await qr.of_unit(one, org.id, unit["id"])
        held = {r.owner_name.split()[-1]: r.share for r in rights if r.end_date is None}
        assert held == {"Dupont": Fraction(2, 5), "Martin": Fraction(3, 5)}
    finally:
        await one.close()
        await two.close()


async def test_the_database_alone_stops_two_owners_of_100_percent(clone_db):
    """Writes that bypass the use case: the deferred trigger locks the lot and sees the other commit."""
    url = clone_db("koprogo_register_race")
    org, _syndic, unit, a, b, _c = await _lot(url)
    one, two = await connect(url), await connect(url)
    try:
        results = []
        for conn, owner in ((one, a), (two, b)):
            tx = conn.transaction()
            await tx.start()
            await qr.insert(conn, org.id, unit["id"], [qr.NewRight(owner["id"], "full", Fraction(1), D1)])
            results.append(tx)
        outcomes = await asyncio.gather(results[0].commit(), results[1].commit(), return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, Exception)]
        assert len(failures) == 1 and isinstance(failures[0], asyncpg.CheckViolationError)
        assert len(await qr.of_unit(one, org.id, unit["id"])) == 1
    finally:
        await one.close()
        await two.close()


async def test_two_lots_added_at_once_cannot_exceed_the_buildings_total(clone_db):
    """Two syndics each add a lot of 600 to a building of 1,000 at the same moment: exactly one gets in, the
    other is told the total would be exceeded (the building is locked before its quotas are summed)."""
    url = clone_db("koprogo_register_race")
    setup = await connect(url)
    try:
        org = await make_org(setup)
        syndic = actor(await make_user(setup, org, "syndic"), org, "syndic")
        building = await make_building(setup, org, total_quota=1000)
    finally:
        await setup.close()
    one, two = await connect(url), await connect(url)
    try:
        lot = lambda number: units.UnitInput.parse({"building_id": str(building.id), "unit_number": number,  # noqa: E731
                                                    "unit_type": "apartment", "quota": 600})
        first = one.transaction()
        await first.start()
        await units.add_unit(one, syndic, lot("A"))
        second = asyncio.create_task(units.add_unit(two, syndic, lot("B")))
        await asyncio.sleep(0.3)
        assert not second.done()  # waiting on the building's lock
        await first.commit()
        with pytest.raises(Invalid) as refused:
            await second
        assert "quota" in refused.value.errors
        numbers = await one.fetch("SELECT number FROM units WHERE organization_id = $1 AND building_id = $2",
                                  org.id, building.id)
        assert [r["number"] for r in numbers] == ["A"]
        assert await one.fetchval("SELECT count(*) FROM audit_log WHERE organization_id = $1 AND entity = 'unit'",
                                  org.id) == 1
    finally:
        await one.close()
        await two.close()
