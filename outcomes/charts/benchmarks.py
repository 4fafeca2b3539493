"""Dot-and-whisker charts of benchmarks: the geometry here, the markup in
templates/outcomes/benchmarks/_interval_chart.html.

One row per group: a dot at the shrunken estimate, a whisker over the 95% interval of the raw
mean, a short tick at the raw mean, and, where given, a pale band over the consortium's
interquartile range for the need with a line at its median (a provider's own page). Rows are
horizontal so long names read without rotating; a vertical line marks zero progress. A chart
always sits beside a table of the same figures, which is what screen readers rely on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 650
# Room for MAX_LABEL characters at 16px (about 9px each in Arial, capitals and all): narrower,
# and the start of a long name fell off the left of the chart ("eyondAutism Schools").
LABEL_WIDTH = 280
VALUE_WIDTH = 70
ROW_HEIGHT = 36
PADDING = 8
AXIS_HEIGHT = 28
MAX_LABEL = 28  # characters: longer names are shortened in the chart (the table has them whole)


@dataclass(frozen=True)
class IntervalItem:
    """One group as charted: Decimals or None where the figure is missing."""

    label: str
    estimate: float | Decimal | None
    mean: float | Decimal | None = None
    lower: float | Decimal | None = None
    upper: float | Decimal | None = None
    band: tuple[Decimal, Decimal, Decimal] | None = None  # q1, median, q3


@dataclass(frozen=True)
class IntervalRow:
    label: str
    text: str
    middle: int
    dot_x: int | None
    mean_x: int | None
    whisker: tuple[int, int] | None
    band: tuple[int, int, int] | None  # x of q1, the band's width, x of the median
    band_y: int
    band_height: int


@dataclass(frozen=True)
class Tick:
    x: int
    text: str


@dataclass(frozen=True)
class IntervalChart:
    title: str
    description: str
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    zero_x: int | None
    label_x: int
    text_x: int
    rows: tuple[IntervalRow, ...]
    ticks: tuple[Tick, ...]

    @property
    def has_band(self) -> bool:
        """Whether any row shows the consortium's middle half (the legend explains it only then)."""
        return any(row.band for row in self.rows)


def _extent(items: Sequence[IntervalItem]) -> tuple[float, float]:
    values = [0.0]
    for item in items:
        values += [
            float(v) for v in (item.estimate, item.mean, item.lower, item.upper) if v is not None
        ]
        values += [float(v) for v in item.band or ()]
    low, high = min(values), max(values)
    if high - low < 1e-9:
        high = low + 1.0
    margin = (high - low) * 0.05
    return low - margin, high + margin


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _ticks(low: float, high: float, scale) -> tuple[Tick, ...]:
    """About five round values across the axis."""
    step = _round_step((high - low) / 4)
    value = math.ceil(low / step) * step
    ticks = []
    while value <= high + 1e-9:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        ticks.append(Tick(x=scale(value), text="0" if text in ("", "-0") else text))
        value += step
    return tuple(ticks)


def _round_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least `raw`."""
    power = 1.0
    while power * 10 <= raw:
        power *= 10
    while power > raw:
        power /= 10
    for factor in (1, 2, 5, 10):
        if power * factor >= raw:
            return power * factor
    return power * 10


def _band(quartiles, x) -> tuple[int, int, int]:
    q1, median, q3 = (x(value) for value in quartiles)
    return (q1, max(1, q3 - q1), median)


def interval_chart(items: Sequence[IntervalItem], *, title: str, description: str) -> IntervalChart:
    """A row per item, in the order given, on one shared scale that includes zero."""
    low, high = _extent(items)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def x(value) -> int:
        return LABEL_WIDTH + round((float(value) - low) / (high - low) * plot)

    rows = []
    for index, item in enumerate(items):
        top = PADDING + index * ROW_HEIGHT
        whisker = None
        if item.lower is not None and item.upper is not None:
            whisker = (x(item.lower), x(item.upper))
        rows.append(
            IntervalRow(
                label=_short(item.label),
                text="" if item.estimate is None else f"{item.estimate:.2f}",
                middle=top + ROW_HEIGHT // 2,
                dot_x=None if item.estimate is None else x(item.estimate),
                mean_x=None if item.mean is None else x(item.mean),
                whisker=whisker,
                band=None if item.band is None else _band(item.band, x),
                band_y=top + 6,
                band_height=ROW_HEIGHT - 12,
            )
        )
    bottom = PADDING + len(items) * ROW_HEIGHT
    return IntervalChart(
        title=title,
        description=description,
        width=WIDTH,
        height=bottom + AXIS_HEIGHT,
        plot_top=PADDING,
        plot_bottom=bottom,
        zero_x=x(0) if low <= 0 <= high else None,
        label_x=LABEL_WIDTH - 8,
        text_x=WIDTH - VALUE_WIDTH + 8,
        rows=tuple(rows),
        ticks=_ticks(low, high, x),
    )


def benchmark_items(rows: Sequence[dict], *, label) -> list[IntervalItem]:
    """Chart items from benchmark rows; `label(row)` names each."""
    return [
        IntervalItem(
            label=label(row),
            estimate=row.get("shrunk"),
            mean=row.get("mean_progress"),
            lower=row.get("lower"),
            upper=row.get("upper"),
        )
        for row in rows
        if row.get("shrunk") is not None
    ]
