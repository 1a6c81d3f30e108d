"""Forward-only numbered SQL migrations, applied in order under an advisory lock.

Each file runs in its own transaction and is recorded with its SHA-256; start-up refuses to run when a file
that was already applied has changed since (fix forward with a new file instead).

A migration may load a versioned data file (a chart of accounts, say) kept beside it in `data/`: a line
`-- load: data/<file>.csv into <table> set <column>=<value>, ...` inserts the CSV's rows (its header names the
columns; `set` adds constant columns) after the file's SQL, in the same transaction; the data file's content is
part of the migration's checksum.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_LOCK_KEY = 7_403_112_026  # arbitrary, constant: one migrator at a time per database
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_LOAD = re.compile(r"^-- load: (data/[a-z0-9_]+\.csv) into ([a-z_]+)(?: set (.+))?$", re.MULTILINE)
_SET = re.compile(r"^([a-z_]+)=([A-Za-z0-9_]+)$")

_CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""
_APPLIED = "SELECT version, checksum FROM schema_migrations"
_RECORD = "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)"


class MigrationChanged(RuntimeError):
    """An already applied migration file no longer matches what was applied."""


@dataclass(frozen=True)
class Migration:
    version: str
    path: Path
    sql: str

    @property
    def loads(self) -> list[tuple[str, str, dict[str, str]]]:
        """The data files this migration loads: (file's text, table, constant columns)."""
        found = []
        for file, table, sets in _LOAD.findall(self.sql):
            constants = {}
            for item in filter(None, (x.strip() for x in sets.split(","))):
                m = _SET.match(item)
                if m is None:
                    raise RuntimeError(f"{self.path.name}: bad load setting {item!r}")
                constants[m[1]] = m[2]
            found.append(((self.path.parent / file).read_text(encoding="utf-8"), table, constants))
        return found

    @property
    def checksum(self) -> str:
        data = "".join(text for text, _, _ in self.loads)
        return hashlib.sha256((self.sql + data).encode()).hexdigest()


_INSERT_JSON = "INSERT INTO {table} ({columns}) SELECT {columns} FROM json_populate_recordset(NULL::{table}, $1::json)"
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def _quoted(name: str) -> str:
    """A table or column named by a migration's data file, checked and quoted (the rows go as one $1 parameter)."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a plain SQL identifier in a migration's load: {name!r}")
    return f'"{name}"'


async def _load(conn: asyncpg.Connection, text: str, table: str, constants: dict[str, str]) -> None:
    """Insert a CSV's rows (plus constant columns) into a table; PostgreSQL casts each value to its column, an
    empty field is NULL."""
    rows = [{**{k: v if v != "" else None for k, v in row.items()}, **constants}
            for row in csv.DictReader(io.StringIO(text))]
    if rows:
        columns = ", ".join(_quoted(c) for c in rows[0])
        await conn.execute(_INSERT_JSON.format(table=_quoted(table), columns=columns), json.dumps(rows))


def discover(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Migration files in version order."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        if not _NAME.match(path.name):
            raise RuntimeError(f"badly named migration: {path.name} (want NNNN_name.sql)")
        found.append(Migration(path.stem, path, path.read_text()))
    versions = [m.version[:4] for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


async def apply_all(conn: asyncpg.Connection, folder: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply the pending migrations; returns the versions applied now."""
    migrations = discover(folder)
    await conn.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
    try:
        await conn.execute(_CREATE_TABLE)
        applied = {r["version"]: r["checksum"] for r in await conn.fetch(_APPLIED)}
        for m in migrations:
            if m.version in applied and applied[m.version] != m.checksum:
                raise MigrationChanged(f"migration {m.path.name} was changed after it was applied")
        done = []
        for m in migrations:
            if m.version in applied:
                continue
            async with conn.transaction():
                await conn.execute(m.sql)
                for text, table, constants in m.loads:
                    await _load(conn, text, table, constants)
                await conn.execute(_RECORD, m.version, m.checksum)
            done.append(m.version)
        return done
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
