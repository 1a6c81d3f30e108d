"""Every blueprint of the app, area by area: the HTML views, then the /api/v1 JSON API (whose modules also
declare their OpenAPI fragment, SPEC). A new module is added here by name; nothing registers itself."""
from __future__ import annotations

from types import ModuleType

from web import observability
from web.api.accounting import annual as api_annual
from web.api.accounting import books as api_books
from web.api.accounting import drafts as api_drafts
from web.api.accounting import suppliers as api_suppliers
from web.api.bank import bank as api_bank
from web.api.board import decisions as api_decisions
from web.api.calls import calls as api_calls
from web.api.calls import reserve_rules as api_calls_reserve_rules
from web.api.calls import sale as api_calls_sale
from web.api.charges import expenses as api_expenses
from web.api.charges import keys as api_keys
from web.api.charges import owner_ledger as api_owner_ledger
from web.api.collection import collection as api_collection
from web.api.collection import interest_settings as api_collection_interest
from web.api.desk import desk as api_desk
from web.api.documents import library as api_documents
from web.api.handover import handover as api_handover
from web.api.maintenance import contractors as api_contractors
from web.api.maintenance import tickets as api_tickets
from web.api.maintenance import works as api_works
from web.api.meetings import agenda_requests as api_agenda_requests
from web.api.meetings import meetings as api_meetings
from web.api.meetings import spec as api_meetings_spec
from web.api.notifications import notices as api_notifications
from web.api.platform import auth as api_auth
from web.api.platform import health as api_health
from web.api.platform import members as api_members
from web.api.platform import organizations as api_organizations
from web.api.platform import scopes as api_scopes
from web.api.privacy import privacy as api_privacy
from web.api.register import buildings as api_buildings
from web.api.register import csv_import as api_csv_import
from web.api.register import owners as api_owners
from web.api.register import ownership as api_ownership
from web.api.register import units as api_units
from web.views import portal
from web.views.accounting import books as accounting_books
from web.views.accounting import drafts as accounting_drafts
from web.views.bank import bank as bank_views
from web.views.board import decisions
from web.views.calls import calls as calls_views
from web.views.calls import cancel as calls_cancel_views
from web.views.calls import reserve_rules as calls_reserve_rules_views
from web.views.calls import sale as calls_sale_views
from web.views.charges import expenses, keys, owner_ledger, summary
from web.views.collection import bring_forward as collection_bring_forward_views
from web.views.collection import collection as collection_views
from web.views.collection import owner as collection_owner_views
from web.views.collection import printing as collection_printing_views
from web.views.desk import desk
from web.views.documents import library as documents_library
from web.views.handover import handover
from web.views.maintenance import contractors, tickets, works
from web.views.meetings import agenda_requests, documents, live, meetings
from web.views.meetings import portal as meetings_portal
from web.views.notifications import notices as notifications
from web.views.platform import admin, auth, dev_mail, language, members, password_reset, scopes, two_factor
from web.views.privacy import privacy
from web.views.register import buildings, csv_import, owners, ownership, units

VIEWS: tuple[ModuleType, ...] = (
    auth, admin, language, dev_mail, scopes, members, password_reset, two_factor, observability, portal,
    buildings, units, owners, ownership, csv_import,
    summary, expenses, keys, owner_ledger,
    calls_views, calls_cancel_views, calls_sale_views, calls_reserve_rules_views, bank_views, collection_views,
    collection_owner_views, collection_bring_forward_views, collection_printing_views,
    meetings, documents, live, agenda_requests, meetings_portal,
    documents_library, privacy, handover,
    accounting_books, accounting_drafts,
    notifications, desk,
    tickets, contractors, works, decisions,
)
API: tuple[ModuleType, ...] = (
    api_health, api_auth, api_organizations, api_scopes, api_members,
    api_buildings, api_units, api_owners, api_ownership, api_csv_import,
    api_expenses, api_keys, api_owner_ledger,
    api_calls, api_calls_sale, api_calls_reserve_rules,
    api_bank, api_collection, api_collection_interest,
    api_meetings, api_agenda_requests,
    api_documents, api_privacy, api_handover,
    api_books, api_annual, api_suppliers, api_drafts,
    api_notifications, api_desk,
    api_contractors, api_tickets, api_works, api_decisions,
)
# The modules whose SPEC makes up /api/v1/openapi.json (the assemblies' fragment lives beside its routes).
SPECS: tuple[ModuleType, ...] = (*API, api_meetings_spec)
