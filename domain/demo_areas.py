"""Each area's demo seeder, in the order they must run: the register first (charges and assemblies need its lots)."""
from __future__ import annotations

from domain.charges_demo import seed_charges
from domain.meetings_demo import seed_assembly
from domain.register_demo import seed_register

SEEDERS = [seed_register, seed_charges, seed_assembly]
