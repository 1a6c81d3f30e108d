"""Late interest (intérêts de retard) on an owner's overdue debt: day by day from a start date (the formal notice,
or what the bylaws say) to an end date, split at each change of rate, exact until the total is rounded to the
cent (ROUND_HALF_UP). The reasoning — each period, its days, its rate and its exact amount — is returned as data,
for the letter and the ledger to show.

A rate table is a list of annual rates in percent, each in force from its effective date until the next one, and
known up to `until` (the last day covered): a period outside it is refused rather than guessed.

- Belgium: the legal rate (taux d'intérêt légal, loi du 5 mai 1865), one per calendar year.
- France: the taux légal (Code monétaire et financier, art. L313-2), two per half-year — when the creditor is a
  natural person not acting for professional needs, and in every other case. The syndicat des copropriétaires is
  a legal person: its claims on an owner run at the rate for the other cases (`FR_LEGAL_OTHER_CREDITOR`).
- Bylaws that provide their own rate: `fixed_rate(percent)`.

Days are counted actual/365 (a year of 365 days, leap years included), the usual count for these rates."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from domain.errors import Invalid
from domain.i18n import _

YEAR_DAYS = 365


@dataclass(frozen=True)
class Rate:
    """An annual rate in percent, in force from `effective` (inclusive) until the next rate of its table."""

    effective: date
    percent: Decimal


@dataclass(frozen=True)
class RateTable:
    name: str  # a Msg for the built-in tables: translated with the message that names it
    rates: tuple[Rate, ...]  # by effective date
    until: date  # the last day the table is known to cover

    def __post_init__(self) -> None:
        if not self.rates or list(self.rates) != sorted(self.rates, key=lambda r: r.effective):
            raise ValueError("rates must be given, in order of their effective dates")

    def rate_on(self, day: date) -> Decimal:
        """The rate in force on `day` (which the table must cover)."""
        if day < self.rates[0].effective or day > self.until:
            raise _not_covered(self, day)
        found = self.rates[0]
        for rate in self.rates:
            if rate.effective <= day:
                found = rate
        return found.percent


def _not_covered(table: RateTable, day: date) -> Invalid:
    return Invalid({"rate": _("Le taux « %(table)s » n'est connu que du %(start)s au %(end)s : il manque celui du "
                              "%(day)s.", table=table.name, start=table.rates[0].effective.isoformat(),
                              end=table.until.isoformat(), day=day.isoformat())})


def _half_years(name: str, rates: Sequence[tuple[int, int, str]], until: date) -> RateTable:
    return RateTable(name, tuple(Rate(date(y, 1 if half == 1 else 7, 1), Decimal(p)) for y, half, p in rates), until)


BE_LEGAL = RateTable(_("taux légal belge"), (
    Rate(date(2024, 1, 1), Decimal("5.75")),
    Rate(date(2025, 1, 1), Decimal("4.5")),
    Rate(date(2026, 1, 1), Decimal("4.5")),
), until=date(2026, 12, 31))

# France, taux légal per half-year (arrêtés of the Minister for the Economy). The rates for 2023-S2, 2024-S1 and
# 2025-S1 are the ones this table is surest of; 2023-S1, 2024-S2 and 2025-S2 must be checked against their arrêté
# before a letter relies on them; 2026 is not entered yet (a computation reaching 2026 is refused until it is).
FR_LEGAL_INDIVIDUAL_CREDITOR = _half_years(_("taux légal français (créancier particulier)"), [
    (2023, 1, "4.47"), (2023, 2, "6.82"), (2024, 1, "8.01"), (2024, 2, "8.16"), (2025, 1, "7.21"), (2025, 2, "6.65"),
], until=date(2025, 12, 31))
FR_LEGAL_OTHER_CREDITOR = _half_years(_("taux légal français (autres cas)"), [
    (2023, 1, "2.06"), (2023, 2, "4.22"), (2024, 1, "5.07"), (2024, 2, "4.92"), (2025, 1, "3.71"), (2025, 2, "2.76"),
], until=date(2025, 12, 31))


def legal_rates(jurisdiction: str, *, creditor_is_individual: bool = False) -> RateTable:
    """The legal rate table of a jurisdiction ("BE" or "FR"); an association or syndicat is no individual."""
    if jurisdiction == "BE":
        return BE_LEGAL
    if jurisdiction == "FR":
        return FR_LEGAL_INDIVIDUAL_CREDITOR if creditor_is_individual else FR_LEGAL_OTHER_CREDITOR
    raise ValueError(f"no legal rate for {jurisdiction!r}")


def fixed_rate(percent: Decimal, name: str | None = None) -> RateTable:
    """A single rate at all dates (the bylaws' own clause)."""
    return RateTable(name or _("taux du règlement de copropriété"), (Rate(date.min, percent),), until=date.max)


@dataclass(frozen=True)
class InterestPeriod:
    start: date  # inclusive
    end: date  # exclusive
    days: int
    percent: Decimal
    exact: Fraction  # principal x percent / 100 x days / 365, not rounded


@dataclass(frozen=True)
class Interest:
    principal: Decimal
    start: date
    end: date
    periods: tuple[InterestPeriod, ...]
    exact: Fraction  # the sum of the periods, not rounded
    amount: Decimal  # to the cent, ROUND_HALF_UP

    @property
    def days(self) -> int:
        return sum(p.days for p in self.periods)


def round_cents(value: Fraction) -> Decimal:
    """An exact amount to the cent, halves away from zero (ROUND_HALF_UP)."""
    cents = abs(value) * 100
    whole = int(cents + Fraction(1, 2))  # floor of a positive number
    return (Decimal(whole if value >= 0 else -whole) / 100).quantize(Decimal("0.01"))


def late_interest(principal: Decimal, start: date, end: date, table: RateTable, *,
                  year_days: int = YEAR_DAYS) -> Interest:
    """Interest on `principal` for each day from `start` (inclusive) to `end` (exclusive) at the table's rate of
    that day, split into periods of one rate. Nothing when `end` is not after `start`."""
    if principal < 0:
        raise ValueError("interest runs on a debt: a principal of 0 or more")
    periods: list[InterestPeriod] = []
    if end > start:
        last = end - timedelta(days=1)
        table.rate_on(start)
        table.rate_on(last)  # both ends covered (or refused, naming the day)
        changes = [r.effective for r in table.rates if start < r.effective <= last]
        bounds = [start, *changes, end]
        for a, b in zip(bounds, bounds[1:], strict=False):
            percent = table.rate_on(a)
            days = (b - a).days
            exact = Fraction(principal) * Fraction(percent) / 100 * days / year_days
            if periods and periods[-1].percent == percent:  # a new year at the same rate: one period
                previous = periods.pop()
                a, days, exact = previous.start, previous.days + days, previous.exact + exact
            periods.append(InterestPeriod(a, b, days, percent, exact))
    total = sum((p.exact for p in periods), Fraction(0))
    return Interest(principal, start, end, tuple(periods), total, round_cents(total))
