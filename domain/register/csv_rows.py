"""One row of a register CSV: the lot it describes, the owner it names, the right and share; errors as data."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from domain.i18n import Msg, _
from domain.parse import Fields, FormInput, given
from domain.register.ownership import KIND_ALIASES, RIGHT_KINDS
from domain.register.units import TYPE_ALIASES, UNIT_TYPES
from domain.rules.numbers import plain
from domain.rules.ownership import parse_share

_OWNER_TEXTS = {"last_name": 100, "first_name": 100, "company_name": 200, "company_number": 30, "phone": 40,
                "address": 300, "postal_code": 20, "city": 120, "country": 80}
_LABELS = {"unit_number": "lot", "unit_type": "type", "floor": "étage", "surface_area": "surface",
           "quota": "quote-part", "email": "e-mail", "share": "part", "right_kind": "droit",
           "start_date": "depuis", "last_name": "nom", "opening_balance": "solde d'ouverture",
           "balance_date": "date du solde"}


@dataclass
class Row:
    line: int
    number: str | None
    lot: dict[str, Any] | None
    owner: dict[str, Any] | None
    share: Fraction | None
    right_kind: str
    start: date | None
    errors: list[Msg] = field(default_factory=list)
    first_of_lot: bool = False
    opening: Decimal | None = None  # the owner's balance taken over (positive: owed; negative: paid in advance)
    opening_date: date | None = None

    @property
    def owner_name(self) -> str:
        """The owner as the preview names them."""
        if not self.owner:
            return ""
        return self.owner.get("company_name") or " ".join(
            p for p in (self.owner.get("first_name"), self.owner.get("last_name")) if p)


def _lot(f: Fields) -> dict[str, Any] | None:
    number = f.text("unit_number", required=True, max_len=20)
    if not any(f.data.get(k, "").strip() for k in ("unit_type", "floor", "surface_area", "quota")):
        f.text("unit_type")
        return None
    values = {"number": number,
              "unit_type": f.choice("unit_type", UNIT_TYPES, aliases=TYPE_ALIASES) or "apartment",
              "floor": f.integer("floor", min=-10, max=200),
              "surface_area": f.decimal("surface_area", min=Decimal(0), max=Decimal("99999999.99")),
              "quota": f.integer("quota", required=True, min=1, max=10_000_000)}
    return values


def _owner(f: Fields) -> dict[str, Any] | None:
    if not any(f.data.get(k, "").strip() for k in (*_OWNER_TEXTS, "email")):
        return None
    owner = {name: f.text(name, max_len=size) for name, size in _OWNER_TEXTS.items()}
    owner["email"] = f.email("email")
    owner["kind"] = "company" if owner["company_name"] else "person"
    if not owner["last_name"] and not owner["company_name"]:
        f.error("last_name", _("Nom ou dénomination obligatoire."))
    return owner


def _share(f: Fields) -> Fraction | None:
    text = f.data.get("share", "").strip()
    if not text:
        return None
    try:
        return parse_share(text)
    except ValueError as e:
        f.error("share", _("%(why)s", why=str(e)))
        return None


def read_row(names: list[str], cells: list[str], line: int) -> Row:
    """Parse one data row (its fields named by the header); every problem goes to row.errors."""
    data = FormInput({name: cell for name, cell in zip(names, cells, strict=False) if name})
    f = Fields(data)
    lot, owner, share = _lot(f), _owner(f), _share(f)
    kind = f.choice("right_kind", RIGHT_KINDS, aliases={**KIND_ALIASES, "pleine propriete": "full",
                                                        "nue-propriete": "bare", **{"pp": "full", "nu": "bare"}})
    start = f.date("start_date")
    opening = f.decimal("opening_balance", min=Decimal("-99999999.99"), max=Decimal("99999999.99"))
    opening_date = f.date("balance_date")
    if opening is not None and owner is None:
        f.error("opening_balance", _("Un solde d'ouverture se rapporte au propriétaire de la ligne."))
    if len(cells) > len(names):
        f.error("file", _("Plus de cellules que de colonnes dans l'en-tête."))
    row = Row(line, f.data.get("unit_number", "").strip() or None, lot, owner, share, kind or "full", start,
              opening=opening or None, opening_date=opening_date)
    row.errors = [_("%(col)s : %(why)s", col=_LABELS.get(k, k), why=v) for k, v in f.errors.items()]
    return row


def shares_problem(group: list[Row]) -> Msg | None:
    """Why the rows of one lot do not describe 100 % on their own (the first row must carry the lot)."""
    group[0].first_of_lot = True
    if group[0].lot is None:
        return _("La première ligne du lot %(n)s doit indiquer sa quote-part.", n=group[0].number)
    owned = [r for r in group if r.owner]
    if not owned:
        return None
    if len(owned) == 1 and owned[0].share is None:
        owned[0].share = Fraction(1)
    if any(r.share is None for r in owned):
        return _("Lot %(n)s : indiquez la part de chaque propriétaire.", n=group[0].number)
    sums = {k: sum((given(r.share) for r in owned if r.right_kind == k), Fraction(0)) for k in RIGHT_KINDS}
    if sums["full"] + sums["bare"] != 1 or sums["usufruct"] != sums["bare"]:
        total = (sums["full"] + sums["bare"]) * 100
        return _("Lot %(n)s : les parts totalisent %(total)s %% au lieu de 100 %%.", n=group[0].number,
                 total=plain(total))
    return None
