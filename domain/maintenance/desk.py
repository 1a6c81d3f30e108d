"""Maintenance and the board on the syndic's desk: tickets open past their deadline, contractors' insurance
certificates lapsed or lapsing within 30 days, actions of the register of decisions past their due date. One
set-based query per kind, limited to the member's organisation and buildings."""
from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from domain.access import Member, allowed
from domain.desk.item import DeskItem
from domain.i18n import _
from queries.board import decisions as qd
from queries.maintenance import contractors as qc
from queries.maintenance import tickets as qt

CERTIFICATE_WARNING = timedelta(days=30)


async def overdue_tickets(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Per building, the open tickets past their deadline (the oldest's page, or the building's list)."""
    if member.own_only is not None or not allowed(member, "ticket.read"):
        return []
    items = []
    for row in await qt.overdue(conn, member.org_id, today, member.building_ids):
        one = row.count == 1
        title = (_("Ticket en retard : « %(title)s »", title=row.title) if one
                 else _("%(n)s tickets ouverts au-delà de leur échéance", n=row.count))
        path = f"/tickets/{row.ticket_id}" if one else f"/buildings/{row.building_id}/tickets?overdue=1"
        items.append(DeskItem("ticket.overdue", title, path, row.building_id, row.building_name, row.due_on,
                              row.count))
    return items


async def expiring_certificates(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Contractors whose insurance certificate has lapsed or lapses within 30 days (the firm's, no building)."""
    if not allowed(member, "contractor.read"):
        return []
    found = await qc.expiring(conn, member.org_id, today + CERTIFICATE_WARNING, member.building_ids)
    return [DeskItem("certificate.expiring",
                     _("Attestation d'assurance de %(name)s échue", name=c.company_name)
                     if c.insurance_expires_on and c.insurance_expires_on < today
                     else _("Attestation d'assurance de %(name)s à renouveler", name=c.company_name),
                     f"/contractors/{c.id}", None, None, c.insurance_expires_on) for c in found]


async def overdue_decisions(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Per building, the register's open actions past their due date."""
    if not allowed(member, "decision.read"):
        return []
    items = []
    for row in await qd.overdue(conn, member.org_id, today, member.building_ids):
        one = row.count == 1
        title = (_("Décision de l'AG en retard : « %(title)s »", title=row.title) if one
                 else _("%(n)s décisions de l'AG en retard", n=row.count))
        path = f"/decisions/{row.decision_id}" if one else f"/buildings/{row.building_id}/decisions"
        items.append(DeskItem("decision.overdue", title, path, row.building_id, row.building_name, row.due_on,
                              row.count))
    return items
