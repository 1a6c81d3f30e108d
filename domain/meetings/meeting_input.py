"""Parsing of assemblies and agenda items, one parser for forms and JSON."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.i18n import _
from domain.parse import Fields, given
from domain.rules.meeting import DECISION_KINDS, MAJORITIES, proposed_majority
from queries.meetings import meetings as q

LOCAL = ZoneInfo("Europe/Brussels")
TYPES = {"ordinary": "ordinary", "extraordinary": "extraordinary"}
TYPE_ALIASES = {"ordinaire": "ordinary", "extraordinaire": "extraordinary", "ago": "ordinary",
                "age": "extraordinary"}


def parse_when(f: Fields, name: str, required: bool) -> datetime | None:
    """A local date and time: YYYY-MM-DD, YYYY-MM-DDTHH:MM, or ISO 8601 with an offset (converted)."""
    text = f.text(name, required, max_len=40)
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        f.error(name, _("Date et heure invalides (AAAA-MM-JJ HH:MM)."))
        return None
    if value.tzinfo is not None:
        value = value.astimezone(LOCAL).replace(tzinfo=None)
    if not 2000 <= value.year <= 2100:
        f.error(name, _("Date hors limites."))
        return None
    return value.replace(second=0, microsecond=0)


_CLEARABLE = frozenset({"description", "video_url"})


@dataclass(frozen=True)
class MeetingInput:
    meeting_type: str
    title: str
    description: str | None
    scheduled_at: datetime
    location: str
    video_url: str | None

    @classmethod
    def parse(cls, data: object, current: q.Meeting | None = None) -> tuple[UUID | None, MeetingInput]:
        """Validate a meeting form or JSON body; returns (building_id, values). JSON updates may be partial."""
        f = Fields(data, allowed={*q.FIELDS, "building_id", "scheduled_date", "id", "organization_id"})
        keep = current is not None and not f.form
        building_id = f.uuid("building_id", required=current is None)
        when_field = "scheduled_date" if f.present("scheduled_date") or not f.present("scheduled_at") \
            else "scheduled_at"
        video = f.text("video_url", max_len=500)
        if video and not video.startswith(("https://", "http://")):
            f.error("video_url", _("Adresse web attendue (https://…)."))
        values: dict[str, Any] = {
            "meeting_type": f.choice("meeting_type", TYPES, required=not keep, aliases=TYPE_ALIASES),
            "title": f.text("title", required=not keep, max_len=200),
            "description": f.text("description", max_len=4000, multiline=True),
            "scheduled_at": parse_when(f, when_field, required=not keep),
            "location": f.text("location", required=not keep, max_len=300),
            "video_url": video,
        }
        f.done()
        if keep:  # an update: a field left out, or a required one sent as null, keeps its value
            sent = {"scheduled_at": f.present(when_field)}
            values = {k: v if (sent.get(k) or f.present(k)) and (v is not None or k in _CLEARABLE)
                      else getattr(current, k) for k, v in values.items()}
        return building_id, cls(**values)


@dataclass(frozen=True)
class ItemInput:
    title: str
    description: str | None
    decision_kind: str | None
    draft_resolution: str | None
    majority: str | None

    @classmethod
    def parse(cls, data: object, jurisdiction: str) -> ItemInput:
        """Validate an agenda item; a decision kind proposes the majority, which the syndic may adjust."""
        f = Fields(data, allowed={*q.ITEM_FIELDS, "id", "organization_id"})
        title = f.text("title", required=True, max_len=200)
        description = f.text("description", max_len=4000, multiline=True)
        kind = f.choice("decision_kind", DECISION_KINDS)
        draft = f.text("draft_resolution", max_len=8000, multiline=True)
        majority = f.choice("majority", sorted(MAJORITIES[jurisdiction]))
        if kind and not draft:
            f.error("draft_resolution", _("Une décision demande un projet de résolution."))
        if majority and not draft:
            f.error("draft_resolution", _("Une majorité ne s'applique qu'à un projet de résolution."))
        f.done()
        if draft and not majority:
            majority = proposed_majority(kind or "budget", jurisdiction)
        return cls(given(title), description, kind, draft, majority)
