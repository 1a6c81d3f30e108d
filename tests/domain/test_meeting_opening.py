"""The law at the opening of an assembly, through the use cases on real PostgreSQL: the BE quorum is the
quorum at the opening (recorded with the attendance; later arrivals and departures change the votes cast, not the
validity), the minutes show it and the movements with their times; no opening before the convened date and
time; a proxy holder who is not an owner of the building counts; the syndic is refused as a holder however
entered; FR art. 26's immediate second vote under art. 25; FR art. 42's one month for the minutes; the bare owner
convened for works; an owner who cannot be reached blocks convening until marked."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.errors import Conflict, Invalid
from domain.meetings import attendance, convocation, meetings, voting
from domain.meetings.minutes import meeting_view, minutes_json
from tests.domain.test_meetings_flow import TODAY, draft, fake_render, setup_building
from tests.factories import give_right, make_owner, make_unit

HELD = datetime(2026, 6, 15, 18, 5)  # MEETING_AT is 2026-06-15 18:00


async def _present(conn, syndic, meeting, owner, status="present", **extra):  # type: ignore[no-untyped-def]
    return await attendance.register_presence(conn, syndic, meeting.id,
                                              {"owner_id": str(owner["id"]), "status": status, **extra})


async def test_an_owner_leaving_after_a_valid_opening_does_not_block_the_votes(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    for owner, _ in owners[:3]:
        await _present(conn, syndic, meeting, owner)  # 3 of 4 owners, 800 of 1000: quorum
    opened = await voting.open_meeting(conn, syndic, meeting.id, now=HELD)
    assert opened.quorum_met is True and opened.opening_quorum["quota_present"] == 800
    await _present(conn, syndic, meeting, owners[0][0], "absent")  # leaves: 2 of 4, 500
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    await voting.open_resolution(conn, syndic, meeting.id, item.id)  # still valid
    with pytest.raises(Invalid):  # but the one who left no longer votes
        await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owners[0][0]["id"]), "choice": "for"})
    await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owners[1][0]["id"]), "choice": "for"})
    closed = await voting.close_resolution(conn, syndic, meeting.id, item.id)
    assert closed.result["present_represented_quota"] == 500  # the votes cast follow the room
    done = await voting.close_meeting(conn, syndic, meeting.id)
    assert done.quorum_met is True


async def test_a_latecomer_does_not_make_an_invalid_opening_valid(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    await _present(conn, syndic, meeting, owners[0][0])  # 1 of 4, 300: no quorum
    opened = await voting.open_meeting(conn, syndic, meeting.id, now=HELD)
    assert opened.quorum_met is False
    for owner, _ in owners[1:]:
        await _present(conn, syndic, meeting, owner)  # everyone arrives later
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    with pytest.raises(Conflict) as e:
        await voting.open_resolution(conn, syndic, meeting.id, item.id)
    assert "ouverture" in str(e.value.reason)
    second = await convocation.convene_second_session(conn, syndic, meeting.id,
                                                      {"scheduled_date": "2026-07-01T18:00"}, fake_render,
                                                      today=date(2026, 6, 15))
    assert second.session == 2


async def test_the_minutes_show_the_opening_quorum_and_the_movements_with_their_times(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    for owner, _ in owners[:3]:
        await _present(conn, syndic, meeting, owner)
    await voting.open_meeting(conn, syndic, meeting.id, now=HELD)
    await _present(conn, syndic, meeting, owners[3][0])  # arrives
    await _present(conn, syndic, meeting, owners[0][0], "absent")  # leaves
    await voting.close_meeting(conn, syndic, meeting.id)
    view = await meeting_view(conn, syndic, meeting.id)
    data = minutes_json(view)
    assert data["opening"]["quota_present"] == 800 and data["opening"]["met"] is True
    assert data["opening"]["opened_at"] is not None
    moves = [(m["name"], m["status"]) for m in data["movements"]]
    assert moves == [("Alex Nom4", "present"), ("Alex Nom1", "absent")]
    assert all(m["at"] is not None for m in data["movements"])


async def test_no_opening_before_the_convened_date_and_time(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    with pytest.raises(Conflict) as e:
        await voting.open_meeting(conn, syndic, meeting.id, now=datetime(2026, 6, 1, 18, 0))
    assert "15/06/2026" in str(e.value.reason)
    assert (await meetings.get_meeting(conn, syndic, meeting.id)).status == "convened"
    opened = await voting.open_meeting(conn, syndic, meeting.id, now=datetime(2026, 6, 15, 18, 0))
    assert opened.status == "open"


async def test_a_proxy_holder_who_owns_no_lot_in_the_building_is_counted(conn):
    org, syndic, building, owners = await setup_building(conn)
    outsider = await make_owner(conn, org, last_name="Extérieur")  # an owner record, no lot in this building
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    await _present(conn, syndic, meeting, owners[0][0])
    await _present(conn, syndic, meeting, owners[1][0])
    await _present(conn, syndic, meeting, owners[2][0], "represented", proxy_holder_owner_id=str(outsider["id"]))
    register = await attendance.register_of(conn, syndic, meeting.id)
    assert register.quorum.owners_present == 3 and register.quorum.quota_present == 800 and register.quorum.met
    await voting.open_meeting(conn, syndic, meeting.id, now=HELD)
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    vote = await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owners[2][0]["id"]), "choice": "for"})
    assert vote.quota == 250


@pytest.mark.parametrize("how", ["organisation", "full_name", "email", "owner_record"])
async def test_the_syndic_is_refused_as_holder_however_entered(conn, how):
    org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    if how == "owner_record":
        record = await make_owner(conn, org, last_name="Syndic", user=await _user_of(conn, syndic))
        extra = {"proxy_holder_owner_id": str(record["id"])}
    else:
        name = {"organisation": org.name.upper(), "full_name": f"  {syndic.full_name.lower()} ",
                "email": syndic.email}[how]
        extra = {"proxy_holder_name": name}
    with pytest.raises(Invalid) as e:
        await _present(conn, syndic, meeting, owners[0][0], "represented", **extra)
    assert "syndic" in str(e.value.errors["proxy_holder_name"])


async def _user_of(conn, who):  # type: ignore[no-untyped-def]
    from queries.platform import users as qa
    return await qa.user_by_email(conn, who.email)


async def test_fr_art26_second_vote_under_art25(conn):
    from domain.meetings.second_vote import hold_second_vote
    _org, syndic, building, owners = await setup_building(conn, jurisdiction="FR", quotas=(200, 200, 150, 150,
                                                                                           150, 150))
    meeting = await draft(conn, syndic, building, items=(("bylaws_common_parts", None),))
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    for owner, _ in owners[:4]:
        await _present(conn, syndic, meeting, owner)
    await voting.open_meeting(conn, syndic, meeting.id, now=HELD)
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    assert item.majority == "art26"
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    for (owner, _), choice in zip(owners[:4], ("for", "for", "against", "against"), strict=True):
        await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owner["id"]), "choice": choice})
    closed = await voting.close_resolution(conn, syndic, meeting.id, item.id)
    # 400 of 1000: not two thirds (art. 26); 2 of the 4 present (half) with 400 ≥ 1000/3 → art. 25 at once
    assert not closed.adopted and closed.result["second_vote_majority"] == "art25"
    assert any("art. 26, dernier alinéa" in r["text"] for r in closed.result["reasons"])
    second = await hold_second_vote(conn, syndic, meeting.id, item.id)
    assert (second.majority, second.vote_status) == ("art25", "open") and "art. 26" in second.title


async def test_fr_minutes_are_due_within_one_month(conn):
    from queries.meetings.meetings import Meeting
    m = Meeting(*[None] * 20)  # type: ignore[arg-type]
    m = m.__class__(**{**m.__dict__, "scheduled_at": datetime(2026, 6, 15, 18), "status": "closed"})
    assert convocation.minutes_deadline(m, "FR") == date(2026, 7, 15)
    assert convocation.minutes_warning(m, "FR", date(2026, 7, 1)) is None
    assert convocation.minutes_warning(m, "FR", date(2026, 7, 9)) == "soon"
    assert convocation.minutes_warning(m, "FR", date(2026, 7, 16)) == "late"


async def test_the_bare_owner_of_a_lot_in_usufruct_is_convened_for_works(conn):
    org, syndic, building, _owners = await setup_building(conn, quotas=(300, 250, 250))
    unit = await make_unit(conn, org, building, number="U1", quota=200)
    usufructuary = await make_owner(conn, org, last_name="Usufruitier", email="u@example.test")
    bare = await make_owner(conn, org, last_name="NuPropriétaire", email="n@example.test")
    await give_right(conn, org, unit, usufructuary, kind="usufruct", contact=True)
    await give_right(conn, org, unit, bare, kind="bare", contact=False)
    budget = await draft(conn, syndic, building, items=(("budget", None),))
    works = await draft(conn, syndic, building, items=(("works", None),))
    for meeting in (budget, works):
        await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)

    async def convened(meeting) -> set:  # type: ignore[no-untyped-def]
        rows = await conn.fetch("SELECT owner_id FROM meeting_mailings WHERE meeting_id = $1", meeting.id)
        return {r["owner_id"] for r in rows}
    assert usufructuary["id"] in await convened(budget) and bare["id"] not in await convened(budget)
    assert {usufructuary["id"], bare["id"]} <= await convened(works)


async def test_an_owner_who_cannot_be_reached_blocks_convening_until_marked(conn):
    org, syndic, building, owners = await setup_building(conn)
    await conn.execute("UPDATE owners SET email = NULL, address = NULL WHERE id = $1", owners[1][0]["id"])
    meeting = await draft(conn, syndic, building)
    unreachable = await convocation.unreachable_owners(conn, syndic, meeting.id)
    assert [c.id for c in unreachable] == [owners[1][0]["id"]]
    with pytest.raises(Invalid) as e:
        await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    assert "Alex Nom2" in str(e.value.errors["recipients"])
    assert (await meetings.get_meeting(conn, syndic, meeting.id)).status == "draft"
    await convocation.mark_reached_otherwise(conn, syndic, meeting.id, {"owner_id": str(owners[1][0]["id"]),
                                                                        "note": "Remise en main propre"})
    assert await convocation.unreachable_owners(conn, syndic, meeting.id) == []
    convened = await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    assert convened.status == "convened"
    channel = await conn.fetchval("SELECT channel FROM meeting_mailings WHERE meeting_id = $1 AND owner_id = $2",
                                  meeting.id, owners[1][0]["id"])
    assert channel == "other"
