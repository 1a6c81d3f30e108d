"""What an expense is made of: categories on the Belgian minimum chart of accounts, and input parsing
(our fields, and the shape earlier clients send: `amount` including VAT, `expense_date`, English categories)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

from domain.errors import Invalid
from domain.i18n import Msg, _
from domain.parse import Fields, given
from domain.rules.allocation import VAT_RATES, excl_from_total, vat_breakdown


class Category(NamedTuple):
    account: str
    label: Msg
    legacy: str
    nature: str


# The accounts of the Belgian minimum chart for associations of co-owners (AR 12.07.2012), as in
# queries/migrations/data/categories_v1.csv (the books post by that file, per jurisdiction); works are kept apart
# because their payer differs under usufruct.
CATEGORIES: dict[str, Category] = {
    "water": Category("6120", _("Eau"), "Utilities", "ordinary"),
    "energy": Category("6121", _("Énergie (électricité, gaz, mazout)"), "Utilities", "ordinary"),
    "maintenance": Category("6100", _("Entretien"), "Maintenance", "ordinary"),
    "repairs": Category("6101", _("Réparations"), "Repairs", "ordinary"),
    "cleaning": Category("6102", _("Nettoyage"), "Cleaning", "ordinary"),
    "lift": Category("6103", _("Ascenseur"), "Maintenance", "ordinary"),
    "syndic_fees": Category("6130", _("Honoraires du syndic"), "Administration", "ordinary"),
    "administration": Category("6160", _("Frais d'administration"), "Administration", "ordinary"),
    "insurance": Category("614", _("Assurances"), "Insurance", "ordinary"),
    "other": Category("6166", _("Autres services et biens divers"), "Other", "ordinary"),
    "staff": Category("615", _("Personnel (concierge, rémunérations)"), "Other", "ordinary"),
    "works": Category("6110", _("Travaux"), "Works", "works"),
}
LEGACY = {"Maintenance": "maintenance", "Repairs": "repairs", "Insurance": "insurance", "Utilities": "energy",
          "Cleaning": "cleaning", "Administration": "administration", "Works": "works", "Other": "other"}
STATUSES = ("draft", "approved", "paid", "cancelled")
GENERAL_KEY = ("", "general")
_FIELDS = {"building_id", "category", "category_code", "description", "supplier", "invoice_number",
           "amount_excl_vat", "vat_rate", "amount", "invoice_date", "expense_date", "due_date", "sharing_key_id",
           "id"}


def codes_for(name: str) -> list[str] | None:
    """The category codes a filter value names (an English legacy name may cover several)."""
    low = name.strip().lower()
    if low in CATEGORIES:
        return [low]
    legacy = next((k for k in LEGACY if k.lower() == low), None)
    return [c for c, cat in CATEGORIES.items() if cat.legacy == legacy] if legacy else None


@dataclass(frozen=True)
class ExpenseInput:
    category: str
    account: str
    nature: str
    description: str
    supplier: str | None
    invoice_number: str | None
    amount_excl_vat: Decimal
    vat_rate: Decimal
    vat_amount: Decimal
    total: Decimal
    invoice_date: date
    due_date: date | None
    sharing_key_id: UUID | None

    @classmethod
    def parse(cls, data: Any, jurisdiction: str | None, correction: bool = False) -> ExpenseInput:
        """Validate an expense form or JSON body for a building under `jurisdiction` (BE or FR)."""
        f = Fields(data, allowed=_FIELDS)
        category = _category(f)
        description = f.text("description", required=True, max_len=500, multiline=True)
        supplier = f.text("supplier", max_len=200)
        invoice_number = f.text("invoice_number", max_len=60)
        excl = f.decimal("amount_excl_vat", min=Decimal("-1e11") if correction else Decimal("0.01"), max=Decimal("1e11"))
        incl = f.decimal("amount", min=Decimal("-1e11") if correction else Decimal("0.01"), max=Decimal("1e11"))
        rate = f.decimal("vat_rate", min=Decimal(0), max=Decimal(99), places=1)
        rate = Decimal(0) if rate is None and "vat_rate" not in f.errors else rate
        day = f.date("invoice_date") or f.date("expense_date")
        due = f.date("due_date")
        key = _key(f)
        if day is None and not ({"invoice_date", "expense_date"} & set(f.errors)):
            f.error("invoice_date", _("Ce champ est obligatoire."))
        if jurisdiction and rate is not None and rate not in VAT_RATES[jurisdiction]:
            f.error("vat_rate", _("Taux de TVA non prévu en %(j)s : %(rates)s %%.", j=jurisdiction,
                                  rates=", ".join(str(r) for r in VAT_RATES[jurisdiction])))
        if due and day and due < day:
            f.error("due_date", _("L'échéance ne peut pas précéder la date de facture."))
        excl, vat, total = _amounts(f, excl, incl, rate, correction)
        f.done()
        code = given(category)
        cat = CATEGORIES[code]
        return cls(code, cat.account, cat.nature, given(description), supplier, invoice_number,
                   given(excl), given(rate), vat, total, given(day), due, key)


def _category(f: Fields) -> str | None:
    """Our category code, from `category_code` or `category` (a code or an earlier client's English name)."""
    if f.present("category_code"):
        return f.choice("category_code", CATEGORIES, required=True)
    return f.choice("category", CATEGORIES, required=True, aliases=LEGACY)


def _key(f: Fields) -> UUID | None:
    """The sharing key's id; empty or "general" means the general key."""
    value = f.data.get("sharing_key_id")
    if value is None or (isinstance(value, str) and value.strip().lower() in GENERAL_KEY):
        return None
    return f.uuid("sharing_key_id")


def _amounts(f: Fields, excl: Decimal | None, incl: Decimal | None, rate: Decimal | None,
             correction: bool) -> tuple[Decimal, Decimal, Decimal]:
    """(amount excl. VAT, VAT, total) from the amount excluding VAT, or from a VAT-inclusive `amount`."""
    if rate is None or f.errors.keys() & {"amount_excl_vat", "amount"}:
        return Decimal(0), Decimal(0), Decimal(0)
    if excl is not None:
        vat, total = vat_breakdown(excl, rate)
        if incl is not None and incl != total:
            f.error("amount", _("Le total TVA comprise devrait être %(total)s.", total=total))
    elif incl is not None:
        excl, vat = excl_from_total(incl, rate)
        total = incl
    else:
        f.error("amount_excl_vat", _("Ce champ est obligatoire."))
        return Decimal(0), Decimal(0), Decimal(0)
    if correction and total == 0:
        f.error("amount_excl_vat", _("Une correction ne peut pas être nulle."))
    return excl, vat, total


def merge_update(current: Any, data: Any) -> dict[str, Any]:
    """A JSON update over a draft: fields not sent keep their value (sending `amount` replaces the
    amount excluding VAT, `expense_date` the invoice date, `category` the category code)."""
    if not isinstance(data, dict):
        raise Invalid({"body": _("Le corps de la requête doit être un objet JSON.")})
    base: dict[str, Any] = {
        "category_code": current.category, "description": current.description, "supplier": current.supplier,
        "invoice_number": current.invoice_number, "amount_excl_vat": str(current.amount_excl_vat),
        "vat_rate": str(current.vat_rate), "invoice_date": current.invoice_date.isoformat(),
        "due_date": current.due_date.isoformat() if current.due_date else None,
        "sharing_key_id": str(current.sharing_key_id) if current.sharing_key_id else None}
    if "amount" in data and "amount_excl_vat" not in data:
        base.pop("amount_excl_vat")
    if "expense_date" in data and "invoice_date" not in data:
        base.pop("invoice_date")
    if "category" in data and "category_code" not in data:
        if data["category"] == CATEGORIES[current.category].legacy:
            data = {k: v for k, v in data.items() if k != "category"}  # an echo of what we sent
        else:
            base.pop("category_code")
    return {**base, **data}
