"""Server-drawn SVG charts for the desk (no JavaScript): the geometry is computed here, the markup is in
templates/desk/_charts.html. Amounts stay Decimal; only positions are floats."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

# distinguishable on white and for the common colour-blindnesses (Okabe–Ito), then greys
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#7f7f7f", "#b0b0b0", "#4d4d4d", "#999933")
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 64, 28, 8


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    color: str
    label: str  # the category (or bucket) it stands for
    amount: Decimal


@dataclass(frozen=True)
class Stacked:
    width: int
    height: int
    bars: list[Rect]
    years: list[tuple[float, int, Decimal]]  # x of the label, the year, its total
    ticks: list[tuple[float, Decimal]]  # y, amount
    legend: list[tuple[str, str]]  # colour, category
    baseline: float


def _nice_top(value: Decimal) -> Decimal:
    """The axis' top: 1, 2 or 5 times a power of ten, at or above the value."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= power * step:
            return power * step
    return power * 10


def stacked_by_year(rows: list[tuple[int, str, Decimal]], labels: dict[str, str]) -> Stacked | None:
    """(year, category, amount) → one bar a year, its categories stacked in a fixed order (None: no data)."""
    if not rows:
        return None
    per_year: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for year, category, amount in rows:
        per_year[year][category] = amount
    years = sorted(per_year)
    cats = sorted({c for _y, c, _a in rows}, key=lambda c: list(labels).index(c) if c in labels else 99)
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(cats)}
    top = _nice_top(max(sum(v.values(), Decimal(0)) for v in per_year.values()))
    plot_h, plot_w = HEIGHT - BOTTOM - TOP, WIDTH - LEFT - 8
    slot = plot_w / len(years)
    bar_w = min(56.0, slot * 0.6)
    base = float(HEIGHT - BOTTOM)
    bars, ticks_x = [], []
    for i, year in enumerate(years):
        x = LEFT + slot * i + (slot - bar_w) / 2
        y = base
        for c in cats:
            amount = per_year[year].get(c, Decimal(0))
            if amount <= 0:
                continue
            h = float(amount / top) * plot_h
            y -= h
            bars.append(Rect(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1), colour[c], labels.get(c, c),
                             amount))
        ticks_x.append((round(x + bar_w / 2, 1), year, sum(per_year[year].values(), Decimal(0))))
    ticks = [(round(base - plot_h * k / 4, 1), top * k / 4) for k in range(5)]
    return Stacked(WIDTH, HEIGHT, bars, ticks_x, ticks, [(colour[c], labels.get(c, c)) for c in cats], base)


@dataclass(frozen=True)
class Horizontal:
    width: int
    height: int
    bars: list[Rect]  # one per bucket, y the row's top


def horizontal(buckets: list[tuple[str, Decimal]]) -> Horizontal:
    """(label, amount) → horizontal bars scaled to the largest (the labels written beside, by the template)."""
    top = max((a for _l, a in buckets), default=Decimal(0)) or Decimal(1)
    row, label_w, plot_w = 30, 150, WIDTH - 150 - 130
    colours = ("#009E73", "#E69F00", "#D55E00", "#8B0000")
    bars = [Rect(label_w, 8 + i * row, round(float(a / top) * plot_w, 1), 18, colours[i % 4], label, a)
            for i, (label, a) in enumerate(buckets)]
    return Horizontal(WIDTH, 16 + row * len(buckets), bars)
