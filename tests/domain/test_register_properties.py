"""Hypothesis: random sequences of sales and new deeds through the real use cases keep every date at 100 %."""
from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import Invalid
from domain.register import ownership as svc
from domain.register.ownership import ShareInput, TransferInput
from domain.rules.ownership import check_consistent
from queries.register import ownership as qr
from tests.factories import actor, make_building, make_org, make_owner, make_unit, make_user

START = date(2020, 1, 1)
parts = st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 4), Fraction(1, 1), None])
deed = st.tuples(st.just("deed"), st.integers(0, 400), st.lists(st.integers(0, 3), min_size=1, max_size=3),
                 st.booleans())
sale = st.tuples(st.just("sale"), st.integers(0, 400), st.integers(0, 3), st.integers(0, 3), parts)


def _deed_shares(owners: list, picks: list[int], usufruct: bool) -> list[ShareInput]:
    """Equal shares of full ownership, or one usufructuary and bare owners sharing equally."""
    chosen = [owners[i]["id"] for i in dict.fromkeys(picks)]
    if usufruct and len(chosen) > 1:
        bare = chosen[1:]
        return [ShareInput(chosen[0], "usufruct", Fraction(1))] + [
            ShareInput(o, "bare", Fraction(1, len(bare))) for o in bare]
    return [ShareInput(o, "full", Fraction(1, len(chosen))) for o in chosen]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(deed, sale), min_size=1, max_size=8))
async def test_random_sales_and_deeds_always_sum_to_100_percent(conn, steps):
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    unit = await make_unit(conn, org, await make_building(conn, org))
    owners = [await make_owner(conn, org) for _ in range(4)]
    day = START
    for step in steps:
        day += timedelta(days=step[1])
        before = await qr.of_unit(conn, org.id, unit["id"])
        try:
            if step[0] == "deed":
                await svc.set_owners(conn, syndic, unit["id"], day, _deed_shares(owners, step[2], step[3]))
            else:
                seller, buyer = owners[step[2]]["id"], owners[step[3]]["id"]
                await svc.transfer(conn, syndic, unit["id"], TransferInput(day, seller, buyer, step[4], None))
        except Invalid:
            assert await qr.of_unit(conn, org.id, unit["id"]) == before  # a refused step writes nothing
        rights = await qr.of_unit(conn, org.id, unit["id"])
        periods = svc._periods(rights)
        assert check_consistent(periods) == []
        assert await conn.fetchval("SELECT register_unit_problem($1, $2)", org.id, unit["id"]) is None
        open_rights = [r for r in rights if r.end_date is None]
        if open_rights:
            assert sum(r.is_contact for r in open_rights) == 1
