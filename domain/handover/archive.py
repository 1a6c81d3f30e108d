"""The handover ZIP of a building (or a whole organisation): every exporter's tables as JSON and CSV, every
stored file, the members to invite, a summary (balances, vote results) to check the round trip against, a README
describing the format, and a manifest with the SHA-256 of every file."""
from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.handover.exporters import EXPORTERS, Archive, dumps, loads
from domain.storage import Storage
from queries.handover import tables as t

FORMAT = "koprogo.handover/1"
Progress = Callable[[str, int, int], Awaitable[None]]

README = """# KoproGo handover archive ({format})

A building's (or an organisation's) whole file, as handed from one syndic to the next (BE: within 30 days of the
end of the mandate; FR loi 1965 art. 18-2: the archives within one month).

- `manifest.json`: the format, when and from which organisation it was exported, the buildings, the number of
  rows per table, and the SHA-256 of every other file of this archive. Check them before trusting anything.
- `data/<table>.json`: every row of the table, exactly as stored (numbers as exact decimals written as strings
  or numbers, dates ISO 8601, ids UUIDs). `data/<table>.csv`: the same, `;`-separated, UTF-8 with BOM, for a
  spreadsheet. Tables, area by area: {tables}.
- `files/invoices/<expense id>.<ext>`: the invoice of each expense; `files/documents/<document id>/<version>.<ext>`:
  every version of every document, generated PDFs (convocations, minutes, statements) included.
- `members.json`: the users the file concerns (owners' logins, board members) with their roles — no password:
  the new syndic invites them.
- `summary/balances.json` (each owner's charges, payments and balance per building) and `summary/votes.json` (each
  resolution's result): what an import must find again.

The same ZIP imports into an empty KoproGo organisation (`POST /api/v1/organizations/{{id}}/import`): ids are
renewed, balances, vote results and file hashes stay identical.
"""


def balances(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each owner's charges, payments and balance per building, from the exported rows."""
    names = {o["id"]: o.get("company_name") or " ".join(x for x in (o.get("first_name"), o.get("last_name")) if x)
             for o in rows.get("owners", [])}
    sums: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for line in rows.get("charge_lines", []):
        sums[(line["building_id"], line["owner_id"])][0] += Decimal(str(line["amount"]))
    for pay in rows.get("owner_payments", []):
        sums[(pay["building_id"], pay["owner_id"])][1] += Decimal(str(pay["amount"]))
    for opening in rows.get("opening_balances", []):
        sums[(opening["building_id"], opening["owner_id"])][0] += Decimal(str(opening["amount"]))
    return [{"building_id": b, "owner_id": o, "owner": names.get(o, ""), "charges": str(c), "payments": str(p),
             "balance": str(c - p)} for (b, o), (c, p) in sorted(sums.items())]


def vote_results(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each resolution's result as counted and kept."""
    out = []
    for item in rows.get("agenda_items", []):
        result = item.get("result") or {}
        if item.get("majority"):
            out.append({"meeting_id": item["meeting_id"], "position": item["position"], "title": item["title"],
                        "adopted": item.get("adopted"), **{k: result.get(k) for k in (
                            "for_quota", "against_quota", "abstain_quota", "cast_quota", "base")}})
    return sorted(out, key=lambda r: (str(r["meeting_id"]), r["position"]))


async def build(conn: asyncpg.Connection, org_id: UUID, org_name: str | None, building_ids: list[UUID] | None,
                storage: Storage, progress: Progress) -> bytes:
    """The archive's bytes; `progress(step, done, total)` is told after each table and each set of files."""
    archive = Archive(storage)
    total = sum(len(e.tables) + (1 if e.files else 0) for e in EXPORTERS) + 1
    done = 0
    for exporter in EXPORTERS:
        for spec in exporter.tables:
            archive.add_table(spec.name, spec.columns, loads((await t.read(conn, spec, org_id, building_ids)).encode()))
            done += 1
            await progress(spec.name, done, total)
        if exporter.files is not None:
            await exporter.files(archive)
            done += 1
            await progress(f"{exporter.area}:files", done, total)
    owner_ids = [UUID(o["id"]) for o in archive.rows.get("owners", [])]
    archive.add_file("members.json", dumps(await t.members(conn, org_id, building_ids, owner_ids)))
    archive.add_file("summary/balances.json", dumps(balances(archive.rows)))
    archive.add_file("summary/votes.json", dumps(vote_results(archive.rows)))
    names = ", ".join(f"{e.area} ({', '.join(s.name for s in e.tables)})" for e in EXPORTERS)
    archive.add_file("README.md", README.format(format=FORMAT, tables=names).encode())
    manifest = {"format": FORMAT, "exported_at": datetime.now(UTC).isoformat(), "organization": org_name,
                "buildings": [str(b["id"]) for b in archive.rows.get("buildings", [])],
                "counts": {name: len(rows) for name, rows in archive.rows.items()}, "files": archive.hashes()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", dumps(manifest))
        for path, data in sorted(archive.entries.items()):
            z.writestr(path, data)
    await progress("zip", total, total)
    return out.getvalue()
