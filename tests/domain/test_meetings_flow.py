"""Use cases of a general assembly against real PostgreSQL: convene, register, quorum, vote, close."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.errors import Conflict, Forbidden, Invalid
from domain.meetings import attendance, convocation, meetings, voting
from domain.meetings.convocation import Document
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

TODAY = date(2026, 5, 1)
MEETING_AT = "2026-06-15T18:00"


async def fake_render(meeting, building, items, language, letterhead=None):  # type: ignore[no-untyped-def]
    return Document(f"Convocation {meeting.title} ({language})", "Bonjour", b"%PDF-1.7 test", "convocation.pdf")


async def setup_building(conn, jurisdiction="BE", quotas=(300, 250, 250, 200), **over):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic_user = await make_user(conn, org, "syndic")
    syndic = actor(syndic_user, org, "syndic")
    building = await make_building(conn, org, jurisdiction=jurisdiction, total_quota=sum(quotas), **over)
    owners = []
    for i, quota in enumerate(quotas):
        unit = await make_unit(conn, org, building, number=f"A{i + 1}", quota=quota)
        user = await make_user(conn, org, "owner")
        owner = await make_owner(conn, org, last_name=f"Nom{i + 1}", user=user, email=f"o{i}@example.test",
                                 accepts_email_notices=(i % 2 == 0))
        await give_right(conn, org, unit, owner)
        owners.append((owner, actor(user, org, "owner")))
    return org, syndic, building, owners


async def draft(conn, syndic, building, items=(("budget", None),)):  # type: ignore[no-untyped-def]
    meeting = await meetings.create_meeting(conn, syndic, {
        "building_id": str(building.id), "meeting_type": "Ordinary", "title": "AG ordinaire 2026",
        "description": "Assemblée annuelle", "scheduled_date": MEETING_AT, "location": "Salle du rez"})
    for kind, majority in items:
        body = {"title": f"Point {kind}", "decision_kind": kind, "draft_resolution": f"L'AG décide : {kind}."}
        if majority:
            body["majority"] = majority
        await meetings.add_item(conn, syndic, meeting.id, body)
    return meeting


async def test_convening_refused_when_notice_is_short_with_the_earliest_date(conn):
    _org, syndic, building, _ = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    with pytest.raises(Invalid) as e:
        await convocation.convene(conn, syndic, meeting.id, fake_render, today=date(2026, 6, 5))
    assert "20/06/2026" in e.value.errors["scheduled_date"]
    assert (await meetings.get_meeting(conn, syndic, meeting.id)).status == "draft"


async def test_bylaw_notice_is_longer_than_the_law(conn):
    _org, syndic, building, _ = await setup_building(conn, notice_days=60)
    meeting = await draft(conn, syndic, building)
    with pytest.raises(Invalid):
        await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)


async def test_convening_sends_email_or_letter_to_every_owner(conn):
    _org, syndic, building, _owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    convened = await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    assert (convened.status, convened.convened_on) == ("convened", TODAY)
    rows = await conn.fetch("SELECT mm.channel, x.recipient, x.attachment FROM meeting_mailings mm "
                            "LEFT JOIN outbox x ON x.id = mm.outbox_id WHERE mm.meeting_id = $1 ORDER BY mm.channel",
                            meeting.id)
    assert sorted(r["channel"] for r in rows) == ["email", "email", "letter", "letter"]
    assert all(r["attachment"] == b"%PDF-1.7 test" for r in rows if r["channel"] == "email")
    with pytest.raises(Conflict):
        await meetings.add_item(conn, syndic, meeting.id, {"title": "Trop tard"})


async def test_majority_is_proposed_from_the_catalogue_and_adjustable(conn):
    _org, syndic, building, _ = await setup_building(conn)
    meeting = await draft(conn, syndic, building, items=(("works", None), ("works", "four_fifths")))
    items = await meetings.agenda(conn, syndic, meeting.id)
    assert [(i.position, i.majority) for i in items] == [(1, "two_thirds"), (2, "four_fifths")]
    with pytest.raises(Invalid) as e:
        await meetings.add_item(conn, syndic, meeting.id, {"title": "x", "draft_resolution": "y", "majority": "art25"})
    assert "majority" in e.value.errors


async def open_with(conn, syndic, meeting, owners, statuses, holder=0):  # type: ignore[no-untyped-def]
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    for (owner, _), status in zip(owners, statuses, strict=False):
        body = {"owner_id": str(owner["id"]), "status": status}
        if status == "represented":
            body["proxy_holder_owner_id"] = str(owners[holder][0]["id"])
        await attendance.register_presence(conn, syndic, meeting.id, body)
    await voting.open_meeting(conn, syndic, meeting.id)


async def test_quorum_votes_and_result_with_reasoning(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building, items=(("budget", None), ("works", None)))
    await open_with(conn, syndic, meeting, owners, ["present", "present", "represented", "present"], holder=1)
    register = await attendance.register_of(conn, syndic, meeting.id)
    assert register.quorum.met and register.quorum.quota_present == 1000
    items = await meetings.agenda(conn, syndic, meeting.id)
    await voting.open_resolution(conn, syndic, meeting.id, items[1].id)
    (o1, a1), (_o2, a2), (o3, a3), (o4, a4) = owners
    await voting.cast_vote(conn, a1, items[1].id, {"choice": "for"})
    await voting.cast_vote(conn, a2, items[1].id, {"owner_id": str(o3["id"]), "choice": "for"})  # as proxy
    await voting.cast_vote(conn, a2, items[1].id, {"choice": "against"})
    await voting.cast_vote(conn, syndic, items[1].id, {"owner_id": str(o4["id"]), "choice": "abstain"})
    with pytest.raises(Conflict):
        await voting.cast_vote(conn, a2, items[1].id, {"choice": "for"})
    with pytest.raises(Forbidden):
        await voting.cast_vote(conn, a3, items[1].id, {"choice": "for"})  # represented, not in the room
    with pytest.raises(Forbidden):
        await voting.cast_vote(conn, a2, items[1].id, {"owner_id": str(o1["id"]), "choice": "against"})
    closed = await voting.close_resolution(conn, syndic, meeting.id, items[1].id)
    # 550 for, 250 against, 200 abstaining (not cast): 550/800 ≥ 2/3 (533.3…)
    assert closed.adopted and closed.result["for_quota"] == 550 and closed.result["for_needed"] == 534
    assert closed.result["abstain_quota"] == 200 and closed.result["cast_quota"] == 800
    assert [p["name"] for p in closed.result["against"]] == ["Alex Nom2"]
    with pytest.raises(Conflict):
        await voting.cast_vote(conn, a4, items[1].id, {"choice": "for"})
    done = await voting.close_meeting(conn, syndic, meeting.id)
    assert done.status == "closed" and done.quorum_met


async def test_a_holder_above_the_others_is_capped(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building, items=(("budget", None),))
    await open_with(conn, syndic, meeting, owners, ["present", "present", "represented", "absent"])
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    (_o1, a1), (_o2, a2), (o3, _), _o4 = owners
    await voting.cast_vote(conn, a1, item.id, {"choice": "for"})
    await voting.cast_vote(conn, a1, item.id, {"owner_id": str(o3["id"]), "choice": "for"})
    await voting.cast_vote(conn, a2, item.id, {"choice": "against"})
    closed = await voting.close_resolution(conn, syndic, meeting.id, item.id)
    # the holder's 550 votes are cut to the 250 of the others in the room: 250 for 250 is not more than half
    assert (closed.adopted, closed.result["for_quota"], closed.result["against_quota"]) == (False, 250, 250)
    assert "Alex Nom1" in closed.result["reasons"][0]["text"] and "550" in closed.result["reasons"][0]["text"]


async def test_fourth_proxy_refused_with_the_rule(conn):
    _org, syndic, building, owners = await setup_building(conn, quotas=(100, 100, 100, 100, 100, 500))
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    holder = str(owners[0][0]["id"])
    for owner, _ in owners[1:4]:
        await attendance.register_presence(conn, syndic, meeting.id, {
            "owner_id": str(owner["id"]), "status": "represented", "proxy_holder_owner_id": holder})
    with pytest.raises(Invalid) as e:
        await attendance.register_presence(conn, syndic, meeting.id, {
            "owner_id": str(owners[5][0]["id"]), "status": "represented", "proxy_holder_owner_id": holder})
    assert "3.87" in e.value.errors["proxy_holder_name"]
    with pytest.raises(Invalid) as e:
        await attendance.register_presence(conn, syndic, meeting.id, {
            "owner_id": str(owners[4][0]["id"]), "status": "represented", "proxy_holder_owner_id": "syndic"})
    assert "syndic" in e.value.errors["proxy_holder_name"]


async def test_without_quorum_the_second_session_is_convened_in_one_step(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    await open_with(conn, syndic, meeting, owners, ["absent", "present", "absent", "absent"])
    items = await meetings.agenda(conn, syndic, meeting.id)
    with pytest.raises(Conflict):
        await voting.open_resolution(conn, syndic, meeting.id, items[0].id)
    with pytest.raises(Invalid):
        await convocation.convene_second_session(conn, syndic, meeting.id, {"scheduled_date": "2026-06-20"},
                                                 fake_render, today=date(2026, 6, 15))
    second = await convocation.convene_second_session(
        conn, syndic, meeting.id, {"scheduled_date": "2026-07-01T18:00"}, fake_render, today=date(2026, 6, 15))
    assert (second.session, second.first_session_id, second.status) == (2, meeting.id, "convened")
    assert len(await meetings.agenda(conn, syndic, second.id)) == 1
    assert (await meetings.get_meeting(conn, syndic, meeting.id)).quorum_met is False


async def test_fr_postal_vote_cutoff(conn):
    _org, syndic, building, owners = await setup_building(conn, jurisdiction="FR")
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    with pytest.raises(Invalid) as e:
        await attendance.register_presence(conn, syndic, meeting.id, {
            "owner_id": str(owners[0][0]["id"]), "status": "postal", "postal_received_on": "2026-06-12"})
    assert "11/06/2026" in e.value.errors["postal_received_on"]
    line = await attendance.register_presence(conn, syndic, meeting.id, {
        "owner_id": str(owners[0][0]["id"]), "status": "postal", "postal_received_on": "2026-06-11"})
    assert line.status == "postal"


async def test_minutes_warning_before_thirty_days(conn):
    from queries.meetings.meetings import Meeting
    m = Meeting(*[None] * 20)  # type: ignore[arg-type]
    m = m.__class__(**{**m.__dict__, "scheduled_at": datetime(2026, 6, 15, 18), "status": "closed"})
    assert convocation.minutes_warning(m, "BE", date(2026, 7, 1)) is None
    assert convocation.minutes_warning(m, "BE", date(2026, 7, 10)) == "soon"
    assert convocation.minutes_warning(m, "BE", date(2026, 7, 16)) == "late"
    assert convocation.minutes_warning(m, "FR", date(2026, 7, 10)) == "soon"  # FR: one month (art. 42)


async def test_unanimity_counts_every_owner_present_or_not(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building, items=(("quota_change", None),))
    await open_with(conn, syndic, meeting, owners, ["present", "present", "present", "absent"])
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    for owner, _ in owners[:3]:
        await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owner["id"]), "choice": "for"})
    closed = await voting.close_resolution(conn, syndic, meeting.id, item.id)
    assert (closed.adopted, closed.result["for_quota"], closed.result["base"]) == (False, 800, 1000)


async def test_lot_has_votes_once_its_owner_voted(conn):
    org, syndic, building, owners = await setup_building(conn)
    unit_id = await conn.fetchval("SELECT unit_id FROM unit_owners WHERE owner_id = $1", owners[0][0]["id"])
    assert not await voting.lot_has_votes(conn, org.id, unit_id)
    meeting = await draft(conn, syndic, building)
    await open_with(conn, syndic, meeting, owners, ["present", "present", "present", "absent"])
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    await voting.cast_vote(conn, owners[0][1], item.id, {"choice": "for"})
    assert await voting.lot_has_votes(conn, org.id, unit_id)


async def test_fr_caps_an_owner_above_half_of_all_quotas(conn):
    _org, syndic, building, owners = await setup_building(conn, jurisdiction="FR", quotas=(600, 250, 150))
    meeting = await draft(conn, syndic, building, items=(("budget", None),))
    await open_with(conn, syndic, meeting, owners, ["present", "present", "present"])
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    assert item.majority == "art24"
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    for (owner, _), choice in zip(owners, ("for", "against", "against"), strict=True):
        await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owner["id"]), "choice": choice})
    closed = await voting.close_resolution(conn, syndic, meeting.id, item.id)
    # 600 reduced to the others' 400: 400 for, 400 against is not more than half
    assert (closed.adopted, closed.result["for_quota"], closed.result["against_quota"]) == (False, 400, 400)
    assert "Alex Nom1" in closed.result["reasons"][0]["text"]


async def test_the_register_refuses_a_quota_change_once_the_lot_voted(conn):
    from domain.register import units
    _org, syndic, building, owners = await setup_building(conn)
    unit_id = await conn.fetchval("SELECT unit_id FROM unit_owners WHERE owner_id = $1", owners[0][0]["id"])
    meeting = await draft(conn, syndic, building)
    await open_with(conn, syndic, meeting, owners, ["present", "present", "present", "absent"])
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    await voting.cast_vote(conn, owners[0][1], item.id, {"choice": "for"})
    with pytest.raises(Conflict) as e:
        await units.update_unit(conn, syndic, unit_id, {"quota": 310})
    assert "vote d'assemblée" in e.value.reason


async def test_fr_art_25_1_second_vote_under_art_24(conn):
    from domain.meetings.second_vote import hold_second_vote
    _org, syndic, building, owners = await setup_building(conn, jurisdiction="FR", quotas=(350, 250, 250, 150))
    meeting = await draft(conn, syndic, building, items=(("works", None),))
    await open_with(conn, syndic, meeting, owners, ["present", "present", "present", "absent"])
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    assert item.majority == "art25"
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    for (owner, _), choice in zip(owners[:3], ("for", "against", "abstain"), strict=True):
        await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owner["id"]), "choice": choice})
    closed = await voting.close_resolution(conn, syndic, meeting.id, item.id)
    # 350 of all 1000 votes: not a majority of all (art. 25) but at least a third → second vote (art. 25-1)
    assert not closed.adopted and closed.result["second_vote_possible"]
    second = await hold_second_vote(conn, syndic, meeting.id, item.id)
    assert (second.majority, second.vote_status, second.position) == ("art24", "open", 2)
    with pytest.raises(Conflict):
        await hold_second_vote(conn, syndic, meeting.id, item.id)
    for (owner, _), choice in zip(owners[:3], ("for", "against", "abstain"), strict=True):
        await voting.cast_vote(conn, syndic, second.id, {"owner_id": str(owner["id"]), "choice": choice})
    final = await voting.close_resolution(conn, syndic, meeting.id, second.id)
    assert final.adopted and (final.result["for_quota"], final.result["cast_quota"]) == (350, 600)


async def test_each_email_is_rendered_in_its_recipients_language(conn):
    _org, syndic, building, owners = await setup_building(conn)
    await conn.execute("UPDATE owners SET language = 'nl' WHERE id = $1", owners[0][0]["id"])
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    subjects = {r["recipient"]: r["subject"] for r in await conn.fetch(
        "SELECT x.recipient, x.subject FROM meeting_mailings mm JOIN outbox x ON x.id = mm.outbox_id "
        "WHERE mm.meeting_id = $1", meeting.id)}
    assert subjects == {"o0@example.test": "Convocation AG ordinaire 2026 (nl)",
                        "o2@example.test": "Convocation AG ordinaire 2026 (fr)"}


async def test_a_proxy_held_by_an_absent_owner_counts_for_nothing(conn):
    _org, syndic, building, owners = await setup_building(conn)
    meeting = await draft(conn, syndic, building)
    await convocation.convene(conn, syndic, meeting.id, fake_render, today=TODAY)
    for (owner, _), status in zip(owners[1:], ["present", "represented", "present"], strict=True):
        body = {"owner_id": str(owner["id"]), "status": status}
        if status == "represented":
            body["proxy_holder_owner_id"] = str(owners[0][0]["id"])  # held by owner 0, absent
        await attendance.register_presence(conn, syndic, meeting.id, body)
    register = await attendance.register_of(conn, syndic, meeting.id)
    assert register.quorum.quota_present == 450 and "Alex Nom3" in register.quorum.reasons[0]
    item = (await meetings.agenda(conn, syndic, meeting.id))[0]
    await attendance.register_presence(conn, syndic, meeting.id, {"owner_id": str(owners[0][0]["id"]),
                                                                  "status": "present"})
    await voting.open_meeting(conn, syndic, meeting.id)  # owner 0 came before the opening: quorum
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    await attendance.register_presence(conn, syndic, meeting.id, {"owner_id": str(owners[0][0]["id"]),
                                                                  "status": "absent"})
    with pytest.raises(Invalid):
        await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owners[2][0]["id"]), "choice": "for"})
