"""The schema stays Citus-ready: read PostgreSQL's catalog and fail when a tenant table (one with
organization_id) has a primary key, unique constraint, unique index or foreign key to another tenant table
without organization_id, or when a table without organization_id is not marked global (a comment starting
with "global:", a Citus reference table). It reads whatever tables the migrations made, so tables added later
are held to the same rule."""
from __future__ import annotations

import asyncpg
import pytest

from tests.fixtures import run_in_thread
from tests.queries.test_references_per_statement import references

_TABLES = """
SELECT c.oid, c.relname, coalesce(obj_description(c.oid, 'pg_class'), '') AS comment,
       (SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id'
          AND NOT a.attisdropped) AS org
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
ORDER BY c.relname
"""
_CONSTRAINTS = """
SELECT con.conname, con.contype::text AS contype, con.conrelid, con.confrelid, con.conkey, con.confkey,
       pg_get_constraintdef(con.oid) AS def
FROM pg_constraint con WHERE con.contype IN ('p', 'u', 'f') AND con.connamespace = 'public'::regnamespace
"""
_UNIQUE_INDEXES = """
SELECT ix.indrelid, ic.relname, ix.indkey::smallint[] AS cols, pg_get_indexdef(ix.indexrelid) AS def
FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
WHERE ix.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = ix.indexrelid)
  AND ic.relnamespace = 'public'::regnamespace
"""


async def problems(conn: asyncpg.Connection) -> list[str]:
    """Every way the schema is not ready for distribution by organization_id."""
    tables = {r["oid"]: r for r in await conn.fetch(_TABLES)}
    is_global = {oid: r["comment"].startswith("global:") for oid, r in tables.items()}
    tenant = {oid for oid, r in tables.items() if r["org"] is not None and not is_global[oid]}
    found = []
    for oid, r in tables.items():
        if r["org"] is None and not is_global[oid]:
            found.append(f"{r['relname']}: no organization_id and not marked global "
                         f"(COMMENT ON TABLE {r['relname']} IS 'global: why')")
    has_pk = set()
    for c in await conn.fetch(_CONSTRAINTS):
        table = tables.get(c["conrelid"])
        if table is None or c["conrelid"] not in tenant:
            if c["contype"] == "f" and c["conrelid"] in tables and c["confrelid"] in tenant:
                found.append(f"{table['relname']}.{c['conname']}: a global table may not point at a tenant table")
            continue
        org = table["org"]
        if c["contype"] == "p":
            has_pk.add(c["conrelid"])
        if c["contype"] in ("p", "u") and org not in c["conkey"]:
            found.append(f"{table['relname']}.{c['conname']}: {c['def']} lacks organization_id")
        if c["contype"] == "f" and c["confrelid"] in tenant:
            pairs = dict(zip(c["conkey"], c["confkey"], strict=False))
            if pairs.get(org) != tables[c["confrelid"]]["org"]:
                found.append(f"{table['relname']}.{c['conname']}: {c['def']} does not match organization_id "
                             "with organization_id")
    # the references checked by triggers instead of foreign keys (migration 0148) are held to the same rule
    names = {r["relname"]: oid for oid, r in tables.items()}
    for name, child, cols, parent, keys, _mode in (await references(conn))[0]:
        if names.get(child) in tenant and names.get(parent) in tenant and \
                dict(zip(cols.split(","), keys.split(","), strict=True)).get("organization_id") != "organization_id":
            found.append(f"{child}.{name}: ({cols}) -> {parent} ({keys}) does not match organization_id with "
                         "organization_id")
    for oid in tenant - has_pk:
        found.append(f"{tables[oid]['relname']}: no primary key")
    for ix in await conn.fetch(_UNIQUE_INDEXES):
        if ix["indrelid"] in tenant and tables[ix["indrelid"]]["org"] not in ix["cols"]:
            found.append(f"{tables[ix['indrelid']]['relname']}.{ix['relname']}: {ix['def']} lacks organization_id")
    return sorted(found)


def test_every_tenant_key_carries_organization_id(template_url: str) -> None:
    async def check() -> list[str]:
        conn = await asyncpg.connect(template_url)
        try:
            return await problems(conn)
        finally:
            await conn.close()
    assert run_in_thread(check) == []


@pytest.mark.parametrize("ddl, expected", [
    ("CREATE TABLE bad_pk (id uuid PRIMARY KEY, organization_id uuid NOT NULL)", "bad_pk.bad_pk_pkey"),
    ("CREATE TABLE bad_unique (organization_id uuid NOT NULL, id uuid, code text UNIQUE, "
     "PRIMARY KEY (organization_id, id))", "bad_unique.bad_unique_code_key"),
    ("CREATE TABLE bad_fk (organization_id uuid NOT NULL, id uuid, building_id uuid REFERENCES buildings (id), "
     "PRIMARY KEY (organization_id, id))", None),  # refused by PostgreSQL itself: buildings(id) is not a key
    ("CREATE TABLE bad_fk2 (organization_id uuid NOT NULL, id uuid, other_org uuid, building_id uuid, "
     "PRIMARY KEY (organization_id, id), FOREIGN KEY (other_org, building_id) REFERENCES buildings "
     "(organization_id, id))", "bad_fk2.bad_fk2_other_org_building_id_fkey"),
    ("CREATE TABLE bad_index (organization_id uuid NOT NULL, id uuid, code text, PRIMARY KEY (organization_id, id)); "
     "CREATE UNIQUE INDEX bad_index_code ON bad_index (lower(code))", "bad_index.bad_index_code"),
    ("CREATE TABLE unmarked (id uuid PRIMARY KEY)", "unmarked: no organization_id and not marked global"),
    ("CREATE TABLE no_pk (organization_id uuid NOT NULL, x int)", "no_pk: no primary key"),
])
async def test_the_check_catches_a_table_that_breaks_the_rule(conn: asyncpg.Connection, ddl: str,
                                                              expected: str | None) -> None:
    if expected is None:
        with pytest.raises(asyncpg.InvalidForeignKeyError):
            async with conn.transaction():
                await conn.execute(ddl)
        return
    await conn.execute(ddl)
    found = await problems(conn)
    assert len(found) == 1 and found[0].startswith(expected), found


async def test_a_table_that_follows_the_rule_passes(conn: asyncpg.Connection) -> None:
    await conn.execute("""
        CREATE TABLE good (organization_id uuid NOT NULL REFERENCES organizations, id uuid, building_id uuid,
                           code text, PRIMARY KEY (organization_id, id), UNIQUE (organization_id, code),
                           FOREIGN KEY (organization_id, building_id) REFERENCES buildings (organization_id, id));
        CREATE TABLE shared_codes (code text PRIMARY KEY);
        COMMENT ON TABLE shared_codes IS 'global: the same for every organisation';""")
    assert await problems(conn) == []


async def test_a_reference_checked_by_trigger_is_held_to_the_rule(conn: asyncpg.Connection) -> None:
    await conn.execute("""
        CREATE TABLE bad_ref (organization_id uuid NOT NULL, id uuid, other_org uuid, owner_id uuid,
                              PRIMARY KEY (organization_id, id));
        CREATE TRIGGER bad_ref_references AFTER INSERT ON bad_ref REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION references_present(
            'bad_ref_owner', 'other_org,owner_id', 'owners', 'organization_id,id', 'lock');""")
    found = await problems(conn)
    assert len(found) == 1 and found[0].startswith("bad_ref.bad_ref_owner"), found
