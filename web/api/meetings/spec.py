"""OpenAPI of the assemblies API (web/api/meetings.py and web/api/meetings_requests.py)."""
from __future__ import annotations

from typing import Any

from web.openapi import PAGING, op, page_of, path_id, query, ref

T = "assemblies"
UUID_ = {"type": "string", "format": "uuid"}
MAJORITY = {"type": "string", "enum": ["absolute", "two_thirds", "four_fifths", "unanimity", "art24", "art25",
                                       "art26"]}
KINDS = ["budget", "accounts", "discharge", "syndic", "council", "maintenance", "works", "tender_threshold",
         "bylaws_common_parts", "charge_distribution", "change_of_use", "acquisition", "sale_common_property",
         "reserve_fund_waiver", "quota_change", "dissolution"]


def _list(name: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"data": {"type": "array", "items": ref(name)}}}


M, ITEM, R = [path_id()], [path_id(), path_id("item_id")], [path_id()]
_ACTION = {"requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object",
                                                                                         "maxProperties": 0}}}}}


def act(summary: str, response: str, status: str = "200") -> dict[str, Any]:
    """An action without a body."""
    return {**op(summary, ref(response), params=M, status=status, tag=T), **_ACTION}


SPEC = {
    "paths": {
        "/api/v1/meetings": {
            "get": op("The organisation's assemblies (or one building's), latest first", page_of("Meeting"),
                      params=[{**query("building_id"), "schema": UUID_}, *PAGING], tag=T),
            "post": op("Draft an assembly (syndic)", ref("Meeting"), "MeetingInput", status="201", tag=T),
        },
        "/api/v1/meetings/{id}": {
            "get": op("One assembly with its agenda", ref("Meeting"), params=M, tag=T),
            "put": op("Change a draft assembly (syndic; partial)", ref("Meeting"), "MeetingInput", M, tag=T),
        },
        "/api/v1/meetings/{id}/cancel": {"post": act(
            "Cancel an assembly not yet held (syndic); if convened, everyone convened is told", "Meeting")},
        "/api/v1/meetings/{id}/agenda-items": {
            "get": op("The agenda", _list("AgendaItem"), params=M, tag=T),
            "post": op("Add an item; a decision kind proposes the majority (syndic, draft only)",
                       ref("AgendaItem"), "AgendaItemInput", M, status="201", tag=T),
        },
        "/api/v1/meetings/{id}/agenda-items/{item_id}": {
            "put": op("Rewrite an item (syndic, draft only)", ref("AgendaItem"), "AgendaItemInput", ITEM, tag=T),
            "delete": op("Remove an item; the others are renumbered", None, params=ITEM, status="204", tag=T),
        },
        "/api/v1/meetings/{id}/resolutions": {
            "get": op("Items put to the vote, with their live or final result", _list("AgendaItem"), params=M,
                      tag=T)},
        "/api/v1/meetings/{id}/convene": {
            "post": act("Convene: refused (422 on scheduled_date, with the earliest date) when the notice is "
                        "short; e-mails queued in the outbox, letters to print", "Meeting")},
        "/api/v1/meetings/{id}/second-session": {
            "post": op("Without quorum (BE): close the first session and convene the second, same agenda",
                       ref("Meeting"), "SecondSessionInput", M, status="201", tag=T)},
        "/api/v1/meetings/{id}/unreachable": {
            "get": op("Owners to convene whom neither an accepted e-mail nor a postal address reaches (convening "
                      "waits for each)", ref("Unreachable"), params=M, tag=T)},
        "/api/v1/meetings/{id}/reached-otherwise": {
            "post": op("Mark such an owner as convened otherwise, noting how (syndic, draft only); answers the "
                       "owners still unreachable", ref("Unreachable"), "ReachedOtherwiseInput", M, tag=T)},
        "/api/v1/meetings/{id}/deliveries": {
            "get": op("Each recipient of the convocation and minutes with the e-mail's delivery status",
                      {"type": "object"}, params=M, tag=T)},
        "/api/v1/meetings/{id}/attendance": {
            "get": op("Attendance register and live quorum with its reasoning", {"type": "object"}, params=M,
                      tag=T),
            "post": op("Record one owner: present, represented (proxy rules enforced), absent, postal (FR)",
                       ref("Presence"), "PresenceInput", M, status="201", tag=T),
        },
        "/api/v1/meetings/{id}/open": {"post": act("Open the session (syndic)", "Meeting")},
        "/api/v1/meetings/{id}/resolutions/{item_id}/open": {
            "post": {**op("Open the vote on a resolution (BE first session: quorum required)", ref("AgendaItem"),
                          params=ITEM, tag=T), **_ACTION}},
        "/api/v1/meetings/{id}/resolutions/{item_id}/close": {
            "post": {**op("Close the vote: the result is counted and kept with its reasoning", ref("AgendaItem"),
                          params=ITEM, tag=T), **_ACTION}},
        "/api/v1/meetings/{id}/resolutions/{item_id}/second-vote": {
            "post": {**op("FR art. 25-1: vote again at once under art. 24 (a new resolution, opened)", ref("AgendaItem"),
                          params=ITEM, status="201", tag=T), **_ACTION}},
        "/api/v1/meetings/{id}/officers": {
            "put": op("Record the chair, secretary and tellers the assembly chose (syndic; open or closed, before "
                      "the minutes are sent)", ref("Meeting"), "OfficersInput", M, tag=T)},
        "/api/v1/meetings/{id}/close": {"post": act("Close the meeting (syndic)", "Meeting")},
        "/api/v1/meetings/{id}/results": {
            "get": op("Every resolution's result with checks and reasons", {"type": "object"}, params=M, tag=T)},
        "/api/v1/meetings/{id}/minutes": {
            "get": op("The minutes as data (attendance, quorum, resolutions, names against and abstaining)",
                      {"type": "object"}, params=M, tag=T)},
        "/api/v1/meetings/{id}/minutes/send": {
            "post": act("Send the minutes to every owner; the date is kept (BE: within 30 days)", "Meeting")},
        "/api/v1/resolutions/{id}/votes": {
            "get": op("Votes cast on a resolution", _list("Vote"), params=R, tag=T),
            "post": op("Cast a vote for one voter's lots (the voter, their proxy holder, or the syndic); the "
                       "weight comes from the register", ref("Vote"), "VoteInput", R, status="201", tag=T),
        },
        "/api/v1/agenda-requests": {
            "get": op("Owner: my requests; staff: a building's (building_id)", _list("AgendaRequest"),
                      params=[query("building_id")], tag=T),
            "post": op("Owner: ask for an item (dated)", ref("AgendaRequest"), "AgendaRequestInput",
                       status="201", tag=T),
        },
        "/api/v1/agenda-requests/{id}/accept": {
            "post": op("Put the request onto a draft agenda (syndic)", ref("AgendaItem"), "AcceptRequestInput",
                       [path_id()], status="201", tag=T)},
        "/api/v1/agenda-requests/{id}/answer": {
            "post": op("Answer the request in writing (syndic)", ref("AgendaRequest"), "AnswerInput",
                       [path_id()], tag=T)},
    },
    "schemas": {
        "MeetingInput": {"type": "object", "required": ["building_id", "meeting_type", "title", "scheduled_date",
                                                         "location"], "additionalProperties": False,
                         "properties": {
                             "building_id": UUID_, "meeting_type": {"type": "string",
                                                                    "enum": ["Ordinary", "Extraordinary"]},
                             "title": {"type": "string", "maxLength": 200},
                             "description": {"type": "string", "maxLength": 4000},
                             "scheduled_date": {"type": "string", "format": "date-time",
                                                "description": "local time, or with an offset"},
                             "location": {"type": "string", "maxLength": 300},
                             "video_url": {"type": "string", "maxLength": 500}}},
        "Meeting": {"type": "object", "properties": {
            "id": UUID_, "building_id": UUID_, "meeting_type": {"type": "string"}, "title": {"type": "string"},
            "description": {"type": "string", "nullable": True}, "scheduled_date": {"type": "string"},
            "location": {"type": "string"}, "video_url": {"type": "string", "nullable": True},
            "session": {"type": "integer", "enum": [1, 2]}, "first_session_id": {**UUID_, "nullable": True},
            "status": {"type": "string", "enum": ["draft", "convened", "open", "closed", "cancelled"]},
            "convened_on": {"type": "string", "format": "date", "nullable": True},
            "quorum_met": {"type": "boolean", "nullable": True},
            "minutes_sent_on": {"type": "string", "format": "date", "nullable": True},
            "chair": {"type": "string", "nullable": True}, "secretary": {"type": "string", "nullable": True},
            "tellers": {"type": "string", "nullable": True},
            "agenda": {"type": "array", "items": ref("AgendaItem")}}},
        "AgendaItemInput": {"type": "object", "required": ["title"], "additionalProperties": False, "properties": {
            "title": {"type": "string", "maxLength": 200}, "description": {"type": "string"},
            "decision_kind": {"type": "string", "enum": KINDS}, "draft_resolution": {"type": "string"},
            "majority": {**MAJORITY, "description": "default: proposed from decision_kind and jurisdiction"}}},
        "AgendaItem": {"type": "object", "properties": {
            "id": UUID_, "position": {"type": "integer"}, "title": {"type": "string"},
            "decision_kind": {"type": "string", "nullable": True},
            "draft_resolution": {"type": "string", "nullable": True}, "majority": {**MAJORITY, "nullable": True},
            "majority_label": {"type": "string", "nullable": True}, "is_resolution": {"type": "boolean"},
            "vote_status": {"type": "string", "enum": ["pending", "open", "closed"]},
            "adopted": {"type": "boolean", "nullable": True}, "result": {"type": "object", "nullable": True}}},
        "Unreachable": {"type": "object", "properties": {"data": {"type": "array", "items": {
            "type": "object", "properties": {"owner_id": UUID_, "name": {"type": "string"}}}}}},
        "ReachedOtherwiseInput": {"type": "object", "required": ["owner_id", "note"], "additionalProperties": False,
                                  "properties": {"owner_id": UUID_, "note": {"type": "string", "maxLength": 300}}},
        "OfficersInput": {"type": "object", "additionalProperties": False, "properties": {
            "chair": {"type": "string", "maxLength": 200}, "secretary": {"type": "string", "maxLength": 200},
            "tellers": {"type": "string", "maxLength": 400}}},
        "SecondSessionInput": {"type": "object", "required": ["scheduled_date"], "properties": {
            "scheduled_date": {"type": "string", "format": "date-time"}, "location": {"type": "string"}}},
        "PresenceInput": {"type": "object", "required": ["owner_id", "status"], "additionalProperties": False,
                          "properties": {
                              "owner_id": UUID_,
                              "status": {"type": "string", "enum": ["present", "represented", "absent", "postal"]},
                              "proxy_holder_owner_id": {"type": "string",
                                                        "description": "an owner's id, or 'syndic' (refused)"},
                              "proxy_holder_name": {"type": "string", "description": "a holder who is not an owner"},
                              "postal_received_on": {"type": "string", "format": "date"}}},
        "Presence": {"type": "object", "properties": {
            "owner_id": UUID_, "status": {"type": "string"}, "proxy_holder_name": {"type": "string", "nullable": True},
            "recorded_at": {"type": "string", "format": "date-time"}}},
        "VoteInput": {"type": "object", "required": ["choice"], "additionalProperties": False, "properties": {
            "owner_id": {**UUID_, "description": "whose lots; default: the caller's own"},
            "choice": {"type": "string", "enum": ["for", "against", "abstain"]}}},
        "Vote": {"type": "object", "properties": {
            "id": UUID_, "agenda_item_id": UUID_, "owner_id": UUID_, "choice": {"type": "string"},
            "quota": {"type": "integer"}, "cast_at": {"type": "string", "format": "date-time"}}},
        "AgendaRequestInput": {"type": "object", "required": ["building_id", "title"], "properties": {
            "building_id": UUID_, "title": {"type": "string"}, "description": {"type": "string"}}},
        "AcceptRequestInput": {"type": "object", "required": ["meeting_id"], "properties": {
            "meeting_id": UUID_, "decision_kind": {"type": "string"}, "draft_resolution": {"type": "string"},
            "majority": MAJORITY}},
        "AnswerInput": {"type": "object", "required": ["answer"], "properties": {"answer": {"type": "string"}}},
        "AgendaRequest": {"type": "object", "properties": {
            "id": UUID_, "building_id": UUID_, "owner_id": UUID_, "owner_name": {"type": "string"},
            "title": {"type": "string"}, "requested_at": {"type": "string", "format": "date-time"},
            "status": {"type": "string", "enum": ["pending", "accepted", "answered"]},
            "answer": {"type": "string", "nullable": True}}},
    },
}
