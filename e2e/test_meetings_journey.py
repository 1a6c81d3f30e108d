"""Journey: the syndic convenes the demo assembly, registers attendance and opens a resolution; the demo owner
votes from a 360-pixel phone; the syndic, with JavaScript off, closes the vote and the meeting and downloads the
minutes."""
from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login
from queries.db import connect
from tests.fixtures import run_in_thread

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"

# Used only when the register's demo seeder has not given Les Tilleuls its lots yet.
_FALLBACK_REGISTER = """
WITH b AS (SELECT id, organization_id FROM buildings WHERE name = 'Résidence Les Tilleuls'),
     u AS (INSERT INTO units (organization_id, building_id, number, unit_type, quota)
           SELECT b.organization_id, b.id, n::text, 'apartment', q FROM b,
                  (VALUES (1, 300), (2, 250), (3, 250), (4, 200)) AS v(n, q) RETURNING id, organization_id, number),
     o AS (INSERT INTO owners (organization_id, first_name, last_name, user_id, email, accepts_email_notices)
           SELECT b.organization_id, f, l, (SELECT id FROM users WHERE email = e), e, true FROM b,
                  (VALUES ('Jean', 'Martin', 'proprietaire@demo.koprogo.be'), ('Luc', 'Dupont', 'dupont@x.test'),
                          ('Ann', 'Janssens', 'janssens@x.test'), ('Eva', 'Claes', 'claes@x.test')) AS v(f, l, e)
           RETURNING id, organization_id, last_name)
INSERT INTO unit_owners (organization_id, unit_id, owner_id, share_num, share_den, start_date, is_contact)
SELECT u.organization_id, u.id, o.id, 1, 1, DATE '2020-01-01', true FROM u JOIN o ON
  (u.number, o.last_name) IN (('1', 'Martin'), ('2', 'Dupont'), ('3', 'Janssens'), ('4', 'Claes'))
"""


@pytest.fixture(scope="module")
def demo_assembly(live_server, pg_cluster):  # type: ignore[no-untyped-def]
    """The demo's draft assembly of Les Tilleuls (with a minimal register if the register's demo is absent)."""
    names = subprocess.run([str(pg_cluster.bindir / "psql"), "-h", str(pg_cluster.sockdir), "-p",
                            str(pg_cluster.port), "-U", "postgres", "-Atc",
                            "SELECT datname FROM pg_database WHERE datname LIKE 'koprogo_e2e%' ORDER BY oid DESC"],
                           check=True, capture_output=True, text=True).stdout.split()
    url = pg_cluster.dsn(names[0])

    async def ensure() -> None:
        conn = await connect(url)
        try:
            if await conn.fetchval("SELECT count(*) FROM meetings") == 0:
                from domain.demo import DEMO_LOGINS  # noqa: F401
                from domain.meetings_demo import seed_assembly
                from queries import accounts as qa
                from queries import buildings as qb
                org_id = await conn.fetchval("SELECT organization_id FROM buildings LIMIT 1")
                if await conn.fetchval("SELECT count(*) FROM units u JOIN buildings b ON b.id = u.building_id "
                                       "WHERE b.name = 'Résidence Les Tilleuls'") == 0:
                    await conn.execute(_FALLBACK_REGISTER)
                org = await qa.get_organization(conn, org_id)
                rows, _ = await qb.list_page(conn, org_id, None, 10, 0)
                syndic = await qa.user_by_email(conn, SYNDIC)
                await seed_assembly(conn, {"organization": org, "users": {"syndic": syndic}, "buildings": rows})
        finally:
            await conn.close()
    run_in_thread(ensure)
    return live_server


def test_syndic_holds_an_assembly_and_an_owner_votes_from_a_phone(page, phone, nojs, demo_assembly):  # type: ignore[no-untyped-def]
    base = demo_assembly
    login(page, base, SYNDIC, DEMO_PASSWORD)
    page.get_by_role("link", name="Assemblées").click()
    page.get_by_role("link", name="Assemblée générale ordinaire").first.click()
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    page.get_by_role("button", name="Convoquer l'assemblée").click()
    expect(page.get_by_role("heading", name="Envois")).to_be_visible()
    page.get_by_role("link", name="Séance").click()
    expect(page.get_by_role("heading", name="Liste de présence")).to_be_visible()

    selects = page.get_by_label(re.compile("^Présence de "))
    for i in range(selects.count()):
        row = page.locator("#register li").nth(i)
        row.get_by_label(re.compile("^Présence de ")).select_option("present")
        row.get_by_role("button", name="Enregistrer").click()
        expect(page.locator("#register li").nth(i).get_by_text(re.compile("inscrit à"))).to_be_visible()
    expect(page.locator("#quorum").get_by_text("atteint", exact=True)).to_be_visible()
    page.get_by_role("button", name="Ouvrir la séance").click()
    page.get_by_role("button", name="Ouvrir le vote sur le point 1").click()
    expect(page.get_by_text("Vote en cours")).to_be_visible()

    login(phone, base, OWNER, DEMO_PASSWORD)
    phone.get_by_role("link", name="Voter").click()
    phone.get_by_role("button", name=re.compile("^Pour")).first.click()
    expect(phone.get_by_text("Vote enregistré : pour").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    expect(page.get_by_text(re.compile(r"1 vote\(s\)"))).to_be_visible(timeout=10_000)  # the screen polls

    login(nojs, base, SYNDIC, DEMO_PASSWORD)
    nojs.goto(page.url)
    nojs.get_by_role("button", name="Clôturer le vote sur le point 1").click()
    expect(nojs.get_by_text("Adoptée").first).to_be_visible()
    nojs.get_by_role("button", name="Clôturer l'assemblée").click()
    expect(nojs.get_by_role("heading", name=re.compile("Procès-verbal"))).to_be_visible()
    with nojs.expect_download() as download:
        nojs.get_by_role("link", name="Télécharger le procès-verbal (PDF)").click()
    assert download.value.suggested_filename == "proces-verbal.pdf"
