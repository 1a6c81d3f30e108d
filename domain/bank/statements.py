"""Bank statements imported from CODA or CAMT.053 files, and each movement matched where it belongs.

- `import_statements` reads a file (format and encoding told from the bytes), checks that every statement is one
  of the building's accounts (its funds' IBANs), reconciles, and follows the previous one (its opening balance is
  the previous closing balance), then posts each movement in that account's bank journal, all in one transaction:
  all or nothing. A statement already imported (same account, closing date and number: CODA's three-digit numbers
  restart each year) is skipped and said so.
- Matching (ACCOUNTING.md): a valid structured communication of an owner of the building → the owner (whatever the
  amount: the owner's balance takes it, a surplus is a credit on the next call); one found in the free text → the
  same; the payer's IBAN already seen paying for exactly one owner → proposed (a person confirms); otherwise the
  suspense account (499). Debits go to suspense until assigned.
- `assign` and `unmatch` change a movement's match by a reversing entry and a new one, never by an edit.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting.posting import EntryDraft, LineDraft, post_entries, post_entry, reverse_entry
from domain.charges.expense_lifecycle import mark_paid
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _, money
from domain.notifications.notices import notify
from domain.parse import Fields
from domain.register.buildings import building_of
from domain.rules.bank_formats import read_statements
from domain.rules.bank_statement import Movement, Statement, find_structured, format_ogm
from queries.bank import statements as q

CENT = Decimal("0.01")
MATCHED, PROPOSED, SUSPENSE = "matched", "proposed", "suspense"
_BANK = _("Banque")  # made once: a statement of 10,000 movements labels 10,000 entries


@dataclass(frozen=True)
class Imported:
    """One statement of the file: imported now, or already there (nothing changed)."""
    id: UUID
    iban: str
    sequence: int
    closing_date: Any
    already: bool
    movements: int
    matched: int


def _journal(kind: str) -> tuple[str, str]:
    """The bank journal and the chart role of the account a fund is paid into."""
    return ("BQ1", "bank_working") if kind == "working" else ("BQ2", "bank_reserve")


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _ogm_reference(text: str) -> int | None:
    """The ten-digit reference of a Belgian structured communication (12 digits), None for anything else."""
    return int(text[:10]) if len(text) == 12 and text.isdigit() else None


def _label(m: Movement | q.StoredMovement) -> str:
    who = m.counterparty_name or m.counterparty_iban
    what = format_ogm(m.structured_communication) if len(m.structured_communication) == 12 \
        else m.structured_communication or m.free_communication
    return " — ".join(x for x in (_BANK, who, what) if x)[:500]


def _lines(kind: str, amount: Decimal, owner_id: UUID | None,
           expense: q.Payable | None = None) -> tuple[LineDraft, ...]:
    """Money in: the bank debited, the owner (or suspense) credited; money out: the supplier (or suspense) debited,
    the bank credited."""
    _code, bank = _journal(kind)
    if amount > 0:
        return (LineDraft(bank, debit=amount),
                LineDraft("owners" if owner_id else "suspense", credit=amount, owner_id=owner_id))
    if expense is not None:
        other = LineDraft("suppliers", debit=-amount, supplier=expense.supplier or expense.description[:200])
    else:
        other = LineDraft("suspense", debit=-amount)
    return (other, LineDraft(bank, credit=-amount))


def _pays(m: Movement, candidates: list[q.Payable], used: set[UUID]) -> q.Payable | None:
    """The approved expense an outgoing movement pays: same amount, and its invoice number in the communication."""
    text = " ".join((m.structured_communication, m.free_communication, m.client_reference)).casefold()
    for e in candidates:
        if e.id not in used and e.total == -_cents(m.amount) and e.invoice_number \
                and e.invoice_number.strip().casefold() in text:
            return e
    return None


def _check_sequence(statement: Statement, last: q.Last | None) -> None:
    """Conflict unless the statement reconciles and opens with the previous statement's closing balance."""
    if not statement.reconciles():
        raise Conflict(_("Le relevé n° %(n)s ne se réconcilie pas : solde initial + mouvements ≠ solde final "
                         "(écart %(d)s).", n=statement.sequence, d=statement.difference()), "file")
    if last is None or last.closing_balance == statement.opening_balance:
        return
    missing = list(range(last.sequence + 1, statement.sequence)) if statement.sequence > last.sequence + 1 else []
    if missing:
        raise Conflict(_("Il manque le(s) relevé(s) n° %(missing)s du compte %(iban)s : le solde initial du n° "
                         "%(n)s n'est pas le solde final du n° %(last)s.",
                         missing=", ".join(str(x) for x in missing), iban=statement.account_iban,
                         n=statement.sequence, last=last.sequence), "file")
    raise Conflict(_("Le solde initial du relevé n° %(n)s (%(opening)s) n'est pas le solde final du relevé "
                     "précédent n° %(last)s (%(closing)s) : un relevé manque.", n=statement.sequence,
                     opening=statement.opening_balance, last=last.sequence, closing=last.closing_balance), "file")


async def import_statements(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: bytes) -> list[Imported]:
    """Import every statement of the file into the building's books, matched; see the module's docstring."""
    member = require(actor, "bank_statement.import", building_id)
    accounts = {a.iban: a for a in await q.accounts(conn, member.org_id, building_id)}
    statements = read_statements(data)
    if not accounts:
        if not await _building_exists(conn, member, building_id):
            raise NotFound("building", building_id)
    for s in statements:
        if s.account_iban not in accounts:
            raise Invalid({"file": _("Ce relevé est celui du compte %(iban)s, qui n'est le compte d'aucun fonds de "
                                     "ce bâtiment.", iban=s.account_iban)})
        if s.currency and s.currency != "EUR":
            raise Invalid({"file": _("Relevé en %(currency)s : seuls les comptes en euros sont tenus.",
                                     currency=s.currency)})
    done: list[Imported] = []
    async with conn.transaction():
        for iban in sorted({s.account_iban for s in statements}):
            await q.lock_account(conn, member.org_id, building_id, iban)
        for s in sorted(statements, key=lambda x: (x.account_iban, x.closing_date, x.sequence)):
            found = await q.existing(conn, member.org_id, building_id, s.account_iban, s.closing_date, s.sequence)
            if found is not None:
                done.append(Imported(found, s.account_iban, s.sequence, s.closing_date, True, 0, 0))
                continue
            _check_sequence(s, await q.last_statement(conn, member.org_id, building_id, s.account_iban))
            done.append(await _import_one(conn, member, building_id, accounts[s.account_iban], s))
    return done


async def _building_exists(conn: asyncpg.Connection, member: Member, building_id: UUID) -> bool:
    try:
        await building_of(conn, member, building_id)
    except NotFound:
        return False
    return True


async def _import_one(conn: asyncpg.Connection, member: Member, building_id: UUID, account: q.Account,
                      s: Statement) -> Imported:
    payments = [m for m in s.payments() if _cents(m.amount) != 0]
    org = member.org_id
    refs = [_ogm_reference(m.structured_communication) or _ogm_reference(find_structured(m.free_communication) or "")
            for m in payments]
    by_ref = await q.owners_by_reference(conn, org, building_id, sorted({r for r in refs if r is not None}))
    by_iban = await q.owners_by_iban(conn, org, building_id, sorted({m.counterparty_iban for m in payments
                                                                     if m.counterparty_iban}))
    payables = await q.payables(conn, org, building_id, sorted({-_cents(m.amount) for m in payments if m.amount < 0}))
    statement_id = await q.insert_statement(
        conn, org, building_id, account.fund_id, s.account_iban, s.format, s.sequence, s.opening_balance,
        s.opening_date, s.closing_balance, s.closing_date, len(payments), member.user_id)
    journal, _bank = _journal(account.kind)
    drafts: list[EntryDraft] = []
    matches: list[tuple[UUID | None, q.Payable | None, str | None, UUID | None]] = []
    used: set[UUID] = set()
    for line_no, (m, ref) in enumerate(zip(payments, refs, strict=True), start=1):
        amount = _cents(m.amount)
        owner = by_ref.get(ref) if ref is not None and amount > 0 else None
        expense = _pays(m, payables, used) if amount < 0 else None
        if expense is not None:
            used.add(expense.id)
        rule = "invoice" if expense else None if owner is None else (
            "structured" if _ogm_reference(m.structured_communication) else "free_text")
        proposed = by_iban.get(m.counterparty_iban) if owner is None and amount > 0 else None
        matches.append((owner, expense, rule, proposed))
        drafts.append(EntryDraft(journal, m.booking_date, _label(m), _lines(account.kind, amount, owner, expense),
                                 document_ref=f"{s.sequence}/{line_no}"[:100], source=("bank_movement", None)))
    entries = await post_entries(conn, member, building_id, drafts)  # one statement for every entry and line
    rows: list[q.NewMovement] = []
    pays: list[tuple[UUID, UUID, Decimal, Any, str]] = []
    for line_no, (m, (owner, expense, rule, proposed), entry) in enumerate(zip(payments, matches, entries,
                                                                              strict=True), start=1):
        amount = _cents(m.amount)
        payment_id = uuid4() if owner else None
        if owner and payment_id:
            pays.append((payment_id, owner, amount, m.booking_date, _reference_text(m)))
        rows.append(q.NewMovement(
            line_no, m.booking_date, m.value_date, amount, m.counterparty_name[:200],
            m.counterparty_iban[:50], m.structured_communication, m.free_communication[:500],
            m.bank_reference[:100], MATCHED if owner or expense else PROPOSED if proposed else SUSPENSE, rule, owner,
            expense.id if expense else None, proposed, payment_id, entry.id))
    await q.insert_payments(conn, org, building_id, member.user_id, pays)
    await q.insert_movements(conn, org, statement_id, building_id, rows)
    await _notify_paid(conn, org, building_id, pays)
    for m, (_owner, expense, _rule, _proposed) in zip(payments, matches, strict=True):
        if expense is not None:
            await _mark_paid(conn, member, expense.id, m.booking_date, m.bank_reference or m.free_communication)
    return Imported(statement_id, s.account_iban, s.sequence, s.closing_date, False, len(rows),
                    sum(1 for r in rows if r.state == MATCHED))


async def _notify_paid(conn: asyncpg.Connection, org: UUID, building_id: UUID,
                       pays: list[tuple[UUID, UUID, Decimal, Any, str]]) -> None:
    """Each owner paid learns it the day the statement comes in: one notice per payment, written for all the
    owners (with an account) paying the same amount on the same day at once."""
    reachable = await q.owners_with_account(conn, org, sorted({p[1] for p in pays}))
    groups: dict[tuple[Decimal, Any, int], list[UUID]] = {}
    seen: dict[tuple[UUID, Decimal, Any], int] = {}
    for _id, owner_id, amount, day, _ref in pays:
        if owner_id in reachable:
            nth = seen[(owner_id, amount, day)] = seen.get((owner_id, amount, day), 0) + 1
            groups.setdefault((amount, day, nth), []).append(owner_id)
    for (amount, day, _nth), owners in groups.items():
        await notify(conn, org, "payment.recorded", _("Paiement de %(amount)s reçu le %(day)s", amount=money(amount),
                                                      day=day), "/portal", owners=owners, about_building=building_id)


async def _mark_paid(conn: asyncpg.Connection, member: Member, expense_id: UUID, day: Any, reference: str) -> None:
    """The supplier's expense marked paid on the movement's day (the charges area's use case)."""
    await mark_paid(conn, member, expense_id, {"paid_on": day.isoformat(), "payment_reference": reference[:100]})


def _reference_text(m: Movement | q.StoredMovement) -> str:
    if len(m.structured_communication) == 12:
        return format_ogm(m.structured_communication)
    return (m.structured_communication or m.free_communication or m.counterparty_name)[:140]


# ---- reading ----

async def building_statements(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.StoredStatement]:
    member = require(actor, "bank_statement.read", building_id)
    found = await q.statements(conn, member.org_id, building_id)
    if not found and not await _building_exists(conn, member, building_id):
        raise NotFound("building", building_id)
    return found


async def get_statement(conn: asyncpg.Connection, actor: Actor,
                        statement_id: UUID) -> tuple[q.StoredStatement, list[q.StoredMovement]]:
    member = require(actor, "bank_statement.read")
    found = await q.statement(conn, member.org_id, statement_id)
    if found is None or not member.reaches(found.building_id):
        raise NotFound("bank_statement", statement_id)
    return found, await q.movements(conn, member.org_id, statement_id)


async def unmatched(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.StoredMovement]:
    """The building's movements left in suspense (proposals included): the "to assign" list."""
    member = require(actor, "bank_statement.read", building_id)
    found = await q.unmatched(conn, member.org_id, building_id)
    if not found and not await _building_exists(conn, member, building_id):
        raise NotFound("building", building_id)
    return found


async def payables_for(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                       movements: list[q.StoredMovement]) -> dict[UUID, list[q.Payable]]:
    """For each outgoing movement to assign, the building's approved unpaid expenses of its amount, those whose
    invoice number its communication carries first (one query for them all)."""
    member = require(actor, "bank_movement.assign", building_id)
    out = [m for m in movements if m.amount < 0]
    if not out:
        return {}
    found = await q.payables(conn, member.org_id, building_id, sorted({-m.amount for m in out}))
    choices: dict[UUID, list[q.Payable]] = {}
    for m in out:
        text = " ".join((m.structured_communication, m.free_communication)).casefold()
        same = [e for e in found if e.total == -m.amount]
        choices[m.id] = sorted(same, key=lambda e: not (e.invoice_number and
                                                       e.invoice_number.strip().casefold() in text))
    return choices


# ---- changing a match ----

async def _movement(conn: asyncpg.Connection, member: Member, movement_id: UUID) -> q.StoredMovement:
    found = await q.movement(conn, member.org_id, movement_id, for_update=True)
    if found is None or not member.reaches(found.building_id):
        raise NotFound("bank_movement", movement_id)
    return found


async def assign(conn: asyncpg.Connection, actor: Actor, movement_id: UUID, data: object) -> q.StoredMovement:
    """Assign a movement in suspense to an owner of the building (a proposal: its owner when none is given): the
    suspense entry reversed, the payment posted to the owner and shown in their ledger."""
    member = require(actor, "bank_movement.assign")
    f = Fields(data)
    owner_id = f.uuid("owner_id")
    expense_id = f.uuid("expense_id")
    f.done()
    async with conn.transaction():
        m = await _movement(conn, member, movement_id)
        require(actor, "bank_movement.assign", m.building_id)
        if m.state == MATCHED:
            raise Conflict(_("Ce mouvement est déjà attribué : annulez d'abord l'attribution."))
        if m.amount < 0:
            return await _assign_expense(conn, member, m, expense_id)
        owner_id = owner_id or m.proposed_owner_id
        if owner_id is None:
            raise Invalid({"owner_id": _("Ce champ est obligatoire.")})
        if not await q.owner_of_building(conn, member.org_id, owner_id, m.building_id):
            raise Invalid({"owner_id": _("Ce copropriétaire n'a pas de lot dans ce bâtiment.")})
        await reverse_entry(conn, member, m.entry_id, entry_date=m.booking_date, source=("bank_movement", m.id))
        journal, _bank = _journal(m.fund_kind)
        entry = await post_entry(conn, member, m.building_id, EntryDraft(
            journal, m.booking_date, _label(m), _lines(m.fund_kind, m.amount, owner_id),
            source=("bank_movement", m.id)))
        payment_id = uuid4()
        await q.insert_payments(conn, member.org_id, m.building_id, member.user_id,
                                [(payment_id, owner_id, m.amount, m.booking_date, _reference_text(m))])
        await q.rematch(conn, member.org_id, m.id, MATCHED, "manual", owner_id, None, payment_id, entry.id)
        done = await q.movement(conn, member.org_id, m.id)
    assert done is not None
    return done


async def _assign_expense(conn: asyncpg.Connection, member: Member, m: q.StoredMovement,
                          expense_id: UUID | None) -> q.StoredMovement:
    """Money out paying a supplier's approved expense of the same amount: the expense marked paid."""
    if expense_id is None:
        raise Invalid({"expense_id": _("Ce champ est obligatoire.")})
    expense = await q.payable(conn, member.org_id, m.building_id, expense_id)
    if expense is None:
        raise Invalid({"expense_id": _("Aucune dépense approuvée et non payée de ce bâtiment ne porte cet identifiant.")})
    if expense.total != -m.amount:
        raise Invalid({"expense_id": _("Le montant de la dépense (%(total)s) n'est pas celui du paiement.",
                                       total=expense.total)})
    await reverse_entry(conn, member, m.entry_id, entry_date=m.booking_date, source=("bank_movement", m.id))
    journal, _bank = _journal(m.fund_kind)
    entry = await post_entry(conn, member, m.building_id, EntryDraft(
        journal, m.booking_date, _label(m), _lines(m.fund_kind, m.amount, None, expense),
        source=("bank_movement", m.id)))
    await q.rematch(conn, member.org_id, m.id, MATCHED, "manual", None, None, None, entry.id, expense.id)
    await _mark_paid(conn, member, expense.id, m.booking_date, m.bank_reference or m.free_communication)
    done = await q.movement(conn, member.org_id, m.id)
    assert done is not None
    return done


async def unmatch(conn: asyncpg.Connection, actor: Actor, movement_id: UUID) -> q.StoredMovement:
    """Undo a match: its entry reversed, the movement back in suspense, the payment out of the owner's ledger."""
    member = require(actor, "bank_movement.assign")
    async with conn.transaction():
        m = await _movement(conn, member, movement_id)
        require(actor, "bank_movement.assign", m.building_id)
        if m.state != MATCHED:
            raise Conflict(_("Ce mouvement n'est attribué à personne."))
        await reverse_entry(conn, member, m.entry_id, entry_date=m.booking_date, source=("bank_movement", m.id))
        journal, _bank = _journal(m.fund_kind)
        entry = await post_entry(conn, member, m.building_id, EntryDraft(
            journal, m.booking_date, _label(m), _lines(m.fund_kind, m.amount, None), source=("bank_movement", m.id)))
        await q.rematch(conn, member.org_id, m.id, SUSPENSE, None, None, None, None, entry.id)
        if m.payment_id is not None:
            await q.delete_payment(conn, member.org_id, m.payment_id)
        if m.expense_id is not None:
            await q.unpay(conn, member.org_id, m.expense_id)
        done = await q.movement(conn, member.org_id, m.id)
    assert done is not None
    return done
