"""Every area's desk provider, listed by name (see item.py). An area adds its own line here; nothing registers
itself."""
from __future__ import annotations

from domain.accounting.desk import years_to_close
from domain.desk.item import Provider

PROVIDERS: tuple[Provider, ...] = (years_to_close,)
