"""Ownership use cases against real PostgreSQL: set owners, sales (whole and partial), history, the database check."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import asyncpg
import pytest

from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.register import ownership as svc
from domain.register.ownership import ShareInput, TransferInput
from queries.register import ownership as qr
from tests.factories import actor, make_building, make_org, make_owner, make_unit, make_user

D1, D2, D3 = date(2024, 1, 1), date(2024, 3, 1), date(2024, 6, 1)


async def _setup(conn, role="syndic"):
    org = await make_org(conn)
    user = await make_user(conn, org, role)
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building, "12", quota=150)
    a, b, c = [await make_owner(conn, org, name) for name in ("Dupont", "Martin", "Peeters")]
    return org, actor(user, org, role), unit, a, b, c


def _held(rights, day):
    return sorted((r.owner_name.split()[-1], r.right_kind, r.share) for r in rights
                  if r.start_date <= day and (r.end_date is None or r.end_date > day))


async def test_set_owners_then_sale_keeps_history(conn):
    _org, syndic, unit, a, b, c = await _setup(conn)
    await svc.set_owners(conn, syndic, unit["id"], D1, [ShareInput(a["id"], "full", Fraction(1, 2), True),
                                                        ShareInput(b["id"], "full", Fraction(1, 2))])
    rights = await svc.transfer(conn, syndic, unit["id"], TransferInput(D2, a["id"], c["id"], None, None))
    assert _held(rights, D1) == [("Dupont", "full", Fraction(1, 2)), ("Martin", "full", Fraction(1, 2))]
    assert _held(rights, D2) == [("Martin", "full", Fraction(1, 2)), ("Peeters", "full", Fraction(1, 2))]
    on_march = await svc.owners_on(conn, syndic, unit["id"], date(2024, 3, 1))
    assert {r.owner_id for r in on_march} == {b["id"], c["id"]}
    contact = [r.owner_id for r in rights if r.end_date is None and r.is_contact]
    assert contact == [c["id"]]  # the buyer takes over the seller's role of contact


async def test_partial_sale_and_usufruct(conn):
    _org, syndic, unit, a, b, c = await _setup(conn)
    await svc.set_owners(conn, syndic, unit["id"], D1, [ShareInput(a["id"], "usufruct", Fraction(1)),
                                                        ShareInput(b["id"], "bare", Fraction(1))])
    rights = await svc.transfer(conn, syndic, unit["id"], TransferInput(D3, b["id"], c["id"], Fraction(1, 3), None))
    assert _held(rights, D3) == [("Dupont", "usufruct", 1), ("Martin", "bare", Fraction(2, 3)),
                                 ("Peeters", "bare", Fraction(1, 3))]


async def test_sale_of_more_than_held_is_refused(conn):
    _org, syndic, unit, a, b, c = await _setup(conn)
    await svc.assign_owner(conn, syndic, unit["id"], a["id"])
    await svc.transfer(conn, syndic, unit["id"], TransferInput(date.today(), a["id"], b["id"], Fraction(3, 5), "full"))
    with pytest.raises(Invalid):
        await svc.transfer(conn, syndic, unit["id"], TransferInput(date.today(), a["id"], c["id"], Fraction(3, 5), "full"))


async def test_shares_not_adding_up_are_refused_and_nothing_written(conn):
    org, syndic, unit, a, b, _c = await _setup(conn)
    with pytest.raises(Invalid) as e:
        await svc.set_owners(conn, syndic, unit["id"], D1, [ShareInput(a["id"], "full", Fraction(1, 2)),
                                                            ShareInput(b["id"], "full", Fraction(1, 3))])
    assert "83" in str(e.value.errors["owners"]) or "5/6" in str(e.value.errors["owners"])
    assert await qr.of_unit(conn, org.id, unit["id"]) == []


async def test_the_database_refuses_rights_that_do_not_add_up(conn):
    org, _syndic, unit, a, _b, _c = await _setup(conn)
    await qr.insert(conn, org.id, unit["id"], [qr.NewRight(a["id"], "full", Fraction(1, 3), D1)])
    with pytest.raises(asyncpg.CheckViolationError):
        async with conn.transaction():
            await qr.check_now(conn)


async def test_the_database_sums_thirds_exactly(conn):
    org, _syndic, unit, a, b, c = await _setup(conn)
    await qr.insert(conn, org.id, unit["id"], [qr.NewRight(o["id"], "full", Fraction(1, 3), D1) for o in (a, b, c)])
    await qr.check_now(conn)  # raises CheckViolationError unless 1/3 + 1/3 + 1/3 == 1 exactly
    shares = await conn.fetch("SELECT share_num, share_den FROM unit_owners WHERE unit_id = $1", unit["id"])
    assert sum(Fraction(r["share_num"], r["share_den"]) for r in shares) == 1


async def test_unknown_or_foreign_owner_and_roles(conn):
    org, syndic, unit, a, _b, _c = await _setup(conn)
    other = await make_org(conn)
    stranger = await make_owner(conn, other, "Étranger")
    with pytest.raises(Invalid):
        await svc.assign_owner(conn, syndic, unit["id"], stranger["id"])
    other_user = await make_user(conn, other, "syndic")
    with pytest.raises(NotFound):
        await svc.assign_owner(conn, actor(other_user, other, "syndic"), unit["id"], stranger["id"])
    accountant = actor(await make_user(conn, org, "accountant"), org, "accountant")
    with pytest.raises(Forbidden):
        await svc.assign_owner(conn, accountant, unit["id"], a["id"])
    assert await svc.history(conn, accountant, unit["id"]) == []


async def test_conflict_names_the_problem_when_db_check_fails(conn):
    org, syndic, unit, a, b, c = await _setup(conn)
    await svc.assign_owner(conn, syndic, unit["id"], a["id"])
    # a row written behind the use case's back: the next change runs the database check and is refused
    await qr.insert(conn, org.id, unit["id"], [qr.NewRight(b["id"], "full", Fraction(1, 2), D1)])
    with pytest.raises((Conflict, Invalid)):
        await svc.assign_owner(conn, syndic, unit["id"], c["id"])


async def test_contact_stays_with_a_seller_who_keeps_part_and_whole_sale_of_several_rights(conn):
    _org, syndic, unit, a, b, c = await _setup(conn)
    await svc.assign_owner(conn, syndic, unit["id"], a["id"])
    rights = await svc.transfer(conn, syndic, unit["id"], TransferInput(date.today(), a["id"], b["id"],
                                                                        Fraction(1, 4), None))
    assert [r.owner_id for r in rights if r.end_date is None and r.is_contact] == [a["id"]]
    await svc.set_owners(conn, syndic, unit["id"], max(date.today(), D3), [
        ShareInput(c["id"], "usufruct", Fraction(1)), ShareInput(c["id"], "bare", Fraction(1, 2)),
        ShareInput(b["id"], "bare", Fraction(1, 2))])
    rights = await svc.transfer(conn, syndic, unit["id"], TransferInput(date.today(), c["id"], a["id"], None, None))
    held = sorted((r.owner_name.split()[-1], r.right_kind, r.share) for r in rights if r.end_date is None)
    assert held == [("Dupont", "bare", Fraction(1, 2)), ("Dupont", "usufruct", 1), ("Martin", "bare", Fraction(1, 2))]
    with pytest.raises(Invalid) as e:
        await svc.transfer(conn, syndic, unit["id"], TransferInput(date.today(), c["id"], b["id"], None, None))
    assert "aucun droit" in str(e.value.errors["owners"])
