"""Generated documents are filed with their visibility: the convocation and the minutes for every owner of the
building, a statement for its owner alone; filing again keeps one document."""
from __future__ import annotations

from domain.charges import owner_ledger
from domain.documents import library
from domain.pagination import PageRequest
from tests.factories import actor, api_user, make_user
from tests.web.test_meetings_api import building_with_owners, convened


async def _docs(client, headers, building_id):  # type: ignore[no-untyped-def]
    resp = await client.get(f"/api/v1/buildings/{building_id}/documents", headers=headers)
    assert resp.status_code == 200
    return (await resp.get_json())["data"]


async def test_the_convocation_is_filed_for_every_owner_when_convened(client, conn):
    org, _user, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org)
    meeting_id = await convened(client, conn, headers, building)
    [doc] = await _docs(client, owners[0][1], building.id)
    assert (doc["category"], doc["visibility"], doc["source"], doc["meeting_id"]) == (
        "convocation", "owners", "generated", meeting_id)
    pdf = await (await client.get(doc["download_url"], headers=owners[1][1])).get_data()
    assert pdf.startswith(b"%PDF") and len(pdf) == doc["size"]


async def test_the_minutes_are_filed_when_sent(client, conn):
    org, _user, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org)
    meeting_id = await convened(client, conn, headers, building, items=1)
    await conn.execute("UPDATE meetings SET status = 'closed', closed_at = now() WHERE id = $1", meeting_id)
    resp = await client.post(f"/api/v1/meetings/{meeting_id}/minutes/send", headers=headers)
    assert resp.status_code == 200, await resp.get_data()
    kinds = sorted(d["category"] for d in await _docs(client, owners[2][1], building.id))
    assert kinds == ["convocation", "minutes"]


async def test_a_statement_is_filed_for_its_owner_alone_and_once(client, conn):
    org, user, _headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org, quotas=(500, 500))
    syndic = actor(user, org, "syndic")
    statement = await owner_ledger.statement(conn, syndic, owners[0][0]["id"], {"building": str(building.id)})
    async with client.app.app_context():
        from web.documents.filing import file_statement
        first = await file_statement(conn, syndic, statement, b"%PDF-1.4 statement")
        again = await file_statement(conn, syndic, statement, b"%PDF-1.4 statement")
        newer = await file_statement(conn, syndic, statement, b"%PDF-1.4 statement, corrected")
    assert first.id == again.id == newer.id and (again.current_version, newer.current_version) == (1, 2)
    assert [d["visibility"] for d in await _docs(client, owners[0][1], building.id)] == ["owner"]
    assert await _docs(client, owners[1][1], building.id) == []
    board = actor(await make_user(conn, org, "board_member"), org, "board_member")
    assert board.role == "board_member"
    seen = await library.list_documents(conn, syndic, building.id, library.DocumentFilter(), PageRequest())
    assert [d.category for d in seen.items] == ["statement"]
