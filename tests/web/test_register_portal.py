"""The owners' portal section: my lots with quota and share, the building, the syndic's contact, co-owners'
names (phone and e-mail only when they agreed)."""
from __future__ import annotations

from tests.factories import browser_login, give_right, make_building, make_owner, make_unit


async def test_my_lots_co_owners_and_syndic_contact(client, conn):
    org, user, _ = await browser_login(client, conn, "owner")
    await conn.execute("UPDATE organizations SET email = 'syndic@example.be', phone = '+32 2 111 22 33', "
                       "address = 'Rue Royale 1, Bruxelles' WHERE id = $1", org.id)
    b = await make_building(conn, org, name="Les Tilleuls")
    mine, theirs = await make_unit(conn, org, b, "12", quota=150), await make_unit(conn, org, b, "13")
    me = await make_owner(conn, org, "Moi", user=user)
    discreet = await make_owner(conn, org, "Discret", email="discret@example.be", phone="+32 470 00 00 01")
    open_ = await make_owner(conn, org, "Ouvert", email="ouvert@example.be", shares_contact=True)
    await give_right(conn, org, mine, me, (1, 2))
    await give_right(conn, org, mine, discreet, (1, 4), contact=False)
    await give_right(conn, org, mine, open_, (1, 4), contact=False)
    await give_right(conn, org, theirs, await make_owner(conn, org, "Inconnu"))
    html = await (await client.get("/portal")).get_data(as_text=True)
    assert "Lot 12 · Les Tilleuls" in html and "150 / 1000" in html and "50 %" in html
    assert "Alex Discret" in html and "discret@example.be" not in html and "+32 470 00 00 01" not in html
    assert "Alex Ouvert" in html and "ouvert@example.be" in html
    assert "Inconnu" not in html and "Lot 13" not in html
    assert "syndic@example.be" in html and "+32 2 111 22 33" in html and "Rue Royale 1" in html


async def test_no_section_without_lots(client, conn):
    await browser_login(client, conn, "owner")
    html = await (await client.get("/portal")).get_data(as_text=True)
    assert 'id="my-lots"' not in html
