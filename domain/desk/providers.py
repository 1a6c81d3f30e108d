"""Every area's desk provider, listed by name (see item.py). An area adds its own line here; nothing registers
itself."""
from __future__ import annotations

from domain.bank.desk import bank_desk
from domain.calls.desk import calls_desk
from domain.desk.item import Provider

PROVIDERS: tuple[Provider, ...] = (calls_desk, bank_desk)
