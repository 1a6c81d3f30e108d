"""The one way into the books: `post_entry` and `reverse_entry`.

Every money flow posts through here: an expense approved (purchases journal, then its allocation to the owners),
a supplier paid, an owner's payment recorded by hand, a balance taken over, and the calls for funds and bank
statements of the later issues::

    draft = EntryDraft(journal="ACH", entry_date=day, label="Facture 42 — Ascenseurs SA",
                       document_ref="F42", source=("expense", expense.id), lines=(
                           LineDraft("cat:lift", debit=Decimal("121.00"), vat_amount=Decimal("21.00")),
                           LineDraft("suppliers", credit=Decimal("121.00"), supplier="Ascenseurs SA")))
    posted = await post_entry(conn, member, building_id, draft)

- It runs inside the caller's transaction (open one: the number, the lines and the source's own change commit or
  roll back together) and never commits.
- A line's account is a chart code ("6100"), a role of the building's chart ("owners", "suppliers",
  "bank_working", "charges_called", "suspense"…: the same call posts on a Belgian and a French building) or an
  expense category ("cat:insurance"). With `owner_id` (or `supplier`) the line goes to that owner's (supplier's)
  sub-account of the control account, created the first time.
- The number is given at posting, per journal and fiscal year, without gaps (the sequence row stays locked until
  the caller's transaction ends). The fiscal year covering the date is opened when there is none (twelve months
  after the last one, or the calendar year); a closed year refuses the entry: `Conflict` (409).
- Each line carries a debit or a credit to the cent, debits equal credits: `Invalid` naming the lines
  (`lines[2]`, `lines`) otherwise (422). PostgreSQL checks the balance again (at the end of each statement writing
  lines, for all its entries at once: migration 0142) and refuses any change to a posted entry:
  a correction is `reverse_entry`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import cast
from uuid import UUID, uuid4

import asyncpg

from domain.access import Member, within
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import Msg, _
from domain.rules.double_entry import line_errors, swapped
from queries.accounting import posting as q

ZERO = Decimal("0.00")

# code: (kind, label, the chart role of a bank journal's account)
JOURNALS: dict[str, tuple[str, str, str | None]] = {
    "ACH": ("purchases", "Achats", None),
    "APF": ("calls", "Appels de fonds", None),
    "BQ1": ("bank", "Banque – fonds de roulement", "bank_working"),
    "BQ2": ("bank", "Banque – fonds de réserve", "bank_reserve"),
    "OD": ("misc", "Opérations diverses", None),
    "AN": ("opening", "À-nouveaux", None),
}
_MESSAGES: dict[str, Msg] = {
    "one_side": _("Chaque ligne porte soit un débit soit un crédit, positif."),
    "cents": _("Montant au centime près."),
    "too_large": _("Montant trop élevé."),
    "too_few": _("Une écriture a au moins deux lignes."),
    "unbalanced": _("Le total des débits doit égaler le total des crédits."),
}


@dataclass(frozen=True)
class LineDraft:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    owner_id: UUID | None = None
    supplier: str | None = None
    unit_id: UUID | None = None
    key_id: UUID | None = None
    vat_amount: Decimal | None = None
    label: str | None = None


@dataclass(frozen=True)
class EntryDraft:
    journal: str
    entry_date: date
    label: str
    lines: tuple[LineDraft, ...]
    document_ref: str | None = None
    source: tuple[str, UUID | None] = ("manual", None)
    reverses_id: UUID | None = field(default=None)


@dataclass(frozen=True)
class PostedEntry:
    id: UUID
    building_id: UUID
    journal: str
    year_id: UUID
    number: int
    entry_date: date
    label: str


def check(draft: EntryDraft) -> None:
    """Invalid naming the lines when the draft is not a balanced entry of known journal."""
    errors: dict[str, str] = {k: _MESSAGES[v] for k, v in line_errors(
        [x.debit for x in draft.lines], [x.credit for x in draft.lines]).items()}
    if draft.journal not in JOURNALS:
        errors["journal"] = _("Journal inconnu.")
    if not draft.label.strip():
        errors["label"] = _("Ce champ est obligatoire.")
    if errors:
        raise Invalid(errors)


def _twelve_months(start: date) -> date:
    """The last day of the twelve months from `start`."""
    try:
        return date(start.year + 1, start.month, start.day) - timedelta(days=1)
    except ValueError:  # 29 February
        return date(start.year + 1, 3, 1) - timedelta(days=1)


async def year_for(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, day: date) -> q.Year:
    """The fiscal year an entry of this day goes into (opened if there is none), locked against its closing;
    Conflict when it is closed."""
    year = await q.year_of(conn, org_id, building_id, day)
    if year is None:
        year = (await open_years(conn, org_id, [(building_id, day)])).get((building_id, day))
        if year is None:
            raise Conflict(_("Aucun exercice ne couvre le %(day)s.", day=day.isoformat()), "entry_date")
    if year.state == "closed":
        raise Conflict(_("L'exercice du %(day)s est clôturé : rien ne s'y enregistre plus.", day=day.isoformat()),
                       "entry_date")
    return year


async def open_years(conn: asyncpg.Connection, org_id: UUID,
                      pairs: list[tuple[UUID, date]]) -> dict[tuple[UUID, date], q.Year]:
    """The years of (building, day)s none covers, opened twelve months after twelve months from the building's last
    year before the day (or 1 January of the day's year), each unless it would overlap one; three statements for
    them all, whatever their number; the years covering the days, locked as read."""
    latest = await q.latest_before_many(conn, org_id, pairs)
    wanted: set[tuple[UUID, date, date]] = set()
    for b, day in pairs:
        ends = latest.get((b, day))
        start = ends + timedelta(days=1) if ends else date(day.year, 1, 1)
        while True:
            end = _twelve_months(start)
            wanted.add((b, start, end))
            if end >= day:
                break
            start = end + timedelta(days=1)
    await q.add_years_many(conn, org_id, sorted(wanted, key=repr))
    return await q.years_of(conn, org_id, pairs)


async def post_entry(conn: asyncpg.Connection, member: Member, building_id: UUID, draft: EntryDraft) -> PostedEntry:
    """Post a balanced entry into the building's books, numbered now; see the module's docstring."""
    within(member, building_id)
    check(draft)
    org = member.org_id
    ids = await q.account_ids(conn, org, building_id, [x.account for x in draft.lines],
                              [x.owner_id for x in draft.lines], [x.supplier for x in draft.lines])
    if not ids:
        raise NotFound("building", building_id)
    unknown = {f"lines[{i}]": _("Compte inconnu : %(code)s.", code=x.account)
               for i, (x, a) in enumerate(zip(draft.lines, ids, strict=True), start=1) if a is None}
    if unknown:
        raise Invalid(unknown)
    year = await year_for(conn, org, building_id, draft.entry_date)
    kind, label, bank = JOURNALS[draft.journal]
    journal = await q.journal_id(conn, org, building_id, draft.journal, kind, label, bank)
    number = await q.next_number(conn, org, journal, year.id)
    entry = q.NewEntry(journal, year.id, number, draft.entry_date, draft.label.strip()[:500],
                       draft.document_ref, draft.source[0], draft.source[1], draft.reverses_id, member.user_id)
    lines = [q.NewLine(a, x.debit, x.credit, x.vat_amount, x.label, x.owner_id, x.unit_id, x.key_id)
             for x, a in zip(draft.lines, ids, strict=True) if a is not None]
    entry_id, _posted_at = await q.insert_entry(conn, org, building_id, entry, lines)
    return PostedEntry(entry_id, building_id, draft.journal, year.id, number, draft.entry_date, entry.label)


async def post_entries(conn: asyncpg.Connection, member: Member, building_id: UUID,
                       drafts: list[EntryDraft]) -> list[PostedEntry]:
    """Post many balanced entries at once (a bank statement's movements): the same checks and numbering as
    `post_entry` — each journal's numbers for a year reserved in one step, in the drafts' order — and every entry
    and line written in one statement; the balance checked by PostgreSQL at its end, once for them all."""
    within(member, building_id)
    for d in drafts:
        check(d)
    if not drafts:
        return []
    org = member.org_id
    keys = sorted({(x.account, x.owner_id, x.supplier) for d in drafts for x in d.lines}, key=repr)
    ids = await q.account_ids(conn, org, building_id, [k[0] for k in keys], [k[1] for k in keys],
                              [k[2] for k in keys])
    if not ids:
        raise NotFound("building", building_id)
    account = dict(zip(keys, ids, strict=True))
    unknown = sorted(k[0] for k, a in account.items() if a is None)
    if unknown:
        raise Invalid({"lines": _("Compte inconnu : %(code)s.", code=", ".join(unknown))})
    years: list[q.Year] = []
    year_of: dict[date, q.Year] = {}
    for day in sorted({d.entry_date for d in drafts}):
        found = next((y for y in years if y.starts_on <= day <= y.ends_on), None)
        if found is None:
            found = await year_for(conn, org, building_id, day)
            years.append(found)
        year_of[day] = found
    journals = {code: await q.journal_id(conn, org, building_id, code, *JOURNALS[code])
                for code in sorted({d.journal for d in drafts})}
    groups: dict[tuple[str, UUID], list[int]] = {}
    for i, d in enumerate(drafts):
        groups.setdefault((d.journal, year_of[d.entry_date].id), []).append(i)
    numbers = [0] * len(drafts)
    for (code, year_id), members in groups.items():
        first = await q.reserve_numbers(conn, org, journals[code], year_id, len(members))
        for n, i in enumerate(members):
            numbers[i] = first + n
    # the COPY's records built at once (no intermediate objects: a bank statement writes 30,000 rows)
    entries: list[tuple[object, ...]] = []
    lines: list[tuple[object, ...]] = []
    posted: list[PostedEntry] = []
    for d, number in zip(drafts, numbers, strict=True):
        entry_id, year_id, day, label = uuid4(), year_of[d.entry_date].id, d.entry_date, d.label.strip()[:500]
        entries.append((org, entry_id, building_id, journals[d.journal], year_id, number, day, label,
                        d.document_ref, d.source[0], d.source[1], member.user_id))
        lines.extend((org, entry_id, n, building_id, year_id, day, account[(x.account, x.owner_id, x.supplier)],
                      x.debit, x.credit, x.vat_amount, x.label, x.owner_id, x.unit_id, x.key_id)
                     for n, x in enumerate(d.lines, start=1))
        posted.append(PostedEntry(entry_id, building_id, d.journal, year_id, number, day, label))
    await q.copy_entries(conn, entries, lines)
    return posted


async def post_entries_many(conn: asyncpg.Connection, member: Member,
                            drafts: list[tuple[UUID, EntryDraft]]) -> list[PostedEntry]:
    """`post_entries` over many buildings at once (a firm's calls issued together), each (building, draft): the
    same checks and numbering — per building, journal and year in the drafts' order — with one statement per step
    for all the buildings (the accounts, the years already open, the journals, the numbers, the entries and their
    lines) and the balance checked once; a year not open yet is opened as `post_entry` opens it."""
    for building_id, d in drafts:
        within(member, building_id)
        check(d)
    if not drafts:
        return []
    org = member.org_id
    keys = sorted({(b, x.account, x.owner_id, x.supplier) for b, d in drafts for x in d.lines}, key=repr)
    account = dict(zip(keys, await q.account_ids_many(conn, org, keys), strict=True))
    unknown = sorted({k[1] for k, a in account.items() if a is None})
    if unknown:
        raise Invalid({"lines": _("Compte inconnu : %(code)s.", code=", ".join(unknown))})
    pairs = sorted({(b, d.entry_date) for b, d in drafts}, key=repr)
    year_of = await q.years_of(conn, org, pairs)
    missing = [p for p in pairs if p not in year_of]
    if missing:
        year_of |= await open_years(conn, org, missing)
    for b, day in pairs:
        if (b, day) not in year_of:
            raise Conflict(_("Aucun exercice ne couvre le %(day)s.", day=day.isoformat()), "entry_date")
        if year_of[(b, day)].state == "closed":
            raise Conflict(_("L'exercice du %(day)s est clôturé : rien ne s'y enregistre plus.",
                             day=day.isoformat()), "entry_date")
    codes = sorted({(b, d.journal) for b, d in drafts}, key=repr)
    journals = await q.journal_ids(conn, org, [(b, c, *JOURNALS[c]) for b, c in codes])
    groups: dict[tuple[UUID, UUID], list[int]] = {}
    for i, (b, d) in enumerate(drafts):
        groups.setdefault((journals[(b, d.journal)], year_of[(b, d.entry_date)].id), []).append(i)
    firsts = await q.reserve_numbers_many(conn, org, [(j, y, len(m)) for (j, y), m in groups.items()])
    numbers = [0] * len(drafts)
    for key, members in groups.items():
        for n, i in enumerate(members):
            numbers[i] = firsts[key] + n
    entries: list[tuple[UUID, UUID, q.NewEntry]] = []
    lines: list[tuple[UUID, q.BatchLine]] = []
    for (b, d), number in zip(drafts, numbers, strict=True):
        entry_id, year_id = uuid4(), year_of[(b, d.entry_date)].id
        entries.append((entry_id, b, q.NewEntry(journals[(b, d.journal)], year_id, number, d.entry_date,
                                                d.label.strip()[:500], d.document_ref, d.source[0], d.source[1], None,
                                                member.user_id)))
        lines.extend((b, q.BatchLine(entry_id, n, year_id, d.entry_date, q.NewLine(
            cast(UUID, account[(b, x.account, x.owner_id, x.supplier)]), x.debit, x.credit, x.vat_amount, x.label,
            x.owner_id, x.unit_id, x.key_id))) for n, x in enumerate(d.lines, start=1))
    await q.insert_entries_many(conn, org, member.user_id, entries, lines)
    return [PostedEntry(i, b, d.journal, e.year_id, e.number, d.entry_date, e.label)
            for (i, b, e), (_b, d) in zip(entries, drafts, strict=True)]


async def reverse_entry(conn: asyncpg.Connection, member: Member, entry_id: UUID, *, entry_date: date,
                        label: str | None = None, source: tuple[str, UUID | None] | None = None) -> PostedEntry:
    """Post the entry's reversal (every line on the other side) dated `entry_date`, in the same journal; an entry
    is reversed once (Conflict otherwise)."""
    original = await q.entry(conn, member.org_id, entry_id)
    if original is None or not member.reaches(original.building_id):
        raise NotFound("journal_entry", entry_id)
    lines = await q.lines(conn, member.org_id, entry_id)
    draft = EntryDraft(
        original.journal_code, entry_date, label or _("Extourne : %(label)s", label=original.label)[:500],
        tuple(LineDraft(x.code, *swapped(x.debit, x.credit), owner_id=x.owner_id, unit_id=x.unit_id,
                        key_id=x.key_id, vat_amount=-x.vat_amount if x.vat_amount is not None else None,
                        label=x.label, supplier=None) for x in lines),
        original.document_ref, source or (original.source_kind, original.source_id), original.id)
    try:
        async with conn.transaction():
            return await _post_reversal(conn, member, original, lines, draft)
    except asyncpg.UniqueViolationError:
        raise Conflict(_("Cette écriture a déjà été extournée.")) from None


async def _post_reversal(conn: asyncpg.Connection, member: Member, original: q.StoredEntry,
                         lines: list[q.StoredLine], draft: EntryDraft) -> PostedEntry:
    """The reversal goes to the very accounts of the original (a supplier's sub-account included)."""
    check(draft)
    year = await year_for(conn, member.org_id, original.building_id, draft.entry_date)
    kind, label, bank = JOURNALS.get(draft.journal, ("misc", draft.journal, None))
    journal = await q.journal_id(conn, member.org_id, original.building_id, draft.journal, kind, label, bank)
    number = await q.next_number(conn, member.org_id, journal, year.id)
    entry = q.NewEntry(journal, year.id, number, draft.entry_date, draft.label, draft.document_ref,
                       draft.source[0], draft.source[1], original.id, member.user_id)
    new_lines = [q.NewLine(x.account_id, d.debit, d.credit, d.vat_amount, x.label, x.owner_id, x.unit_id, x.key_id)
                 for x, d in zip(lines, draft.lines, strict=True)]
    entry_id, _posted_at = await q.insert_entry(conn, member.org_id, original.building_id, entry, new_lines)
    return PostedEntry(entry_id, original.building_id, draft.journal, year.id, number, draft.entry_date, entry.label)
