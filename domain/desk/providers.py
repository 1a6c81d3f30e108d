"""Every area's desk provider, listed by name (see item.py). An area adds its own line here; nothing registers
itself."""
from __future__ import annotations

from domain.desk.item import Provider
from domain.maintenance import desk as maintenance

PROVIDERS: tuple[Provider, ...] = (
    maintenance.overdue_tickets, maintenance.expiring_certificates, maintenance.overdue_decisions,
)
