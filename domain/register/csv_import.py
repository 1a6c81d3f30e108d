"""Onboard a building from a spreadsheet: read a CSV of lots and owners (; or , — UTF-8 or Latin-1), preview every
bad row and why, then write it all in one transaction, or nothing."""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting import charges as books
from domain.errors import Invalid
from domain.i18n import Msg, _
from domain.parse import given
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.register.csv_rows import Row, read_row, shares_problem
from queries.charges import owner_ledger as qledger
from queries.register import buildings as qb
from queries.register import owners as qo
from queries.register import ownership as qr
from queries.register import units as qu

MAX_BYTES = 2_000_000
MAX_ROWS = 10_000
HEADERS = {
    "unit_number": ("unit_number", "lot", "numero", "numero du lot", "n", "n lot", "no"),
    "unit_type": ("unit_type", "type", "type de lot"), "floor": ("floor", "etage"),
    "surface_area": ("surface_area", "surface", "surface m2"),
    "quota": ("quota", "quote-part", "quote part", "quotite", "tantiemes", "milliemes"),
    "last_name": ("last_name", "nom"), "first_name": ("first_name", "prenom"),
    "company_name": ("company_name", "societe", "denomination"),
    "company_number": ("company_number", "numero d'entreprise", "bce", "siren"),
    "email": ("email", "e-mail", "courriel", "mail"), "phone": ("phone", "telephone", "tel"),
    "address": ("address", "adresse"), "postal_code": ("postal_code", "code postal", "cp"),
    "city": ("city", "ville", "localite"), "country": ("country", "pays"),
    "share": ("share", "part"), "right_kind": ("right_kind", "droit", "nature du droit"),
    "start_date": ("start_date", "depuis", "date d'acquisition"),
    "opening_balance": ("opening_balance", "solde", "solde d'ouverture", "solde initial", "solde repris", "reprise"),
    "balance_date": ("balance_date", "date du solde", "solde au"),
}
_LOOKUP = {alias: name for name, aliases in HEADERS.items() for alias in aliases}


def _plain(text: str) -> str:
    """A header without accents, case, ° or surrounding spaces."""
    text = unicodedata.normalize("NFKD", text.replace("°", "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 / Latin-1 as Belgian spreadsheets save."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def split_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The header's field names and the data rows, with the delimiter guessed from the header line."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        return _read(text, delimiter)
    except csv.Error as e:  # a field over csv's limit (131,072 characters), a NUL byte …
        raise Invalid({"file": _("Fichier CSV illisible : %(why)s.", why=str(e))}) from None


def _read(text: str, delimiter: str) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise Invalid({"file": _("Le fichier est vide.")})
    names = [_LOOKUP.get(_plain(h), "") for h in header]
    missing = [n for n in ("unit_number", "quota") if n not in names]
    if missing:
        raise Invalid({"file": _("Colonnes obligatoires absentes : %(cols)s (en-tête lu : %(got)s).",
                                 cols=", ".join(missing), got=" | ".join(header))})
    return names, [r for r in reader if any(cell.strip() for cell in r)]


@dataclass
class Preview:
    """What the import would write, and every problem found (nothing is written while there is one)."""
    rows: list[Row]
    problems: list[Msg] = field(default_factory=list)
    new_owners: int = 0
    known_owners: int = 0
    quota_held: int = 0
    quota_total: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems and all(not r.errors for r in self.rows)

    @property
    def lot_count(self) -> int:
        """How many lots the file creates."""
        return len({r.lot["number"] for r in self.rows if r.lot})

    @property
    def bad_rows(self) -> list[Row]:
        """The rows with at least one error."""
        return [r for r in self.rows if r.errors]


def _lots_checks(rows: list[Row], taken: set[str]) -> dict[str, list[Row]]:
    """Group rows by lot; a lot's data must agree across its rows; its number must be new; shares add up."""
    by_lot: dict[str, list[Row]] = {}
    for row in rows:
        if row.number:
            by_lot.setdefault(row.number, []).append(row)
    for number, group in by_lot.items():
        first = group[0]
        if number in taken:
            first.errors.append(_("Le lot %(n)s existe déjà dans ce bâtiment.", n=number))
        for other in group[1:]:
            if other.lot and first.lot and other.lot != first.lot:
                other.errors.append(_("Les données du lot %(n)s diffèrent de la ligne %(line)s.", n=number,
                                      line=first.line))
        if problem := shares_problem(group):
            first.errors.append(problem)
    return by_lot


def _owner_key(owner: dict[str, Any]) -> tuple[str, ...]:
    """Two rows name the same owner when they share an e-mail, or else the same names."""
    if owner.get("email"):
        return ("email", owner["email"].lower())
    return ("name", *(str(owner.get(k) or "").lower() for k in ("company_name", "last_name", "first_name")))


async def preview(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: bytes) -> Preview:
    """Read the file and report every bad row and why, writing nothing."""
    member = require(actor, "register.manage")
    building = await get_building(conn, member, building_id)
    return await _check(conn, member, building, data)


async def _check(conn: asyncpg.Connection, member: Member, building: qb.Building, data: bytes) -> Preview:
    if len(data) > MAX_BYTES:
        raise Invalid({"file": _("Fichier trop volumineux (%(max)s octets au plus).", max=MAX_BYTES)})
    names, raw_rows = split_rows(decode(data))
    if len(raw_rows) > MAX_ROWS:
        raise Invalid({"file": _("%(max)s lignes au plus.", max=MAX_ROWS)})
    rows = [read_row(names, cells, line) for line, cells in enumerate(raw_rows, start=2)]
    org = member.org_id
    _lots_checks(rows, await qu.numbers(conn, org, building.id))
    held = await qu.quota_held(conn, org, building.id) + sum(r.lot["quota"] or 0 for r in rows if r.first_of_lot and r.lot)
    result = Preview(rows, quota_held=held, quota_total=building.total_quota)
    if held > building.total_quota:
        result.problems.append(_("Les quotes-parts totaliseraient %(held)s pour un total de %(total)s "
                                 "(%(over)s de trop).", held=held, total=building.total_quota,
                                 over=held - building.total_quota))
    keys = {_owner_key(r.owner) for r in rows if r.owner}
    known = await qo.by_emails(conn, org, [k[1] for k in keys if k[0] == "email"])
    result.known_owners = sum(1 for k in keys if k[0] == "email" and k[1] in known)
    result.new_owners = len(keys) - result.known_owners
    return result


async def confirm(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: bytes) -> Preview:
    """Check again under a lock on the building and write lots, owners and rights, or nothing at all."""
    member = require(actor, "register.manage")
    await get_building(conn, member, building_id)
    async with conn.transaction():
        building = await qb.lock(conn, member.org_id, building_id)
        if building is None:
            raise Invalid({"building_id": _("Bâtiment inconnu.")})
        result = await _check(conn, member, building, data)
        if not result.ok:
            return result
        await _write(conn, member, building, result)
        await record(conn, member, "import", "building", building_id, None,
                     {"lots": result.lot_count, "new_owners": result.new_owners,
                      "opening_balances": sum(1 for r in result.rows if r.opening is not None)})
    return result


async def _write(conn: asyncpg.Connection, member: Member, building: qb.Building, result: Preview) -> None:
    org = member.org_id
    # a checked preview: every first row of a lot describes it, every row with an owner names its lot
    firsts = [(given(r.number), given(r.lot)) for r in result.rows if r.first_of_lot]
    unit_ids = await qu.insert_many(conn, org, [{**lot, "building_id": building.id} for _n, lot in firsts])
    unit_of = {number: uid for (number, _lot), uid in zip(firsts, unit_ids, strict=True)}
    owned = [(r, r.owner) for r in result.rows if r.owner]
    keys = list(dict.fromkeys(_owner_key(owner) for _r, owner in owned))
    known = await qo.by_emails(conn, org, [k[1] for k in keys if k[0] == "email"])
    fresh = [k for k in keys if not (k[0] == "email" and k[1] in known)]
    sample = {_owner_key(owner): owner for _r, owner in reversed(owned)}
    ids = await qo.insert_many(conn, org, [sample[k] for k in fresh])
    owner_of: dict[tuple[str, ...], UUID] = {**{("email", e): i for e, i in known.items()},
                                             **dict(zip(fresh, ids, strict=True))}
    seen: set[str] = set()
    rights = []
    for r, owner in owned:
        number = given(r.number)
        contact = number not in seen
        seen.add(number)
        rights.append((unit_of[number], qr.NewRight(owner_of[_owner_key(owner)], r.right_kind,
                                                    r.share or Fraction(1), r.start or date.today(),
                                                    None, contact)))
    await qr.insert_for_units(conn, org, rights)
    openings: dict[UUID, tuple[Decimal, date]] = {}
    for r, owner in owned:
        if r.opening is not None:
            owner_id = owner_of[_owner_key(owner)]
            amount, day = openings.get(owner_id, (Decimal(0), r.opening_date or r.start or date.today()))
            openings[owner_id] = (amount + r.opening, day)
    try:
        await qledger.insert_opening_balances(conn, org, building.id, member.user_id,
                                              [(o, a, d) for o, (a, d) in openings.items() if a])
        if any(a for a, _d in openings.values()):
            await books.post_what_is_unposted(conn, org)  # the balances into the opening journal
    except asyncpg.UniqueViolationError:
        raise Invalid({"file": _("Un propriétaire a déjà un solde d'ouverture dans ce bâtiment : rien n'a été "
                                 "importé.")}) from None
    try:
        await qr.check_now(conn)
    except asyncpg.CheckViolationError:
        raise Invalid({"file": _("Les parts d'un lot ne totalisent pas 100 % : rien n'a été importé.")}) from None
