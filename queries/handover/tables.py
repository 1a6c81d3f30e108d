"""The tables a handover carries, area by area: each with its columns, which building it belongs to (the export's
scope) and which of its columns point at other rows (remapped to fresh ids on import). Read as JSON with
PostgreSQL's to_jsonb (exact numbers, ISO dates) and written back with jsonb_populate_recordset: one statement
per table each way, the values always one bind parameter. A test checks each column list against the schema, so
a migration that adds a column fails until its table here is updated."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg

# $1 the organisation, $2 the buildings exported (NULL: the whole organisation)
IN_BUILDINGS = "($2::uuid[] IS NULL OR t.building_id = ANY($2))"
_UNITS = "SELECT id FROM units WHERE organization_id = $1 AND ($2::uuid[] IS NULL OR building_id = ANY($2))"
_MEETINGS = "SELECT id FROM meetings WHERE organization_id = $1 AND ($2::uuid[] IS NULL OR building_id = ANY($2))"


@dataclass(frozen=True)
class TableSpec:
    """One table: its name, columns (in the schema's order), the scope clause and the references to remap
    (column → the table whose id it holds; 'users' are not carried: set to the importer or NULL)."""
    name: str
    columns: tuple[str, ...]
    scope: str
    refs: dict[str, str] = field(default_factory=dict)
    has_id: bool = True

    @property
    def select_sql(self) -> str:
        """The scoped rows as one JSON array (text, so numbers stay exact)."""
        return (f"SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb)::text FROM {self.name} t "
                f"WHERE t.organization_id = $1 AND {self.scope}")

    @property
    def insert_sql(self) -> str:
        """Rows given as one JSON array, typed by the table's own row type."""
        cols = ", ".join(self.columns)
        return (f"INSERT INTO {self.name} ({cols}) SELECT {cols} "
                f"FROM jsonb_populate_recordset(NULL::{self.name}, $1::jsonb)")


def _t(name: str, columns: str, scope: str = IN_BUILDINGS, has_id: bool = True, **refs: str) -> TableSpec:
    return TableSpec(name, tuple(columns.split()), scope, refs, has_id)


BUILDINGS = _t("buildings", "id organization_id name address city postal_code country total_units construction_year "
               "jurisdiction total_quota notice_days created_at updated_at association_number iban",
               "($2::uuid[] IS NULL OR t.id = ANY($2))")
UNITS = _t("units", "id organization_id building_id number unit_type floor surface_area quota created_at updated_at",
           building_id="buildings")
OWNERS = _t("owners", "id organization_id kind first_name last_name company_name company_number email phone address "
            "city postal_code country language accepts_email_notices shares_contact user_id anonymized_at created_at "
            "updated_at",
            f"($2::uuid[] IS NULL OR t.id IN (SELECT owner_id FROM unit_owners WHERE organization_id = $1 AND unit_id "
            f"IN ({_UNITS})) OR t.id IN (SELECT owner_id FROM charge_lines WHERE organization_id = $1 AND "
            f"building_id = ANY($2)) OR t.id IN (SELECT owner_id FROM owner_payments WHERE organization_id = $1 "
            f"AND building_id = ANY($2)) OR t.id IN (SELECT owner_id FROM opening_balances WHERE organization_id = $1 "
            f"AND building_id = ANY($2)) OR t.id IN (SELECT owner_id FROM entry_lines WHERE organization_id = $1 "
            f"AND building_id = ANY($2)))", user_id="users")
UNIT_OWNERS = _t("unit_owners", "id organization_id unit_id owner_id right_kind share_num share_den start_date end_date "
                 "is_contact created_at", f"t.unit_id IN ({_UNITS})", unit_id="units", owner_id="owners")
SHARING_KEYS = _t("sharing_keys", "id organization_id building_id name created_at updated_at", building_id="buildings")
KEY_WEIGHTS = _t("sharing_key_weights", "organization_id key_id unit_id weight", f"t.unit_id IN ({_UNITS})",
                 has_id=False, key_id="sharing_keys", unit_id="units")
EXPENSES = _t("expenses", "id organization_id building_id category account nature description supplier invoice_number "
              "amount_excl_vat vat_rate vat_amount total invoice_date due_date sharing_key_id status cancel_reason "
              "corrects_id file_key file_name file_type file_size approved_at approved_by paid_on payment_reference "
              "created_by created_at updated_at", building_id="buildings", sharing_key_id="sharing_keys",
              corrects_id="expenses", approved_by="users", created_by="users")
LOT_SHARES = _t("expense_lot_shares", "organization_id expense_id unit_id unit_number weight key_total amount adjustment",
                f"t.unit_id IN ({_UNITS})", has_id=False, expense_id="expenses", unit_id="units")
CHARGE_LINES = _t("charge_lines", "id organization_id building_id expense_id unit_id owner_id kinds share_num share_den "
                  "amount adjustment charge_date created_at", building_id="buildings", expense_id="expenses",
                  unit_id="units", owner_id="owners")
PAYMENTS = _t("owner_payments", "id organization_id building_id owner_id amount paid_on reference created_by created_at",
              building_id="buildings", owner_id="owners", created_by="users")
OPENING_BALANCES = _t("opening_balances", "organization_id id building_id owner_id amount as_of created_by created_at",
                      building_id="buildings", owner_id="owners", created_by="users")
MEETINGS = _t("meetings", "id organization_id building_id meeting_type session first_session_id title description "
              "scheduled_at location video_url status convened_on opened_at closed_at quorum_met minutes_sent_on "
              "created_at updated_at opening_quorum chair secretary tellers", building_id="buildings",
              first_session_id="meetings")
MOVEMENTS = _t("attendance_movements", "organization_id id meeting_id owner_id status proxy_holder_name at",
               f"t.meeting_id IN ({_MEETINGS})", meeting_id="meetings", owner_id="owners")
REACHED_OTHERWISE = _t("meeting_reached_otherwise", "organization_id meeting_id owner_id note marked_by marked_at",
                       f"t.meeting_id IN ({_MEETINGS})", has_id=False, meeting_id="meetings", owner_id="owners",
                       marked_by="users")
AGENDA_ITEMS = _t("agenda_items", "id organization_id meeting_id position title description decision_kind "
                  "draft_resolution majority vote_status opened_at closed_at adopted result created_at",
                  f"t.meeting_id IN ({_MEETINGS})", meeting_id="meetings")
AGENDA_REQUESTS = _t("agenda_requests", "id organization_id building_id owner_id title description requested_at status "
                     "answer agenda_item_id handled_at", building_id="buildings", owner_id="owners",
                     agenda_item_id="agenda_items")
ATTENDANCE = _t("attendance", "id organization_id meeting_id owner_id status proxy_holder_owner_id proxy_holder_name "
                "postal_received_on recorded_at", f"t.meeting_id IN ({_MEETINGS})", meeting_id="meetings",
                owner_id="owners", proxy_holder_owner_id="owners")
VOTES = _t("votes", "id organization_id meeting_id agenda_item_id owner_id choice quota cast_by cast_at",
           f"t.meeting_id IN ({_MEETINGS})", meeting_id="meetings", agenda_item_id="agenda_items", owner_id="owners",
           cast_by="users")
DOCUMENTS = _t("documents", "organization_id id building_id category title document_date visibility owner_id meeting_id "
               "expense_id ref_kind ref_id source generated_key current_version created_by created_at updated_at",
               building_id="buildings", owner_id="owners", meeting_id="meetings", expense_id="expenses",
               created_by="users")
VERSIONS = _t("document_versions", "organization_id id document_id version storage_key file_name content_type size "
              "sha256 uploaded_by uploaded_at",
              "t.document_id IN (SELECT id FROM documents WHERE organization_id = $1 AND "
              "($2::uuid[] IS NULL OR building_id = ANY($2)))", document_id="documents", uploaded_by="users")
# the books, copied as they are (numbers, dates, closings): the import posts nothing again that is carried here
FISCAL_YEARS = _t("fiscal_years", "organization_id id building_id starts_on ends_on state closed_at closed_by created_at",
                  building_id="buildings", closed_by="users")
LEDGER_ACCOUNTS = _t("ledger_accounts", "organization_id id building_id code party label owner_id created_at",
                     building_id="buildings", owner_id="owners")
JOURNALS = _t("journals", "organization_id id building_id code kind label bank_code", building_id="buildings")
JOURNAL_SEQUENCES = _t("journal_sequences", "organization_id journal_id fiscal_year_id last_number",
                       "t.journal_id IN (SELECT id FROM journals WHERE organization_id = $1 AND "
                       "($2::uuid[] IS NULL OR building_id = ANY($2)))", has_id=False, journal_id="journals",
                       fiscal_year_id="fiscal_years")
JOURNAL_ENTRIES = _t("journal_entries", "organization_id id building_id journal_id fiscal_year_id number entry_date "
                     "label document_ref source_kind source_id reverses_id posted_at posted_by",
                     building_id="buildings", journal_id="journals", fiscal_year_id="fiscal_years",
                     reverses_id="journal_entries", posted_by="users")
ENTRY_LINES = _t("entry_lines", "organization_id entry_id line_no building_id fiscal_year_id entry_date account_id debit "
                 "credit vat_amount label owner_id unit_id key_id", has_id=False, entry_id="journal_entries",
                 building_id="buildings", fiscal_year_id="fiscal_years", account_id="ledger_accounts",
                 owner_id="owners", unit_id="units", key_id="sharing_keys")
ENTRY_DRAFTS = _t("entry_drafts", "organization_id id building_id entry_date label document_ref lines created_by "
                  "created_at updated_at posted_entry_id", building_id="buildings", created_by="users",
                  posted_entry_id="journal_entries")
ASSEMBLY_WINDOWS = _t("assembly_windows", "organization_id building_id starts_month starts_day days updated_at",
                      has_id=False, building_id="buildings")
DECISIONS = _t("decisions", "organization_id id building_id meeting_id agenda_item_id title description responsible "
               "due_on status done_on created_at updated_at", building_id="buildings", meeting_id="meetings",
               agenda_item_id="agenda_items")
THRESHOLDS = _t("competition_thresholds", "organization_id building_id amount quotes_required meeting_id "
                "agenda_item_id decided_on reference updated_at", has_id=False, building_id="buildings",
                meeting_id="meetings", agenda_item_id="agenda_items")

# the calls for funds: the funds and their references (kept as they are, so the owners' standing orders still
# match), the budgets, the calls with each owner's share, the settlements, the sales settled, the reserve rules
_BUDGETS = "SELECT id FROM budgets WHERE organization_id = $1 AND ($2::uuid[] IS NULL OR building_id = ANY($2))"
_SETTLEMENTS = ("SELECT id FROM settlements WHERE organization_id = $1 AND ($2::uuid[] IS NULL OR "
                "building_id = ANY($2))")
FUNDS = _t("funds", "organization_id id building_id kind name purpose sharing_key_id account_code holder iban bic "
           "created_at", building_id="buildings", sharing_key_id="sharing_keys")
PAYMENT_REFERENCES = _t("payment_references", "organization_id building_id owner_id fund_id reference created_at",
                        has_id=False, building_id="buildings", owner_id="owners", fund_id="funds")
BUDGETS = _t("budgets", "organization_id id building_id year_start year_end label frequency due_after_days status "
             "resolution_id approved_at approved_by created_at agenda_item_id", building_id="buildings",
             resolution_id="agenda_items", approved_by="users", agenda_item_id="agenda_items")
BUDGET_LINES = _t("budget_lines", "organization_id budget_id line_no section account_code label sharing_key_id fund_id "
                  "amount", f"t.budget_id IN ({_BUDGETS})", has_id=False, budget_id="budgets",
                  sharing_key_id="sharing_keys", fund_id="funds")
CALLS = _t("calls", "organization_id id building_id budget_id kind fund_id label period_start period_end call_date "
           "due_date total sharing_key_id status issued_at issued_by entry_id created_at cancelled_at cancelled_by "
           "cancel_reason cancel_entry_id", building_id="buildings", budget_id="budgets", fund_id="funds",
           sharing_key_id="sharing_keys", issued_by="users", entry_id="journal_entries", cancelled_by="users",
           cancel_entry_id="journal_entries")
CALL_SHARES = _t("call_shares", "organization_id call_id line_no building_id unit_id unit_number owner_id weight "
                 "key_total lot_amount days amount adjustment", has_id=False, call_id="calls", building_id="buildings",
                 unit_id="units", owner_id="owners")
SETTLEMENTS = _t("settlements", "organization_id id building_id kind period_start period_end posted_at posted_by "
                 "entry_id due_date", building_id="buildings", posted_by="users", entry_id="journal_entries")
SETTLEMENT_LINES = _t("settlement_lines", "organization_id settlement_id owner_id provisions charges already_posted "
                      "balance", f"t.settlement_id IN ({_SETTLEMENTS})", has_id=False, settlement_id="settlements",
                      owner_id="owners")
SALE_SETTLEMENTS = _t("sale_settlements", "organization_id id building_id unit_id transfer_date seller_id buyer_id "
                      "working_fund_share refund_entry_id buyer_call_id created_by created_at",
                      building_id="buildings", unit_id="units", seller_id="owners", buyer_id="owners",
                      refund_entry_id="journal_entries", buyer_call_id="calls", created_by="users")
RESERVE_RULES = _t("reserve_rules", "organization_id building_id waiver_decided_on waiver_reference "
                   "waiver_resolution_id provisional_acceptance_on updated_by updated_at", has_id=False,
                   building_id="buildings", waiver_resolution_id="agenda_items", updated_by="users")
# the bank: each statement with its movements, what each matched (an owner's payment, an expense) and its entry
BANK_STATEMENTS = _t("bank_statements", "organization_id id building_id fund_id iban format sequence opening_balance "
                     "opening_date closing_balance closing_date movements imported_at imported_by",
                     building_id="buildings", fund_id="funds", imported_by="users")
BANK_MOVEMENTS = _t("bank_movements", "organization_id id statement_id line_no building_id booking_date value_date "
                    "amount counterparty_name counterparty_iban structured_communication free_communication "
                    "bank_reference state rule owner_id expense_id proposed_owner_id payment_id entry_id",
                    statement_id="bank_statements", building_id="buildings", owner_id="owners", expense_id="expenses",
                    proposed_owner_id="owners", payment_id="owner_payments", entry_id="journal_entries")

# collection: the building's ladder and interest clause, the reminders sent (their e-mail stays in the outgoing
# firm's outbox) with the items they named, the interest charged, the holds, the due dates brought forward
_OWNERS_HERE = (f"t.owner_id IN (SELECT owner_id FROM unit_owners WHERE organization_id = $1 AND unit_id IN "
                f"({_UNITS}))")
_REMINDERS = ("SELECT id FROM reminders WHERE organization_id = $1 AND ($2::uuid[] IS NULL OR "
              "building_id = ANY($2))")
_CALLS_HERE = "SELECT id FROM calls WHERE organization_id = $1 AND ($2::uuid[] IS NULL OR building_id = ANY($2))"
REMINDER_STEPS = _t("reminder_policy_steps", "organization_id building_id step delay_days channel cost updated_at",
                    has_id=False, building_id="buildings")
INTEREST_SETTINGS = _t("interest_settings", "organization_id building_id bylaws_rate bylaws_clause", has_id=False,
                       building_id="buildings")
REMINDERS = _t("reminders", "organization_id id building_id owner_id step channel sent_on amount cost cost_entry_id "
               "outbox_id registered_on tracking_number created_by created_at", building_id="buildings",
               owner_id="owners", cost_entry_id="journal_entries", outbox_id="outbox", created_by="users")
REMINDER_ITEMS = _t("reminder_items", "organization_id reminder_id owner_id entry_id step due_date outstanding",
                    f"t.reminder_id IN ({_REMINDERS})", has_id=False, reminder_id="reminders", owner_id="owners",
                    entry_id="journal_entries")
INTEREST_CHARGES = _t("interest_charges", "organization_id id building_id owner_id from_date to_date amount entry_id "
                      "created_at", building_id="buildings", owner_id="owners", entry_id="journal_entries")
HOLDS = _t("owner_holds", "organization_id id owner_id kind reason starts_on ends_on ended_on created_by created_at "
           "missed_instalment", _OWNERS_HERE, owner_id="owners", created_by="users")
_HOLDS_HERE = f"SELECT id FROM owner_holds t WHERE t.organization_id = $1 AND {_OWNERS_HERE}"
HOLD_INSTALMENTS = _t("hold_instalments", "organization_id hold_id number due_on amount",
                      f"t.hold_id IN ({_HOLDS_HERE})", has_id=False, hold_id="owner_holds")
DUE_OVERRIDES = _t("call_due_overrides", "organization_id call_id owner_id due_date reason decided_by created_at",
                   f"t.call_id IN ({_CALLS_HERE})", has_id=False, call_id="calls", owner_id="owners",
                   decided_by="users")

_MEMBERS = """
SELECT u.email, u.full_name, array_agg(DISTINCT m.role ORDER BY m.role) AS roles,
       (SELECT o.id FROM owners o WHERE o.organization_id = $1 AND o.user_id = u.id) AS owner_id
  FROM memberships m JOIN users u ON u.id = m.user_id
 WHERE m.organization_id = $1
   AND ($2::uuid[] IS NULL
        OR u.id IN (SELECT user_id FROM owners WHERE organization_id = $1 AND id = ANY($3))
        OR u.id IN (SELECT user_id FROM member_buildings WHERE organization_id = $1 AND building_id = ANY($2)))
 GROUP BY u.id, u.email, u.full_name ORDER BY u.email
"""
_ORG_BUILDINGS = "SELECT count(*) FROM buildings WHERE organization_id = $1"


async def read(conn: asyncpg.Connection, spec: TableSpec, org_id: UUID, building_ids: list[UUID] | None) -> str:
    """A table's scoped rows, as JSON text."""
    text: str = await conn.fetchval(spec.select_sql, org_id, building_ids)
    return text


async def write(conn: asyncpg.Connection, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    """Insert rows (already given their new ids and organisation)."""
    if rows:
        await conn.execute(spec.insert_sql, rows)


async def members(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID] | None,
                  owner_ids: list[UUID]) -> list[dict[str, Any]]:
    """The organisation's users the handover concerns: owners' logins and board members (no password)."""
    return [dict(r) for r in await conn.fetch(_MEMBERS, org_id, building_ids, owner_ids)]


async def building_count(conn: asyncpg.Connection, org_id: UUID) -> int:
    """How many buildings the organisation has (an import needs none)."""
    count: int = await conn.fetchval(_ORG_BUILDINGS, org_id)
    return count


# the years were written open (nothing posts into a closed year), then get their state back
_YEAR_STATES = """
UPDATE fiscal_years y SET state = x.state, closed_at = x.closed_at
FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, state text, closed_at timestamptz)
WHERE y.organization_id = $1 AND y.id = x.id
"""


async def restore_year_states(conn: asyncpg.Connection, org_id: UUID, years: list[dict[str, Any]]) -> None:
    """Give the restored fiscal years their states (`id`, `state`, `closed_at`) once their entries are in."""
    if years:
        await conn.execute(_YEAR_STATES, org_id, years)
