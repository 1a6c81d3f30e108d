"""Every area's desk provider, listed by name (see item.py). An area adds its own line here; nothing registers
itself."""
from __future__ import annotations

from domain.accounting.desk import years_to_close
from domain.accounting.drafts import drafts_to_post
from domain.bank.desk import bank_desk
from domain.calls.desk import calls_desk
from domain.collection.desk import reminders_desk
from domain.desk import today
from domain.desk.item import Provider
from domain.maintenance import desk as maintenance

PROVIDERS: tuple[Provider, ...] = (
    today.expenses_to_approve,
    today.minutes_to_send,
    today.requests_to_answer,
    today.assemblies_to_convene,
    today.failed_convocations,
    years_to_close, drafts_to_post,
    maintenance.overdue_tickets, maintenance.expiring_certificates, maintenance.overdue_decisions,
    calls_desk,
    bank_desk,
    reminders_desk,
)
