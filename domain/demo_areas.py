"""Each area's demo seeder, in the order they must run: the register first (charges and assemblies need its lots)."""
from __future__ import annotations

from domain.accounting.demo import seed_books
from domain.bank.demo import seed_bank
from domain.calls.demo import seed_calls
from domain.charges.demo import seed_charges
from domain.desk.demo import seed_desk
from domain.documents.demo import seed_documents
from domain.maintenance.demo import seed_maintenance
from domain.meetings.demo import seed_assembly
from domain.register.demo import seed_register

SEEDERS = [seed_register, seed_charges, seed_books, seed_assembly, seed_calls, seed_bank, seed_documents,
           seed_maintenance, seed_desk]
