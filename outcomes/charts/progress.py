"""Server-rendered SVG line charts of a domain's scores over terms: the geometry here, the
markup in templates/outcomes/progress/_line_chart.html.

The first point is the baseline, then one a term; the y axis is the domain's scale (whole
scores), with the target as a dashed line. Coordinates are whole numbers in a fixed viewBox
that scales to its column. Every chart sits beside a table of the same figures, which is what
screen readers and anyone who cannot read the lines rely on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 600, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 40, 16, 48  # room for the scale's labels and the terms'
MAX_X_LABELS = 8  # beyond this, every other term is labelled so labels do not overlap


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    label: str
    text: str
    labelled: bool


@dataclass(frozen=True)
class Tick:
    y: int
    text: str


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int  # the plot's right edge
    bottom: int  # the plot's bottom edge (the x axis)
    points: tuple[Point, ...]
    path: str
    ticks: tuple[Tick, ...]
    target_y: int | None


def _y(value: Decimal, low: int, high: int) -> int:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + round((Decimal(high) - value) * plot / Decimal(high - low or 1))


def line_chart(
    values: Sequence[tuple[str, Decimal]],
    *,
    low: int,
    high: int,
    title: str,
    description: str,
    target: Decimal | None = None,
) -> LineChart:
    """A point per (label, value) in order, joined by a line, on a scale from low to high."""
    plot_right = WIDTH - RIGHT
    step = (plot_right - LEFT) / max(len(values) - 1, 1)
    every = 2 if len(values) > MAX_X_LABELS else 1
    points = tuple(
        Point(
            x=round(LEFT + index * step) if len(values) > 1 else (LEFT + plot_right) // 2,
            y=_y(value, low, high),
            label=label,
            text=str(value),
            labelled=index % every == 0 or index == len(values) - 1,
        )
        for index, (label, value) in enumerate(values)
    )
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    return LineChart(
        title=title,
        description=description,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=plot_right,
        bottom=HEIGHT - BOTTOM,
        points=points,
        path=path,
        ticks=tuple(Tick(_y(Decimal(v), low, high), str(v)) for v in range(low, high + 1)),
        target_y=_y(target, low, high) if target is not None else None,
    )
