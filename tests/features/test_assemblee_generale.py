"""Steps of assemblee_generale.feature: the use cases against real PostgreSQL, in the syndic's words."""
from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.errors import DomainError
from domain.meetings import attendance, convocation, meetings, voting
from domain.meetings.convocation import Document
from domain.meetings.minutes import meeting_view
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

scenarios("assemblee_generale.feature", "assemblee_francaise.feature")

VOTES = {"pour": "for", "contre": "against", "abstention": "abstain"}
PRESENCE = {"présent": "present", "représenté": "represented", "absent": "absent"}
MAJORITY_NAMES = {"absolue": "absolute", "des deux tiers": "two_thirds", "des quatre cinquièmes": "four_fifths",
                  "de l'article 24": "art24"}
LAWS = {"belge": "BE", "français": "FR"}


def fr_day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture
async def loop() -> asyncio.AbstractEventLoop:
    """The session's event loop, so that the synchronous steps can drive the async use cases."""
    return asyncio.get_running_loop()


@pytest.fixture
def ag(conn, loop) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """What the scenario builds up: the syndic, the building, owners by name, the meeting, the last error."""
    return {"conn": conn, "run": loop.run_until_complete, "owners": {}, "users": {}, "error": None}


async def fake_render(meeting, building, items, language, letterhead=None):  # type: ignore[no-untyped-def]
    return Document("Convocation", "Bonjour", b"%PDF-1.7", "convocation.pdf")


async def _add_lots(ag: dict[str, Any], rows: list[list[str]]) -> None:
    conn = ag["conn"]
    for number, quota, name, email in rows[1:]:
        unit = await make_unit(conn, ag["org"], ag["building"], number=number, quota=int(quota))
        user = await make_user(conn, ag["org"], "owner")
        owner = await make_owner(conn, ag["org"], last_name=name, user=user, email=f"{name.lower()}@example.test",
                                 accepts_email_notices=email == "oui")
        await give_right(conn, ag["org"], unit, owner)
        ag["owners"][name], ag["users"][name] = owner, actor(user, ag["org"], "owner")


@given(parsers.parse('la copropriété "{name}" de droit {law} avec les lots suivants :'))
def building(ag: dict[str, Any], name: str, law: str, datatable: list[list[str]]) -> None:
    async def setup() -> None:
        ag["org"] = await make_org(ag["conn"])
        ag["syndic"] = actor(await make_user(ag["conn"], ag["org"], "syndic"), ag["org"], "syndic")
        ag["building"] = await make_building(ag["conn"], ag["org"], name=name, jurisdiction=LAWS[law])
        await _add_lots(ag, datatable)
    ag["run"](setup())


@given("les lots supplémentaires :")
def more_lots(ag: dict[str, Any], datatable: list[list[str]]) -> None:
    ag["run"](_add_lots(ag, datatable))


@given(parsers.parse("une assemblée ordinaire le {day} à {hour} avec l'ordre du jour :"))
def assembly(ag: dict[str, Any], day: str, hour: str, datatable: list[list[str]]) -> None:
    async def setup() -> None:
        when_at = f"{fr_day(day).isoformat()}T{hour}"
        ag["meeting"] = await meetings.create_meeting(ag["conn"], ag["syndic"], {
            "building_id": str(ag["building"].id), "meeting_type": "Ordinary", "title": "AG ordinaire",
            "scheduled_date": when_at, "location": "Salle du rez-de-chaussée"})
        for title, kind in datatable[1:]:
            await meetings.add_item(ag["conn"], ag["syndic"], ag["meeting"].id, {
                "title": title, "decision_kind": kind, "draft_resolution": f"L'assemblée décide : {title}."})
    ag["run"](setup())


def _attempt(ag: dict[str, Any], coro: Any) -> Any:
    ag["error"] = None
    try:
        return ag["run"](coro)
    except DomainError as error:
        ag["error"] = error
        return None


@when(parsers.parse("le syndic convoque l'assemblée le {day}"))
def convene(ag: dict[str, Any], day: str) -> None:
    _attempt(ag, convocation.convene(ag["conn"], ag["syndic"], ag["meeting"].id, fake_render, today=fr_day(day)))


@then(parsers.parse('la convocation est refusée avec le message "{text}"'))
def convening_refused(ag: dict[str, Any], text: str) -> None:
    assert ag["error"] is not None and text in ag["error"].errors["scheduled_date"]


@then(parsers.parse("{emails:d} copropriétaires reçoivent la convocation par e-mail et {letters:d} par courrier"))
def convocations_sent(ag: dict[str, Any], emails: int, letters: int) -> None:
    rows = ag["run"](ag["conn"].fetch("SELECT channel FROM meeting_mailings WHERE meeting_id = $1",
                                      ag["meeting"].id))
    channels = [r["channel"] for r in rows]
    assert (channels.count("email"), channels.count("letter")) == (emails, letters)


@when("le syndic inscrit les présences :")
def register(ag: dict[str, Any], datatable: list[list[str]]) -> None:
    for name, status, holder in datatable[1:]:
        body = {"owner_id": str(ag["owners"][name]["id"]), "status": PRESENCE[status]}
        if holder:
            body["proxy_holder_owner_id"] = str(ag["owners"][holder]["id"])
        _attempt(ag, attendance.register_presence(ag["conn"], ag["syndic"], ag["meeting"].id, body))
        assert ag["error"] is None, ag["error"]


@then(parsers.parse("la procuration de {name} à {holder} est refusée avec le message \"{text}\""))
def proxy_refused(ag: dict[str, Any], name: str, holder: str, text: str) -> None:
    _attempt(ag, attendance.register_presence(ag["conn"], ag["syndic"], ag["meeting"].id, {
        "owner_id": str(ag["owners"][name]["id"]), "status": "represented",
        "proxy_holder_owner_id": str(ag["owners"][holder]["id"])}))
    assert ag["error"] is not None and text in ag["error"].errors["proxy_holder_name"]


@then(parsers.parse("le quorum est atteint avec {owners:d} copropriétaires sur {total:d} et {quota:d} quotes-parts "
                    "sur {total_quota:d}"))
def quorum_met(ag: dict[str, Any], owners: int, total: int, quota: int, total_quota: int) -> None:
    reg = ag["run"](attendance.register_of(ag["conn"], ag["syndic"], ag["meeting"].id))
    assert reg.quorum.met
    assert (reg.quorum.owners_present, reg.quorum.total_owners) == (owners, total)
    assert (reg.quorum.quota_present, reg.quorum.total_quota) == (quota, total_quota)


@then("le quorum n'est pas atteint")
def quorum_not_met(ag: dict[str, Any]) -> None:
    assert not ag["run"](attendance.register_of(ag["conn"], ag["syndic"], ag["meeting"].id)).quorum.met


@when("le syndic ouvre la séance")
def open_session(ag: dict[str, Any]) -> None:
    ag["run"](voting.open_meeting(ag["conn"], ag["syndic"], ag["meeting"].id))


def _item(ag: dict[str, Any], position: int) -> Any:
    items = ag["run"](meetings.agenda(ag["conn"], ag["syndic"], ag["meeting"].id))
    return items[position - 1]


@when(parsers.parse("le point {n:d} est voté ainsi :"))
def vote(ag: dict[str, Any], n: int, datatable: list[list[str]]) -> None:
    item = _item(ag, n)
    ag["run"](voting.open_resolution(ag["conn"], ag["syndic"], ag["meeting"].id, item.id))
    for name, choice in datatable[1:]:
        ag["run"](voting.cast_vote(ag["conn"], ag["syndic"], item.id, {
            "owner_id": str(ag["owners"][name]["id"]), "choice": VOTES[choice]}))
    ag["closed"] = ag["run"](voting.close_resolution(ag["conn"], ag["syndic"], ag["meeting"].id, item.id))


@then(parsers.parse("le point {n:d} est adopté à la majorité {rule} avec {pro:d} voix pour, {con:d} contre et "
                    "{rest:d} abstentions"))
def adopted(ag: dict[str, Any], n: int, rule: str, pro: int, con: int, rest: int) -> None:
    item = _item(ag, n)
    result = item.result
    assert item.adopted and result["majority"] == MAJORITY_NAMES[rule]
    assert (result["for_quota"], result["against_quota"], result["abstain_quota"]) == (pro, con, rest)


@when("le syndic clôture l'assemblée")
def close(ag: dict[str, Any]) -> None:
    ag["run"](voting.close_meeting(ag["conn"], ag["syndic"], ag["meeting"].id))
    ag["minutes"] = ag["run"](meeting_view(ag["conn"], ag["syndic"], ag["meeting"].id, today=date(2026, 6, 16)))


def _resolution(ag: dict[str, Any], n: int) -> Any:
    return next(r for r in ag["minutes"].resolutions if r.item.position == n)


@then(parsers.parse("le procès-verbal indique que {name} a voté contre le point {n:d} avec {quota:d} quotes-parts"))
def minutes_against(ag: dict[str, Any], name: str, n: int, quota: int) -> None:
    against = _resolution(ag, n).result["against"]
    assert [(p["name"].split()[-1], p["quota"]) for p in against] == [(name, quota)]


@then(parsers.parse("le procès-verbal indique que {name} s'est abstenu sur le point {n:d}"))
def minutes_abstain(ag: dict[str, Any], name: str, n: int) -> None:
    assert [p["name"].split()[-1] for p in _resolution(ag, n).result["abstain"]] == [name]


@then(parsers.parse("le procès-verbal doit être envoyé au plus tard le {day}"))
def minutes_deadline(ag: dict[str, Any], day: str) -> None:
    assert ag["minutes"].minutes_deadline == fr_day(day)


@when(parsers.parse("le syndic convoque la deuxième séance le {day} à {hour}"))
def second_session(ag: dict[str, Any], day: str, hour: str) -> None:
    ag["second"] = ag["run"](convocation.convene_second_session(
        ag["conn"], ag["syndic"], ag["meeting"].id, {"scheduled_date": f"{fr_day(day).isoformat()}T{hour}"},
        fake_render, today=date(2026, 6, 15)))


@then(parsers.parse("une deuxième séance est convoquée avec le même ordre du jour de {n:d} points"))
def second_convened(ag: dict[str, Any], n: int) -> None:
    second = ag["second"]
    assert (second.session, second.status, second.first_session_id) == (2, "convened", ag["meeting"].id)
    assert len(ag["run"](meetings.agenda(ag["conn"], ag["syndic"], second.id))) == n


def _postal(ag: dict[str, Any], name: str, day: str) -> None:
    _attempt(ag, attendance.register_presence(ag["conn"], ag["syndic"], ag["meeting"].id, {
        "owner_id": str(ag["owners"][name]["id"]), "status": "postal", "postal_received_on": fr_day(day).isoformat()}))


@then(parsers.parse('le formulaire de vote par correspondance de {name} reçu le {day} est refusé avec le message '
                    '"{text}"'))
def postal_refused(ag: dict[str, Any], name: str, day: str, text: str) -> None:
    _postal(ag, name, day)
    assert ag["error"] is not None and text in ag["error"].errors["postal_received_on"]


@when(parsers.parse("le syndic enregistre le vote par correspondance de {name} reçu le {day}"))
def postal(ag: dict[str, Any], name: str, day: str) -> None:
    _postal(ag, name, day)
    assert ag["error"] is None, ag["error"]


@then("l'assemblée délibère sans condition de quorum")
def no_quorum_needed(ag: dict[str, Any]) -> None:
    quorum = ag["run"](attendance.register_of(ag["conn"], ag["syndic"], ag["meeting"].id)).quorum
    assert quorum.met and quorum.route == "not_required"


@then(parsers.parse("le point {n:d} est rejeté avec {pro:d} voix pour sur {total:d} et un second vote est possible"))
def rejected_with_second_vote(ag: dict[str, Any], n: int, pro: int, total: int) -> None:
    item = _item(ag, n)
    assert not item.adopted and item.result["second_vote_possible"]
    assert (item.result["for_quota"], item.result["base"]) == (pro, total)


@when(parsers.parse("le syndic fait revoter le point {n:d} à l'article 24 :"))
def second_vote(ag: dict[str, Any], n: int, datatable: list[list[str]]) -> None:
    from domain.meetings.second_vote import hold_second_vote
    second = ag["run"](hold_second_vote(ag["conn"], ag["syndic"], ag["meeting"].id, _item(ag, n).id))
    for name, choice in datatable[1:]:
        ag["run"](voting.cast_vote(ag["conn"], ag["syndic"], second.id, {
            "owner_id": str(ag["owners"][name]["id"]), "choice": VOTES[choice]}))
    ag["run"](voting.close_resolution(ag["conn"], ag["syndic"], ag["meeting"].id, second.id))
