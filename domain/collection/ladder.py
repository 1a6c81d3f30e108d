"""The reminder ladder: each building's steps (delays after the due date, channel, cost), run daily by the worker
on owners' overdue items (never on expenses: only what debited an owner's account), one letter per owner and
step covering the items due for it, each item once per step; the step's cost charged to the owner's account;
a registered letter waits for the syndic to record its deposit before the next step; a hold stops it all."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.collection import letters
from domain.collection.plans import lapse_broken
from domain.errors import Invalid, NotFound
from domain.i18n import _, money
from domain.notifications.notices import notify
from domain.parse import Fields, FormInput, given
from domain.platform.audit import record
from domain.rules.collection import DEFAULT_STEPS, Step, check_steps, step_due
from queries.calls import calls as qc
from queries.collection import arrears as qa
from queries.collection import ladder as q
from queries.platform import outbox as qoutbox
from queries.register import buildings as qb

CHANNELS = ("email", "registered", "lawyer")


@dataclass(frozen=True)
class Letter:
    """What one reminder says, for the web layer to write (e-mail and PDF) in the owner's language."""
    reminder: q.Reminder
    building: qb.Building
    owner: qc.Contact
    step: Step
    items: list[qa.OpenItem]
    printed: letters.Printed = letters.PLAIN  # the letterhead, the address block, how to pay


# → (subject, body, PDF file name, PDF bytes)
Compose = Callable[[Letter], Awaitable[tuple[str, str, str, bytes]]]


async def _building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, lock: bool = False) -> qb.Building:
    found = await (qb.lock if lock else qb.get)(conn, org_id, building_id)
    if found is None:
        raise NotFound("building", building_id)
    return found


def ladder_of(rows: Iterable[q.PolicyStep]) -> tuple[Step, ...]:
    """A building's steps from its rows (none: the defaults)."""
    steps = tuple(Step(r.step, r.delay_days, r.channel, r.cost) for r in rows)
    return steps or DEFAULT_STEPS


async def get_policy(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> tuple[Step, ...]:
    """The building's ladder."""
    member = require(actor, "reminder_policy.read", building_id)
    await _building(conn, member.org_id, building_id, lock=False)
    return ladder_of(await q.steps(conn, member.org_id, building_id))


def parse_steps(data: object) -> list[Step]:
    """`{"steps": [{"delay_days", "channel", "cost"}, …]}` (form: delay_1, channel_1, cost_1 …), 1 to 4 steps."""
    f = Fields(data, {"steps"})
    raw = f.data.get("steps") if not f.form else [
        {"delay_days": f.data.get(f"delay_{i}"), "channel": f.data.get(f"channel_{i}"), "cost": f.data.get(f"cost_{i}")}
        for i in range(1, 5) if f.data.get(f"delay_{i}")]
    if not isinstance(raw, list) or not 1 <= len(raw) <= 4:
        raise Invalid({"steps": _("De une à quatre étapes.")})
    steps, errors = [], dict(f.errors)
    for i, item in enumerate(raw, start=1):
        g = Fields(item if not f.form else FormInput(item), {"delay_days", "channel", "cost"})
        delay = g.integer("delay_days", required=True, min=1, max=730)
        channel = g.choice("channel", CHANNELS, required=True)
        cost = g.decimal("cost", min=Decimal(0), max=Decimal(10000)) or Decimal("0.00")
        errors.update({f"steps[{i}].{k}": v for k, v in g.errors.items()})
        if delay is not None and channel is not None:
            steps.append(Step(i, delay, channel, cost))
    if not errors and check_steps(steps):
        errors["steps"] = _("Chaque étape vient plus tard que la précédente.")
    if errors:
        raise Invalid(errors)
    return steps


async def set_policy(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: object) -> tuple[Step, ...]:
    """Replace the building's ladder."""
    member = require(actor, "reminder_policy.manage", building_id)
    steps = parse_steps(data)
    async with conn.transaction():
        await _building(conn, member.org_id, building_id, lock=True)
        await q.put_steps(conn, member.org_id, building_id,
                          [(s.number, s.delay_days, s.channel, s.cost) for s in steps])
        await record(conn, member, "update", "reminder_policy", building_id, None, {"steps": len(steps)})
    return tuple(steps)


@dataclass(frozen=True)
class Due:
    owner_id: UUID
    step: Step
    items: list[qa.OpenItem]
    printed: letters.Printed = letters.PLAIN  # the letterhead, the address block, how to pay


def due_steps(items: list[qa.OpenItem], steps: tuple[Step, ...], done: list[tuple], today: date,
              held: set[UUID], force: bool = False) -> list[Due]:
    """Per owner, the step each overdue item is due for today, grouped by step (`force`: the next step now,
    whatever its delay — the syndic's "run now")."""
    sent: dict[tuple[UUID, UUID], set[int]] = {}
    last: dict[tuple[UUID, UUID], date] = {}  # the day the item's latest step went
    waiting: set[tuple[UUID, UUID]] = set()
    for owner_id, entry_id, step, channel, registered_on, sent_on in done:
        sent.setdefault((owner_id, entry_id), set()).add(step)
        last[(owner_id, entry_id)] = max(sent_on, last.get((owner_id, entry_id), sent_on))
        if channel == "registered" and registered_on is None:
            waiting.add((owner_id, entry_id))
    groups: dict[tuple[UUID, int], Due] = {}
    for item in items:
        if item.owner_id in held or item.due_date >= today or item.source_kind in ("reminder_cost", "late_interest"):
            continue
        key = (item.owner_id, item.entry_id)
        step = step_due(steps, sent.get(key, set()), item.due_date, date.max if force else today, key in waiting,
                        last.get(key))
        if step is not None:
            groups.setdefault((item.owner_id, step.number), Due(item.owner_id, step, [])).items.append(item)
    return list(groups.values())


async def run_building(conn: asyncpg.Connection, member: Member, building_id: UUID, today: date, compose: Compose,
                       owners: set[UUID] | None = None, force: bool = False) -> list[q.Reminder]:
    """Send the steps due today in one building (only these owners when given), in one transaction."""
    org = member.org_id
    async with conn.transaction():
        building = await _building(conn, org, building_id, lock=True)
        items = [i for i in await qa.open_items(conn, org, building_id) if owners is None or i.owner_id in owners]
        await lapse_broken(conn, member, today, sorted({i.owner_id for i in items}))  # a plan missed: resumes
        dues = due_steps(items, ladder_of(await q.steps(conn, org, building_id)),
                         await q.done(conn, org, building_id), today, await q.held(conn, org, today), force)
        ids = sorted({d.owner_id for d in dues})
        contacts = {c.id: c for c in await qc.contacts(conn, org, ids)}
        extras = await letters.printed(conn, org, building, ids, today)
        return [await _send(conn, member, building, contacts[d.owner_id], d, today, compose,
                            extras.get(d.owner_id, letters.PLAIN)) for d in dues]


async def _send(conn: asyncpg.Connection, member: Member, building: qb.Building, owner: qc.Contact, due: Due,
                today: date, compose: Compose, printed: letters.Printed = letters.PLAIN) -> q.Reminder:
    """One letter: the reminder and its items recorded, the cost posted, the e-mail queued (with the PDF)."""
    org, step = member.org_id, due.step
    total = sum((i.outstanding for i in due.items), Decimal("0.00"))
    reminder = await q.insert_reminder(conn, org, building.id, owner.id, step.number, step.channel, today, total,
                                       step.cost, member.user_id)
    await q.cover(conn, org, reminder.id, owner.id, step.number,
                  [(i.entry_id, i.due_date, i.outstanding) for i in due.items])
    entry_id = None
    if step.cost > 0:
        label = _("Frais de rappel (étape %(n)s) — %(owner)s", n=step.number, owner=owner.name)
        entry = await post_entry(conn, member, building.id, EntryDraft("OD", today, str(label), (
            LineDraft("owners", debit=step.cost, owner_id=owner.id, label=str(label)),
            LineDraft("recovery_costs", credit=step.cost, label=str(label))), source=("reminder_cost", reminder.id)))
        entry_id = entry.id
    outbox_id = None
    if owner.email:
        subject, body, name, pdf = await compose(Letter(reminder, building, owner, step, due.items, printed))
        outbox_id = await qoutbox.enqueue(conn, org, owner.email, subject, body, name, pdf)
    await q.link(conn, org, reminder.id, outbox_id, entry_id)
    await notify(conn, org, "reminder.sent", _("Rappel : %(amount)s restent dus sur votre compte (%(building)s)",
                                               amount=money(total), building=building.name),
                 "/portal", owners=[owner.id], day=today)
    return reminder


async def run_now(conn: asyncpg.Connection, actor: Actor, building_id: UUID, owner_ids: list[UUID], today: date,
                  compose: Compose) -> list[q.Reminder]:
    """The syndic's "run step": the next step now for the selected owners of a building (holds respected)."""
    member = require(actor, "reminder.run", building_id)
    if not owner_ids:
        raise Invalid({"owner_ids": _("Choisissez au moins un copropriétaire.")})
    return await run_building(conn, member, building_id, today, compose, set(owner_ids), force=True)


async def building_reminders(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.Reminder]:
    """The building's reminders, the latest first."""
    member = require(actor, "arrears.read", building_id)
    await _building(conn, member.org_id, building_id, lock=False)
    return await q.reminders(conn, member.org_id, building_id)


async def record_registered(conn: asyncpg.Connection, actor: Actor, reminder_id: UUID, data: object) -> q.Reminder:
    """The registered letter's deposit date and tracking number: the ladder goes on from it."""
    member = require(actor, "reminder.run")
    f = Fields(data, {"registered_on", "tracking_number"})
    on, tracking = f.date("registered_on", required=True), f.text("tracking_number", required=True, max_len=60)
    if f.errors:
        raise Invalid(f.errors)
    async with conn.transaction():
        found = await q.get(conn, member.org_id, reminder_id)
        if found is None or not member.reaches(found.building_id):
            raise NotFound("reminder", reminder_id)
        done = await q.registered(conn, member.org_id, reminder_id, given(on), given(tracking))
        if done is None:
            raise Invalid({"reminder": _("Cette étape n'est pas un envoi recommandé.")})
        await record(conn, member, "registered", "reminder", reminder_id, found, done)
    return done


def describe(step: Step) -> str:
    """The step in words, for a log line."""
    return f"{step.number}:{step.channel}+{money(step.cost)}"
