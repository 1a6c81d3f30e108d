"""Holding the meeting: the syndic's live screen (register, quorum, votes), the owner's phone ballot, the minutes."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed, require
from domain.errors import Conflict, Forbidden, Invalid
from domain.meetings import attendance, convocation, meetings, voting
from domain.meetings.ballots import my_ballots
from domain.meetings.minutes import meeting_view
from domain.meetings.second_vote import hold_second_vote
from domain.parse import FormInput
from web import db
from web.auth import current_actor
from web.documents.filing import file_convocation, file_minutes
from web.documents.meetings import convocation_document, minutes_renderer
from web.errors import reason_of, status_of
from web.htmx import page, see_other

bp = Blueprint("meetings_live", __name__)


async def _live(meeting_id: UUID, status: int = 200, block: str | None = None, **extra: Any) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "meeting.follow")
    view = await meeting_view(conn, actor, meeting_id)
    context = {"view": view, "errors": {}, "row_errors": {}, "message": None, **extra}
    return await page("meetings/live.html", block, status, **context)


@bp.get("/meetings/<uuid:meeting_id>/live")
async def live(meeting_id: UUID) -> ResponseReturnValue:
    return await _live(meeting_id, block="live")


@bp.post("/meetings/<uuid:meeting_id>/attendance")
async def record_presence(meeting_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await attendance.register_presence(await db.conn(), current_actor(), meeting_id, form)
    except Invalid as e:
        return await _live(meeting_id, 422, row_errors={form.get("owner_id", ""): e.errors})
    return see_other(f"/meetings/{meeting_id}/live#att-{form.get('owner_id', '')}")


async def _action(meeting_id: UUID, call: Any) -> Any:
    """Run a state change; a refused one re-renders the screen with the reason."""
    try:
        await call
    except (Conflict, Invalid) as e:
        return await _live(meeting_id, status_of(e), message=reason_of(e))
    return see_other(f"/meetings/{meeting_id}/live")


@bp.post("/meetings/<uuid:meeting_id>/open")
async def open_meeting(meeting_id: UUID) -> ResponseReturnValue:
    return await _action(meeting_id, voting.open_meeting(await db.conn(), current_actor(), meeting_id))


@bp.post("/meetings/<uuid:meeting_id>/resolutions/<uuid:item_id>/open")
async def open_resolution(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    return await _action(meeting_id, voting.open_resolution(await db.conn(), current_actor(), meeting_id, item_id))


@bp.post("/meetings/<uuid:meeting_id>/resolutions/<uuid:item_id>/close")
async def close_resolution(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    return await _action(meeting_id, voting.close_resolution(await db.conn(), current_actor(), meeting_id, item_id))


@bp.post("/meetings/<uuid:meeting_id>/resolutions/<uuid:item_id>/second-vote")
async def second_vote(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    return await _action(meeting_id, hold_second_vote(await db.conn(), current_actor(), meeting_id, item_id))


@bp.post("/meetings/<uuid:meeting_id>/officers")
async def officers(meeting_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await voting.set_officers(await db.conn(), current_actor(), meeting_id, form)
    except Invalid as e:
        return await _live(meeting_id, 422, officer_errors=e.errors, officer_form=form)
    except Conflict as e:
        return await _live(meeting_id, 409, message=e.reason)
    return see_other(f"/meetings/{meeting_id}/live#officers")


@bp.post("/meetings/<uuid:meeting_id>/close")
async def close_meeting(meeting_id: UUID) -> ResponseReturnValue:
    response = await _action(meeting_id, voting.close_meeting(await db.conn(), current_actor(), meeting_id))
    return see_other(f"/meetings/{meeting_id}/minutes") if response.status_code == 303 else response


@bp.post("/meetings/<uuid:meeting_id>/second-session")
async def second_session(meeting_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        second = await convocation.convene_second_session(await db.conn(), current_actor(), meeting_id, form,
                                                          convocation_document)
        await file_convocation(await db.conn(), current_actor(), second.id)
    except Invalid as e:
        return await _live(meeting_id, 422, errors=e.errors, second_form=form)
    except Conflict as e:
        return await _live(meeting_id, 409, message=e.reason)
    return see_other(f"/meetings/{second.id}")


@bp.post("/resolutions/<uuid:item_id>/votes")
async def cast(item_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    item = await meetings.get_item(conn, actor, item_id)
    meeting_id = item.meeting_id if item else None
    back = "live" if allowed(actor, "meeting.manage") else "vote"
    try:
        await voting.cast_vote(conn, actor, item_id, FormInput({k: form.get(k) for k in ("owner_id", "choice")}))
    except (Conflict, Invalid, Forbidden) as e:
        if meeting_id is None:
            raise
        if back == "live":
            return await _live(meeting_id, status_of(e), message=reason_of(e))
        return await _vote_page(meeting_id, status_of(e), message=reason_of(e))
    return see_other(f"/meetings/{meeting_id}/{back}")


async def _vote_page(meeting_id: UUID, status: int = 200, block: str | None = None, **extra: Any) -> ResponseReturnValue:
    ballots = await my_ballots(await db.conn(), current_actor(), meeting_id)
    return await page("meetings/vote.html", block, status, ballots=ballots, message=extra.get("message"))


@bp.get("/meetings/<uuid:meeting_id>/vote")
async def vote_page(meeting_id: UUID) -> ResponseReturnValue:
    return await _vote_page(meeting_id, block="ballots")


@bp.get("/meetings/<uuid:meeting_id>/minutes")
async def minutes(meeting_id: UUID) -> ResponseReturnValue:
    view = await meeting_view(await db.conn(), current_actor(), meeting_id)
    return await page("meetings/minutes.html", view=view, message=None)


@bp.post("/meetings/<uuid:meeting_id>/minutes/send")
async def send_minutes(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    view = await meeting_view(conn, actor, meeting_id)
    try:
        await convocation.send_minutes(conn, actor, meeting_id, minutes_renderer(view))
        await file_minutes(conn, actor, view)
    except Conflict as e:
        return await page("meetings/minutes.html", status=409, view=view, message=e.reason)
    return see_other(f"/meetings/{meeting_id}/minutes")
