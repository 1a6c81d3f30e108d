"""The access policy's scopes, set by the syndic: who sits on a building's board (a mandate with its dates),
and which buildings an accountant is assigned to (none: the whole organisation). A change is seen at the
member's next request (their token is read again once the short token cache lets go)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from domain.access import ACCOUNTANT, BOARD, Actor, require
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields
from domain.platform.audit import record
from domain.register.buildings import get_building
from queries.platform import scopes as q


@dataclass(frozen=True)
class MandateInput:
    user_id: UUID
    starts_on: date
    ends_on: date | None

    @classmethod
    def parse(cls, data: object) -> MandateInput:
        """A board member (a user with that role) and the mandate's dates (from today when not given)."""
        f = Fields(data, allowed={"user_id", "starts_on", "ends_on"})
        user_id = f.uuid("user_id", required=True)
        starts_on = f.date("starts_on") or date.today()
        ends_on = f.date("ends_on")
        if ends_on is not None and ends_on < starts_on:
            f.error("ends_on", _("La fin du mandat précède son début."))
        f.done()
        assert user_id is not None
        return cls(user_id, starts_on, ends_on)


async def building_scopes(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.Scope]:
    """The building's board mandates and assigned accountants."""
    member = require(actor, "member.scope")
    building = await get_building(conn, member, building_id)
    return await q.of_building(conn, member.org_id, building.id)


async def board_candidates(conn: asyncpg.Connection, actor: Actor) -> list[q.MemberRef]:
    """The members who hold the board role (those a mandate can be given to)."""
    member = require(actor, "member.scope")
    return await q.users_with_role(conn, member.org_id, BOARD)


async def add_mandate(conn: asyncpg.Connection, actor: Actor, building_id: UUID, raw: object) -> q.Scope:
    """The syndic records a board mandate on a building for a member who holds the board role."""
    member = require(actor, "member.scope")
    building = await get_building(conn, member, building_id)
    data = MandateInput.parse(raw)
    async with conn.transaction():
        if not await q.has_role(conn, member.org_id, data.user_id, BOARD):
            raise Invalid({"user_id": _("Cet utilisateur n'est pas membre du conseil de copropriété dans votre "
                                        "organisation.")})
        scope_id = await q.insert(conn, member.org_id, data.user_id, BOARD, building.id, data.starts_on,
                                  data.ends_on)
        scope = await q.get(conn, member.org_id, scope_id)
        await record(conn, member, "create", "board_mandate", scope_id, None, scope)
    assert scope is not None
    return scope


async def end_scope(conn: asyncpg.Connection, actor: Actor, scope_id: UUID, day: date | None = None) -> q.Scope:
    """End a mandate or an assignment (today by default)."""
    member = require(actor, "member.scope")
    async with conn.transaction():
        before = await q.get(conn, member.org_id, scope_id)
        if before is None:
            raise NotFound("scope", scope_id)
        if not await q.end(conn, member.org_id, scope_id, day or date.today()):
            raise Conflict(_("Ce mandat est déjà terminé à cette date."))
        after = await q.get(conn, member.org_id, scope_id)
        await record(conn, member, "end", before.role, scope_id, before, after)
    assert after is not None
    return after


async def assign_accountant(conn: asyncpg.Connection, actor: Actor, user_id: UUID,
                            building_ids: list[UUID]) -> list[q.Scope]:
    """Limit an accountant to these buildings (an empty list: the whole organisation again)."""
    member = require(actor, "member.scope")
    async with conn.transaction():
        if not await q.has_role(conn, member.org_id, user_id, ACCOUNTANT):
            raise Invalid({"user_id": _("Cet utilisateur n'est pas comptable dans votre organisation.")})
        before = await q.of_user(conn, member.org_id, user_id)
        await q.clear(conn, member.org_id, user_id, ACCOUNTANT)
        wanted = list(dict.fromkeys(building_ids))
        if len(await q.assign(conn, member.org_id, user_id, ACCOUNTANT, wanted)) != len(wanted):
            raise Invalid({"building_ids": _("Bâtiment inconnu.")})
        after = await q.of_user(conn, member.org_id, user_id)
        await record(conn, member, "assign", "accountant", user_id, {"scopes": before}, {"scopes": after})
    return [s for s in after if s.role == ACCOUNTANT]
