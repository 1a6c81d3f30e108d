"""The demo's desk: the syndic's first morning shows every kind of item the areas provide today, and the demo
owner has notices (their payments recorded)."""
from __future__ import annotations

from domain.demo import load_demo
from domain.desk import desk
from domain.platform.users import authenticate, open_token
from queries.platform import users as qusers


async def test_the_demo_desk_has_every_kind(conn):
    assert await load_demo(conn)
    user = await qusers.user_by_email(conn, "syndic@demo.koprogo.be")
    syndic = await authenticate(conn, await open_token(conn, user, "bearer"), "bearer")
    found = await desk.desk(conn, syndic, desk.DeskFilter())
    assert {i.kind for i in found.items} == {"expense.draft", "minutes.due", "agenda_request.pending",
                                             "assembly.to_convene", "convocation.failed", "ticket.overdue",
                                             "certificate.expiring", "decision.overdue",
                                             "bank.to_assign", "collection.step_due"}
    # the demo's year has its budget voted at last autumn's assembly (calls issued, paid or in arrears): no
    # "budget.to_vote" — tests/domain/test_calls_worked_example.py covers that item
    owner = await qusers.user_by_email(conn, "proprietaire@demo.koprogo.be")
    assert await conn.fetchval("SELECT count(*) FROM notices WHERE user_id = $1", owner.id) >= 1
