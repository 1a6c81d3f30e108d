"""The maintenance demo: contractors with one certificate lapsing soon, tickets (one past its deadline), a roof job
with its quotes, the competition threshold and the register — and the desk shows what is due."""
from __future__ import annotations

from datetime import date

from domain.access import require
from domain.demo import load_demo
from domain.maintenance import desk
from domain.platform.users import authenticate
from queries.platform import users as qa
from tests.factories import token


async def test_the_demo_has_maintenance_to_show_on_the_desk(conn) -> None:  # type: ignore[no-untyped-def]
    assert await load_demo(conn)
    org_id = await conn.fetchval("SELECT id FROM organizations WHERE name = 'Syndic Démo SRL'")
    counts = await conn.fetchrow(
        "SELECT (SELECT count(*) FROM contractors WHERE organization_id = $1) AS contractors, "
        "(SELECT count(*) FROM tickets WHERE organization_id = $1) AS tickets, "
        "(SELECT count(*) FROM quotes WHERE organization_id = $1 AND total IS NOT NULL) AS quotes, "
        "(SELECT count(*) FROM decisions WHERE organization_id = $1) AS decisions, "
        "(SELECT count(*) FROM competition_thresholds WHERE organization_id = $1) AS thresholds", org_id)
    assert dict(counts) == {"contractors": 3, "tickets": 2, "quotes": 2, "decisions": 3, "thresholds": 1}
    syndic_user = await qa.user_by_email(conn, "syndic@demo.koprogo.be")
    org = await qa.get_organization(conn, org_id)
    member = require(await authenticate(conn, await token(conn, syndic_user, org, "syndic"), "bearer"), "ticket.read")
    today = date.today()
    kinds = [i.kind for p in (desk.overdue_tickets, desk.expiring_certificates, desk.overdue_decisions)
             for i in await p(conn, member, today)]
    assert kinds == ["ticket.overdue", "certificate.expiring", "decision.overdue"]
    board_user = await qa.user_by_email(conn, "conseil@demo.koprogo.be")  # the board sees its building's
    board = await authenticate(conn, await token(conn, board_user, org, "board_member"), "bearer")
    assert board is not None and len(await desk.overdue_tickets(conn, require(board, "ticket.read"), today)) == 1
