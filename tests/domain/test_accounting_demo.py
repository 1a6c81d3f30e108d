"""The demo books: the charges' seeder posts its expenses and payment, the books' seeder adds a manual entry; the
trial balance sums to zero."""
from __future__ import annotations

from domain.accounting import books
from domain.accounting.demo import seed_books
from domain.charges.demo import seed_charges
from tests.domain.test_charges_demo import context_for
from tests.factories import actor


async def test_demo_books_balance(conn) -> None:
    context, building = await context_for(conn, with_lots=True)
    await seed_charges(conn, context)
    await seed_books(conn, context)
    syndic = actor(context["users"]["syndic"], context["organization"], "syndic")
    tb = await books.trial_balance(conn, syndic, building.id, {})
    assert tb.balanced and tb.debit > 0
    journals = {r["code"] for r in await conn.fetch("SELECT code FROM journals WHERE building_id = $1", building.id)}
    assert journals == {"ACH", "OD", "BQ1"}
