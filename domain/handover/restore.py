"""A handover ZIP imported into an empty organisation (a syndic taking a building over from another KoproGo
user): the manifest's hashes checked first, every id renewed, every row restored in the exporters' order in one
transaction, every file stored again; balances, vote results and file hashes come out identical."""
from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting import charges as books
from domain.errors import Conflict, Invalid, NotFound
from domain.handover.archive import FORMAT
from domain.handover.exporters import EXPORTERS, invoice_path, loads, version_path
from domain.i18n import _
from domain.platform.audit import record
from domain.storage import Storage, new_key
from queries.collection import arrears
from queries.handover import tables as t

MAX_ARCHIVE_UNPACKED = 4 * 1024 * 1024 * 1024
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NOT_NULL_USERS = {("votes", "cast_by")}  # a vote keeps who recorded it: the importer, as no user is carried
_NOT_CARRIED = {"users", "outbox"}  # the outgoing firm's users and sent mail: not carried, the reference emptied


@dataclass(frozen=True)
class ImportReport:
    counts: dict[str, int]
    files: int
    members: list[dict[str, Any]]


def _bad(message: Any) -> Invalid:
    return Invalid({"file": message})


def read_archive(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every file it lists, each checked against its SHA-256 (nothing else is read)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = {i.filename: i for i in archive.infolist()}
        if sum(i.file_size for i in infos.values()) > MAX_ARCHIVE_UNPACKED:
            raise _bad(_("Archive démesurée une fois décompressée : refusée."))
        manifest = loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise _bad(_("Ce fichier n'est pas une archive de transfert KoproGo (manifest.json manquant).")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _bad(_("Format d'archive non reconnu (attendu : %(format)s).", format=FORMAT))
    files: dict[str, bytes] = {}
    for path, digest in manifest.get("files", {}).items():
        if path not in infos:
            raise _bad(_("Fichier manquant dans l'archive : %(path)s.", path=path[:200]))
        content = archive.read(path)
        if hashlib.sha256(content).hexdigest() != digest:
            raise _bad(_("Empreinte SHA-256 différente pour %(path)s : archive altérée.", path=path[:200]))
        files[path] = content
    return manifest, files


class _Ids:
    """Old ids → new ones, per table."""

    def __init__(self) -> None:
        self.by_table: dict[str, dict[str, str]] = {}
        self.every: dict[str, str] = {}

    def fresh(self, table: str, old: str) -> str:
        new = str(uuid.uuid4())
        self.by_table.setdefault(table, {})[old] = new
        self.every[old] = new
        return new

    def of(self, table: str, old: Any) -> str | None:
        if old is None:
            return None
        found = self.by_table.get(table, {}).get(str(old))
        if found is None:
            raise _bad(_("Archive incohérente : %(table)s %(id)s introuvable.", table=table, id=str(old)[:40]))
        return found

    def deep(self, value: Any) -> Any:
        """Any id inside text or JSON (a generated document's key, a vote result's voters) renewed."""
        if isinstance(value, str):
            return _UUID.sub(lambda m: self.every.get(m.group(0), m.group(0)), value)
        if isinstance(value, list):
            return [self.deep(v) for v in value]
        if isinstance(value, dict):
            return {self.deep(k): self.deep(v) for k, v in value.items()}
        return value


def _remap(spec: t.TableSpec, rows: list[dict[str, Any]], ids: _Ids, member: Member) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        new = {c: row.get(c) for c in spec.columns}
        new["organization_id"] = str(member.org_id)
        if spec.has_id:
            new["id"] = ids.by_table[spec.name][str(row["id"])]
        for column, target in spec.refs.items():
            if target in _NOT_CARRIED:
                new[column] = str(member.user_id) if (spec.name, column) in _NOT_NULL_USERS else None
            else:
                new[column] = ids.of(target, row.get(column))
        for column in ("generated_key", "result", "party", "source_id", "lines"):
            if column in new:
                new[column] = ids.deep(new[column])
        out.append(new)
    return out


async def _store_files(member: Member, storage: Storage, rows: dict[str, list[dict[str, Any]]],
                       files: dict[str, bytes], stored: list[str]) -> None:
    """Each invoice and document version stored again under a new key of the organisation."""
    for row in rows.get("expenses", []):
        if row.get("file_key"):
            data = files.get(invoice_path(row))
            if data is None:
                raise _bad(_("Facture manquante dans l'archive : %(path)s.", path=invoice_path(row)))
            row["file_key"] = new_key("invoices", member.org_id, row["file_key"].rsplit(".", 1)[-1])
            await storage.put(row["file_key"], data)
            stored.append(row["file_key"])
    for row in rows.get("document_versions", []):
        data = files.get(version_path(row))
        if data is None or hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise _bad(_("Fichier de document manquant ou altéré : %(path)s.", path=version_path(row)))
        row["storage_key"] = new_key("documents", member.org_id, row["storage_key"].rsplit(".", 1)[-1])
        await storage.put(row["storage_key"], data)
        stored.append(row["storage_key"])


async def import_archive(conn: asyncpg.Connection, actor: Actor, storage: Storage, org_id: UUID | None,
                         data: bytes) -> ImportReport:
    """Restore a handover archive into the actor's organisation (`org_id`), which must hold no building yet."""
    member = require(actor, "handover.import")
    if not data:
        raise _bad(_("Choisissez un fichier."))
    if org_id != member.org_id:
        raise NotFound("organization", org_id)
    manifest, files = read_archive(data)
    rows = {spec.name: loads(files.get(f"data/{spec.name}.json", b"[]")) for e in EXPORTERS for spec in e.tables}
    ids = _Ids()
    for exporter in EXPORTERS:
        for spec in exporter.tables:
            if spec.has_id:
                for row in rows[spec.name]:
                    ids.fresh(spec.name, str(row["id"]))
    stored: list[str] = []
    try:
        await _store_files(member, storage, rows, files, stored)
        async with conn.transaction():
            if await t.building_count(conn, member.org_id):
                raise Conflict(_("L'import se fait dans une organisation vide : celle-ci a déjà des immeubles."))
            states = []
            for exporter in EXPORTERS:
                for spec in exporter.tables:
                    remapped = _remap(spec, rows[spec.name], ids, member)
                    if spec is t.FISCAL_YEARS:  # written open: their entries come next
                        states = [{k: y[k] for k in ("id", "state", "closed_at")} for y in remapped]
                        remapped = [{**y, "state": "open", "closed_at": None} for y in remapped]
                    await t.write(conn, spec, remapped)
            await t.restore_year_states(conn, member.org_id, states)
            if not rows[t.JOURNAL_ENTRIES.name]:  # an archive from before the books were carried: rebuilt
                await books.post_what_is_unposted(conn, member.org_id)
            await arrears.rebuild_owner_items(conn, member.org_id)  # its lines came in before their calls
            counts = {name: len(r) for name, r in rows.items()}
            await record(conn, member, "import", "handover", None, None,
                         {"format": manifest["format"], "exported_at": manifest.get("exported_at"), "counts": counts})
    except BaseException:
        for key in stored:
            await storage.delete(key)
        raise
    members = loads(files.get("members.json", b"[]"))
    return ImportReport(counts, len(stored), [{k: m.get(k) for k in ("email", "full_name", "roles")} for m in members])
