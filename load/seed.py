"""`make seed-load`: a realistic volume for the load test, loaded set-based in well under two minutes.

Default scale: 50 organisations, 1,000 buildings, 20,000 lots, 25,000 owners (a quarter of the lots held by two
co-owners in halves), 100,000 expenses (four in five approved, with their stored allocation to lots and owners,
shared by the largest remainder to the cent), one payment per owner and building, and per organisation one
syndic and ten owner accounts (linked to owner records) with a bearer token each, for the scenario.

Rows built in Python go in with COPY (asyncpg copy_records_to_table); expenses, their lot shares and the owners'
charge lines are made by INSERT … SELECT in PostgreSQL. The session runs with session_replication_role = replica
(no per-row trigger: the data is consistent by construction and checked at the end by `verify`).

Usage: python -m load.seed [--scale 1.0] [--out var/bench/scenario.json]
(DATABASE_URL, or a private cluster under var/bench/pg that is created, migrated and left running).
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

PASSWORD = "bench-password-1"
OWNER_USERS_PER_ORG = 10
CITIES = [("Bruxelles", "1000"), ("Liège", "4000"), ("Namur", "5000"), ("Gand", "9000"), ("Anvers", "2000"),
          ("Lille", "59000"), ("Paris", "75011"), ("Lyon", "69003"), ("Mons", "7000"), ("Charleroi", "6000")]
LAST = ["Dupont", "Janssens", "Peeters", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
        "Lambert", "Dubois", "Martin", "Leroy", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Renard"]
FIRST = ["Marie", "Jean", "Luc", "Anne", "Sophie", "Pierre", "Lucas", "Emma", "Louis", "Julie", "Noah", "Léa"]
STREETS = ["rue Royale", "avenue Louise", "rue Neuve", "boulevard Anspach", "rue de la Loi", "quai de Rome"]
CATEGORIES = [("water", "6120"), ("energy", "6121"), ("maintenance", "6100"), ("repairs", "6101"),
              ("cleaning", "6102"), ("lift", "6103"), ("syndic_fees", "6130"), ("insurance", "614")]


@dataclass(frozen=True)
class Scale:
    organizations: int = 50
    buildings: int = 1000
    lots: int = 20_000
    owners: int = 25_000
    expenses: int = 100_000

    @classmethod
    def of(cls, factor: float) -> Scale:
        """The default volume times `factor` (at least one of each)."""
        d = cls()
        orgs = max(1, round(d.organizations * factor))
        buildings = max(orgs, round(d.buildings * factor))
        lots = max(buildings, round(d.lots * factor))
        return cls(orgs, buildings, lots, max(lots, round(d.owners * factor)),
                   max(buildings, round(d.expenses * factor)))


class Progress:
    """A one-line progress bar on stderr, by weighted stages."""

    def __init__(self, stages: Mapping[str, float], quiet: bool = False) -> None:
        self.stages, self.done, self.start, self.quiet = stages, 0.0, time.monotonic(), quiet
        self.total = sum(stages.values())

    def step(self, name: str) -> None:
        """Mark stage `name` done."""
        self.done += self.stages[name]
        if self.quiet:
            return
        frac = self.done / self.total
        bar = "#" * int(frac * 40)
        sys.stderr.write(f"\r[{bar:<40}] {frac * 100:5.1f} %  {time.monotonic() - self.start:6.1f} s  {name:<28}")
        sys.stderr.flush()

    def close(self) -> None:
        """End the line."""
        if not self.quiet:
            sys.stderr.write("\n")


@dataclass
class Plan:
    """Rows made in Python, and what the scenario needs to know about them."""
    orgs: list[tuple[Any, ...]] = field(default_factory=list)
    users: list[tuple[Any, ...]] = field(default_factory=list)
    memberships: list[tuple[Any, ...]] = field(default_factory=list)
    tokens: list[tuple[Any, ...]] = field(default_factory=list)
    buildings: list[tuple[Any, ...]] = field(default_factory=list)
    units: list[tuple[Any, ...]] = field(default_factory=list)
    owners: list[tuple[Any, ...]] = field(default_factory=list)
    rights: list[tuple[Any, ...]] = field(default_factory=list)
    scenario: dict[str, Any] = field(default_factory=dict)


def _split(total: int, parts: int) -> list[int]:
    """`total` spread over `parts` as evenly as integers allow."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def plan(scale: Scale, password_hash: str, seed: int = 2026) -> Plan:
    """Every row of the register, users and tokens, deterministic for a given seed."""
    rnd = random.Random(seed)
    p = Plan(scenario={"password": PASSWORD, "organizations": []})
    now = datetime.now(UTC)
    expires = now + timedelta(days=30)
    start = date(2020, 1, 1)
    buildings_per_org = _split(scale.buildings, scale.organizations)
    lots_per_building = _split(scale.lots, scale.buildings)
    co_owned = scale.owners - scale.lots  # lots held in halves by two owners
    b_index = 0
    for o in range(scale.organizations):
        org_id = uuid.uuid4()
        p.orgs.append((org_id, f"Syndic Bench {o + 1:02d}", "syndic_firm", now))
        org_info: dict[str, Any] = {"id": str(org_id), "buildings": [], "syndics": [], "owner_users": []}
        syndic = uuid.uuid4()
        email = f"syndic{o + 1:02d}@bench.koprogo.test"
        p.users.append((syndic, email, password_hash, f"Syndic {o + 1:02d}", "fr", False, now))
        p.memberships.append((org_id, syndic, "syndic", now))
        token = _token(p, syndic, org_id, "syndic", expires)
        org_info["syndics"].append({"email": email, "token": token})
        org_owners: list[tuple[uuid.UUID, uuid.UUID]] = []
        for _ in range(buildings_per_org[o]):
            building_id = uuid.uuid4()
            city, postal = CITIES[b_index % len(CITIES)]
            n_lots = lots_per_building[b_index]
            quotas = _split(9000, n_lots)  # total_quota 10,000: room for lots added under load (quota 1)
            french = len(postal) == 5
            p.buildings.append((building_id, org_id, f"Résidence {LAST[b_index % 20]} {b_index + 1}",
                                f"{rnd.randint(1, 250)} {rnd.choice(STREETS)}", city, postal,
                                "France" if french else "Belgique", n_lots, rnd.randint(1950, 2020),
                                "FR" if french else "BE", 10_000, now, now))
            b_info: dict[str, Any] = {"id": str(building_id), "owners": [], "vat_rate": "20" if french else "21"}
            for lot in range(n_lots):
                unit_id = uuid.uuid4()
                p.units.append((unit_id, org_id, building_id, f"{lot // 4}.{lot % 4 + 1:02d}",
                                "apartment" if lot % 10 else "parking", lot // 4, 55 + (lot * 7) % 80,
                                quotas[lot], now, now))
                holders = [_owner(p, rnd, org_id, now)]
                if co_owned > 0 and lot % 4 == 1:
                    holders.append(_owner(p, rnd, org_id, now))
                    co_owned -= 1
                for i, holder in enumerate(holders):
                    p.rights.append((uuid.uuid4(), org_id, unit_id, holder, "full", 1, len(holders), start, None,
                                     i == 0, now))
                    org_owners.append((holder, building_id))
                    if len(b_info["owners"]) < 8:
                        b_info["owners"].append(str(holder))
            org_info["buildings"].append(b_info)
            b_index += 1
        for holder, holder_building in org_owners[:OWNER_USERS_PER_ORG]:
            user_id = uuid.uuid4()
            email = f"owner{len(p.users):05d}@bench.koprogo.test"
            p.users.append((user_id, email, password_hash, f"Copropriétaire {len(p.users)}", "fr", False, now))
            p.memberships.append((org_id, user_id, "owner", now))
            p.owners[_owner_row[holder]] = p.owners[_owner_row[holder]][:-3] + (user_id, now, now)
            org_info["owner_users"].append({"email": email, "owner_id": str(holder),
                                            "building_id": str(holder_building),
                                            "token": _token(p, user_id, org_id, "owner", expires)})
        p.scenario["organizations"].append(org_info)
    while len(p.owners) < scale.owners:  # owners without a lot yet (buyers-to-be), when the scale asks for more
        _owner(p, rnd, p.orgs[len(p.owners) % len(p.orgs)][0], now)
    _owner_row.clear()
    return p


_owner_row: dict[uuid.UUID, int] = {}


def _owner(p: Plan, rnd: random.Random, org_id: uuid.UUID, now: datetime) -> uuid.UUID:
    owner_id = uuid.uuid4()
    last, first = rnd.choice(LAST), rnd.choice(FIRST)
    _owner_row[owner_id] = len(p.owners)
    p.owners.append((owner_id, org_id, "person", first, last, f"{first}.{last}{len(p.owners)}@example.be".lower(),
                     "+32 2 555 01 01", "fr", True, None, now, now))
    return owner_id


def _token(p: Plan, user_id: uuid.UUID, org_id: uuid.UUID, role: str, expires: datetime) -> str:
    token = f"bench-{uuid.uuid4().hex}{uuid.uuid4().hex}"
    p.tokens.append((uuid.uuid4(), hashlib.sha256(token.encode()).digest(), "bearer", user_id, org_id, role,
                     expires))
    return token


_COPIES = [
    ("organizations", "orgs", ("id", "name", "kind", "created_at")),
    ("users", "users", ("id", "email", "password_hash", "full_name", "locale", "is_superadmin", "created_at")),
    ("memberships", "memberships", ("organization_id", "user_id", "role", "created_at")),
    ("auth_tokens", "tokens", ("id", "token_hash", "kind", "user_id", "organization_id", "active_role",
                               "expires_at")),
    ("buildings", "buildings", ("id", "organization_id", "name", "address", "city", "postal_code", "country",
                                "total_units", "construction_year", "jurisdiction", "total_quota", "created_at",
                                "updated_at")),
    ("units", "units", ("id", "organization_id", "building_id", "number", "unit_type", "floor", "surface_area",
                        "quota", "created_at", "updated_at")),
    ("owners", "owners", ("id", "organization_id", "kind", "first_name", "last_name", "email", "phone", "language",
                          "accepts_email_notices", "user_id", "created_at", "updated_at")),
    ("unit_owners", "rights", ("id", "organization_id", "unit_id", "owner_id", "right_kind", "share_num",
                               "share_den", "start_date", "end_date", "is_contact", "created_at")),
]

# Per building, expenses over the last two years; four in five approved (allocated), the rest drafts.
_EXPENSES = """
INSERT INTO expenses (organization_id, building_id, category, account, nature, description, supplier,
                      invoice_number, amount_excl_vat, vat_rate, vat_amount, total, invoice_date, due_date, status,
                      approved_at, created_at, updated_at)
SELECT organization_id, building_id, c.code, c.account, 'ordinary', 'Facture ' || c.code || ' n° ' || g,
       'Fournisseur ' || (g % 37), 'F-' || g, x.excl, b.rate, round(x.excl * b.rate / 100, 2),
       x.excl + round(x.excl * b.rate / 100, 2),
       x.day, x.day + 30, CASE WHEN g % 5 = 0 THEN 'draft' ELSE 'approved' END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE x.day + interval '3 days' END, now(), now()
FROM (SELECT organization_id, id AS building_id, row_number() OVER (ORDER BY id) AS n,
             CASE jurisdiction WHEN 'FR' THEN 20.00 ELSE 21.00 END AS rate FROM buildings) b
CROSS JOIN LATERAL generate_series(1, $1::int + CASE WHEN b.n <= $2::int THEN 1 ELSE 0 END) AS g
CROSS JOIN LATERAL (SELECT (array[{codes}])[1 + (g + b.n)::int % {ncat}] AS code,
                           (array[{accounts}])[1 + (g + b.n)::int % {ncat}] AS account) c
CROSS JOIN LATERAL (SELECT round((50 + random() * 2450)::numeric, 2) AS excl,
                           (current_date - ((g * 7 + b.n) % 730)::int) AS day) x
""".format(codes=", ".join(f"'{c}'" for c, _ in CATEGORIES), accounts=", ".join(f"'{a}'" for _, a in CATEGORIES),
           ncat=len(CATEGORIES))

# Each approved expense over the building's lots by quota, to the cent by the largest remainder.
_LOT_SHARES = """
INSERT INTO expense_lot_shares (organization_id, expense_id, unit_id, unit_number, weight, key_total, amount,
                                adjustment)
SELECT organization_id, expense_id, unit_id, number, quota, key_total,
       (floor_cents + CASE WHEN rank <= missing THEN 1 ELSE 0 END) / 100.0, 0
FROM (
  SELECT s.*, row_number() OVER (PARTITION BY expense_id ORDER BY exact - floor_cents DESC, number) AS rank,
         round(total * 100) - sum(floor_cents) OVER (PARTITION BY expense_id) AS missing
  FROM (
    SELECT e.organization_id, e.id AS expense_id, e.total, u.id AS unit_id, u.number, u.quota, k.key_total,
           e.total * 100 * u.quota / k.key_total AS exact, floor(e.total * 100 * u.quota / k.key_total) AS floor_cents
    FROM expenses e
    JOIN (SELECT building_id, sum(quota)::numeric AS key_total FROM units GROUP BY building_id) k
      ON k.building_id = e.building_id
    JOIN units u ON u.organization_id = e.organization_id AND u.building_id = e.building_id
    WHERE e.status = 'approved'
  ) s
) r
"""

# Each lot's part to its owners: one owner takes all, two co-owners in halves (the contact takes the odd cent).
_CHARGE_LINES = """
INSERT INTO charge_lines (organization_id, building_id, expense_id, unit_id, owner_id, kinds, share_num, share_den,
                          amount, adjustment, charge_date)
SELECT s.organization_id, e.building_id, s.expense_id, s.unit_id, r.owner_id, '{full}', r.share_num, r.share_den,
       CASE WHEN r.share_den = 1 THEN s.amount
            WHEN r.is_contact THEN s.amount - trunc(s.amount / 2, 2) ELSE trunc(s.amount / 2, 2) END,
       0, e.invoice_date
FROM expense_lot_shares s
JOIN expenses e ON e.organization_id = s.organization_id AND e.id = s.expense_id
JOIN unit_owners r ON r.organization_id = s.organization_id AND r.unit_id = s.unit_id AND r.end_date IS NULL
"""

_PAYMENTS = """
INSERT INTO owner_payments (organization_id, building_id, owner_id, amount, paid_on, reference)
SELECT c.organization_id, c.building_id, c.owner_id, round(sum(c.amount) * 0.9, 2), current_date - 15,
       'Virement ' || left(c.owner_id::text, 8)
FROM charge_lines c GROUP BY c.organization_id, c.building_id, c.owner_id HAVING sum(c.amount) > 0
"""

_VERIFY = """
SELECT
  (SELECT count(*) FROM (SELECT e.id FROM expenses e JOIN expense_lot_shares s ON s.expense_id = e.id
                          GROUP BY e.id, e.total HAVING sum(s.amount) <> e.total) bad) AS bad_lot_sums,
  (SELECT count(*) FROM (SELECT s.expense_id FROM expense_lot_shares s JOIN charge_lines c
                            ON c.expense_id = s.expense_id AND c.unit_id = s.unit_id
                          GROUP BY s.expense_id, s.unit_id, s.amount HAVING sum(c.amount) <> s.amount) bad)
    AS bad_owner_sums,
  (SELECT count(*) FROM units u WHERE NOT EXISTS (SELECT 1 FROM buildings b
                          WHERE b.organization_id = u.organization_id AND b.id = u.building_id)) AS orphan_units
"""


async def seed(conn: asyncpg.Connection, scale: Scale, quiet: bool = False) -> dict[str, Any]:
    """Load `scale` into an empty migrated database; returns the scenario (accounts, tokens, ids)."""
    from domain.platform.users import hash_password
    stages = {"plan": 3, **{table: 1 for table, _, _ in _COPIES}, "expenses": 8, "lot shares": 35,
              "charge lines": 35, "payments": 4, "books": 60, "analyze": 12, "verify": 4}
    progress = Progress(stages, quiet)
    p = plan(scale, hash_password(PASSWORD))
    progress.step("plan")
    await conn.execute("SET session_replication_role = replica")
    await conn.execute("SET synchronous_commit = off")
    await conn.execute("SET work_mem = '256MB'")
    try:
        for table, attr, columns in _COPIES:
            await conn.copy_records_to_table(table, records=getattr(p, attr), columns=list(columns))
            progress.step(table)
        per_building, extra = divmod(scale.expenses, scale.buildings)
        await conn.execute(_EXPENSES, per_building, extra)
        progress.step("expenses")
        await conn.execute(_LOT_SHARES)
        progress.step("lot shares")
        await conn.execute(_CHARGE_LINES)
        progress.step("charge lines")
        await conn.execute(_PAYMENTS)
        progress.step("payments")
        await conn.execute("SELECT accounting_take_over(NULL)")  # the books, posted as migration 0101 does
        await conn.execute("SELECT owner_items_rebuild(NULL)")  # what the lines' trigger keeps (migration 0155)
        progress.step("books")
    finally:
        await conn.execute("SET session_replication_role = origin")
    await conn.execute("VACUUM (ANALYZE)")  # statistics, and visibility maps for index-only scans
    progress.step("analyze")
    problems = dict(await conn.fetchrow(_VERIFY))
    progress.step("verify")
    progress.close()
    if any(problems.values()):
        raise RuntimeError(f"seeded data inconsistent: {problems}")
    return p.scenario


_COUNTED = ("organizations", "buildings", "units", "owners", "unit_owners", "expenses", "expense_lot_shares",
            "charge_lines", "owner_payments", "journal_entries", "entry_lines", "users", "auth_tokens")
# One static statement for all the counts (table names are constants of this module, never input).
_COUNTS = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in _COUNTED)


async def counts(conn: asyncpg.Connection) -> dict[str, int]:
    """Row counts of the seeded tables."""
    return dict(await conn.fetchrow(_COUNTS))


def write_scenario(scenario: dict[str, Any], path: Path) -> None:
    """The accounts, tokens and ids the load generators use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(scenario))


async def _main(args: argparse.Namespace) -> None:
    from queries.db import connect
    from queries.migrate import apply_all
    url = os.environ.get("DATABASE_URL")
    if not url:
        from load.bench import bench_cluster
        url = bench_cluster(Path(args.dir), fresh=True).dsn("koprogo")
    conn = await connect(url)
    try:
        await apply_all(conn)
        if await conn.fetchval("SELECT count(*) FROM buildings"):
            raise SystemExit("the database already holds buildings: seed an empty one")
        started = time.monotonic()
        scenario = await seed(conn, Scale.of(args.scale))
        elapsed = time.monotonic() - started
        write_scenario(scenario, Path(args.out))
        print(f"Seeded in {elapsed:.1f} s: {await counts(conn)}")
        print(f"Database: {url}\nScenario (accounts and tokens): {args.out}")
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the default volume")
    parser.add_argument("--dir", default="var/bench", help="where the private cluster lives (no DATABASE_URL)")
    parser.add_argument("--out", default="var/bench/scenario.json")
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
