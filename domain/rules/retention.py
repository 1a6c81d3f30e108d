"""How long a former owner's data is kept, per jurisdiction (pure): the accounting retention period, counted
from the first of January after the last day that ties the person to the association's accounts (a right's end,
a charge, a payment). After it, their contact data is erased; names stay where the law keeps them (minutes,
ledgers). Settings: a building's jurisdiction picks one; change the figures here, with their citation."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.i18n import Msg, _


@dataclass(frozen=True)
class Retention:
    years: int
    citation: Msg


RETENTION: dict[str, Retention] = {
    # BE: books kept 7 years from 1 January after their closing (CDE art. III.88, al. 2); supporting documents
    # 7 years (art. III.86, al. 4). The tax period became 10 years in 2023 (CIR 92 art. 315, law of 20 November
    # 2022) for those subject to income tax; an association of co-owners rarely is: check with the firm's counsel.
    "BE": Retention(7, _("Code de droit économique, art. III.86, al. 4 et III.88, al. 2 : livres et pièces "
                         "justificatives conservés sept ans à partir du 1er janvier qui suit leur clôture.")),
    # FR: accounting documents and supporting documents kept 10 years (Code de commerce, art. L123-22, al. 2).
    "FR": Retention(10, _("Code de commerce, art. L123-22, al. 2 : documents comptables et pièces justificatives "
                          "conservés dix ans.")),
}


def retention_for(jurisdiction: str | None) -> Retention:
    """The period of a jurisdiction (Belgian by default, as buildings are)."""
    return RETENTION.get(jurisdiction or "BE", RETENTION["BE"])


def retained_until(jurisdiction: str | None, last_day: date) -> date:
    """The first day the data may be erased: 1 January after `last_day`, plus the period in years."""
    return date(last_day.year + 1 + retention_for(jurisdiction).years, 1, 1)
