"""The OpenAPI fragment of the calls API (funds, budgets, calls for funds, dues)."""
from __future__ import annotations

from typing import Any

from web.openapi import op, path_id, query

_UUID = {"type": "string", "format": "uuid"}
_DATE = {"type": "string", "format": "date"}
_MONEY = {"type": "string", "format": "decimal"}
_PREVIEW = query("preview", "boolean", "true: the allocation only, nothing written")
_T = "calls"

_FUND_INPUT = {"type": "object", "required": ["kind", "iban"], "properties": {
    "kind": {"type": "string", "enum": ["working", "reserve", "works"]},
    "name": {"type": "string", "maxLength": 100}, "purpose": {"type": "string", "maxLength": 300},
    "sharing_key_id": _UUID, "holder": {"type": "string", "maxLength": 70, "description": "the association"},
    "iban": {"type": "string", "maxLength": 50}, "bic": {"type": "string", "maxLength": 20}}}
_FUND_USE = {"type": "object", "required": ["amount", "used_on", "label", "resolution_id"], "properties": {
    "amount": _MONEY, "used_on": _DATE, "label": {"type": "string", "maxLength": 200}, "resolution_id": _UUID}}
_LINE = {"type": "object", "required": ["section", "label", "amount"], "properties": {
    "section": {"type": "string", "enum": ["ordinary", "extraordinary", "reserve"]},
    "account_code": {"type": "string", "maxLength": 8}, "label": {"type": "string", "maxLength": 200},
    "sharing_key_id": _UUID, "fund_id": {**_UUID, "description": "a reserve line's fund"}, "amount": _MONEY}}
_BUDGET_INPUT = {"type": "object", "required": ["year_start", "lines"], "properties": {
    "label": {"type": "string", "maxLength": 200}, "year_start": _DATE, "year_end": _DATE,
    "frequency": {"type": "string", "enum": ["monthly", "quarterly", "half-yearly", "yearly"]},
    "due_after_days": {"type": "integer", "minimum": 0, "maximum": 90},
    "lines": {"type": "array", "items": _LINE, "minItems": 1, "maxItems": 500}}}
_APPROVE = {"type": "object", "properties": {
    "resolution_id": {**_UUID, "description": "the adopted AG resolution (default: the item it was put on)"}}}
_CALL_INPUT = {"type": "object", "properties": {
    "budget_id": {**_UUID, "description": "generate the year's calls from this approved budget (nothing else)"},
    "kind": {"type": "string", "enum": ["ordinary", "extraordinary", "working_fund", "reserve_fund"]},
    "label": {"type": "string", "maxLength": 200}, "period_start": _DATE, "period_end": _DATE,
    "call_date": _DATE, "due_date": _DATE, "total": _MONEY, "sharing_key_id": _UUID, "fund_id": _UUID}}

_SETTLEMENT_INPUT = {"type": "object", "required": ["from", "to"], "properties": {
    "from": _DATE, "to": _DATE, "kind": {"type": "string", "enum": ["ordinary", "extraordinary"]},
    "due_date": {**_DATE, "description": "when a balance to pay is due (default 30 days after posting; not before "
                                         "the period's end)"}}}

SPEC: dict[str, Any] = {
    "paths": {
        "/api/v1/buildings/{id}/funds": {
            "get": op("The building's funds with their bank accounts and balances", None, params=[path_id()], tag=_T),
            "post": op("Open a fund (syndic)", None, "FundInput", [path_id()], status="201", tag=_T)},
        "/api/v1/funds/{id}/use": {
            "post": op("Use a reserve fund (BE) or the works fund (FR) for works the AG decided (never below zero)",
                       None, "FundUse", [path_id()], tag=_T)},
        "/api/v1/buildings/{id}/budgets": {
            "get": op("The building's budgets", None, params=[path_id()], tag=_T),
            "post": op("Draft a year's budget; the reserve-fund check comes back with its reasons", None,
                       "BudgetInput", [path_id()], status="201", tag=_T)},
        "/api/v1/budgets/{id}": {"get": op("A budget with its lines and reserve check", None, params=[path_id()],
                                           tag=_T)},
        "/api/v1/budgets/{id}/approve": {
            "post": op("Record the AG resolution that adopted the budget", None, "BudgetApproval", [path_id()],
                       tag=_T)},
        "/api/v1/budgets/{id}/agenda": {
            "post": op("Put the draft budget on a draft assembly's agenda, its lines attached (once; approving it "
                       "then takes that item's resolution)", None, "BudgetAgenda", [path_id()], status="201", tag=_T)},
        "/api/v1/budgets/{id}/regularise": {
            "post": op("A revised budget's change to the year's calls: recompute the calls not issued, or one "
                       "regularisation call for the difference; preview=true writes nothing (200)", None,
                       "Regularise", [path_id()], status="201", tag=_T)},
        "/api/v1/buildings/{id}/calls": {
            "get": op("The building's calls for funds", None, params=[path_id()], tag=_T),
            "post": op("A call, or with budget_id the year's schedule; preview=true writes nothing (200)", None,
                       "CallInput", [path_id(), _PREVIEW], status="201", tag=_T)},
        "/api/v1/buildings/{id}/calls/issue": {
            "post": op("Issue several draft calls in one transaction (call_ids, or every draft up to `until`)", None,
                       "CallBatch", [path_id()], tag=_T)},
        "/api/v1/calls/issue": {
            "post": op("The firm's quarter: every draft call dated up to `until` of the buildings reached (or "
                       "building_ids), first generated from each voted budget not called yet (generate, default "
                       "true), issued in ONE transaction, all or none; per building the calls generated and issued, "
                       "shares, e-mails queued and total. preview=true: the counts, nothing written. 422 naming "
                       "the building (buildings[<id>].<field>), 409 for a closed year or nothing left to issue",
                       None, "CallQuarter", [_PREVIEW], tag=_T)},
        "/api/v1/calls/{id}": {"get": op("A call with each owner's share and structured communication", None,
                                         params=[path_id()], tag=_T)},
        "/api/v1/calls/{id}/issue": {"post": op("Issue a draft call: one entry posted, notices queued", None,
                                                params=[path_id()], tag=_T)},
        "/api/v1/calls/{id}/cancel": {
            "post": op("Cancel an issued call (syndic): its entry reversed, what the owners paid on it becomes a "
                       "credit the next calls take; 409 for a draft, a call already cancelled or one of a closed "
                       "year", None, "CallCancel", [path_id()], tag=_T)},
        "/api/v1/calls/{id}/notices.pdf": {
            "get": op("The owners' notices as one PDF (printed=true: only those not sent by e-mail)", None,
                      params=[path_id(), query("printed", "boolean")], tag=_T)},
        "/api/v1/buildings/{id}/settlement": {
            "get": op("The settlement (décompte) of a period: each owner's provisions against their charges", None,
                      params=[path_id(), {**query("from", description="date (required)"), "required": True,
                                          "schema": {"type": "string", "format": "date"}},
                              {**query("to", description="date (required)"), "required": True,
                               "schema": {"type": "string", "format": "date"}},
                              {**query("kind"), "schema": {"type": "string", "enum": ["ordinary", "extraordinary"]}}],
                      tag=_T)},
        "/api/v1/buildings/{id}/settlements": {
            "get": op("The building's posted settlements, each owner's provisions, charges and balance", None,
                      params=[path_id()], tag=_T),
            "post": op("Post the settlement of a period (syndic): one regularisation entry, each owner's line "
                       "stored and told; 409 for a period already settled or a closed year", None,
                       "SettlementInput", [path_id()], status="201", tag=_T)},
        "/api/v1/buildings/{id}/settlements/{settlement_id}/notices.pdf": {
            "get": op("A posted settlement's notices as one PDF, a page per owner: provisions, charges, balance",
                      None, params=[path_id(), path_id("settlement_id")], tag=_T)},
        "/api/v1/owners/{id}/dues": {
            "get": op("What an owner owes, one line per call and per settlement balance to pay (source: call or "
                      "settlement; a settlement's credit taken off the next calls: credit, to_pay); the owner's "
                      "payments imputed oldest due first: paid, remaining (decimal strings); the account, the "
                      "structured communication and the EPC QR payload for what remains; their settlements, the "
                      "credit left and the advance (paid beyond the dues)", None, params=[path_id()], tag=_T)},
    },
    "schemas": {"CallQuarter": {"type": "object", "required": ["until"], "properties": {
                    "until": _DATE, "building_ids": {"type": "array", "items": _UUID, "maxItems": 5000},
                    "generate": {"type": "boolean"}}},
                "CallBatch": {"type": "object", "properties": {
                    "call_ids": {"type": "array", "items": _UUID, "maxItems": 500}, "until": _DATE}},
                "FundInput": _FUND_INPUT, "FundUse": _FUND_USE, "BudgetInput": _BUDGET_INPUT, "BudgetApproval": _APPROVE,
                "CallInput": _CALL_INPUT,
                "CallCancel": {"type": "object", "required": ["reason"], "properties": {
                    "reason": {"type": "string", "minLength": 1, "maxLength": 500}}}, "SettlementInput": _SETTLEMENT_INPUT,
                "BudgetAgenda": {"type": "object", "required": ["meeting_id"], "properties": {"meeting_id": _UUID}},
                "Regularise": {"type": "object", "required": ["mode"], "properties": {
                    "mode": {"type": "string", "enum": ["recompute", "call"]}, "preview": {"type": "boolean"},
                    "call_date": {**_DATE, "description": "the regularisation call's date (default today)"}}}},
}
