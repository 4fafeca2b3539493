"""Server-rendered SVG bar charts: the geometry here, the markup in
templates/placements/dashboards/_bar_chart.html.

Horizontal bars, one a row, so long labels read without rotating; negative values grow left of
the zero line. Coordinates are whole numbers in a fixed viewBox that scales to its column. A
chart always sits beside a table of the same figures: the table is what screen readers and
anyone who cannot tell bar lengths apart rely on.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 630  # drawn at about its own size in a two-thirds column, so 16px text stays 16px
LABEL_WIDTH = 200  # room for "Kingston upon Thames" at 16px
LABEL_CHARACTERS = 21  # a label line's length at 16px in LABEL_WIDTH; longer labels wrap
LINE_HEIGHT = 18
VALUE_WIDTH = 130  # room for "-£123,456.78" (with a minus sign) after the longest bar
ROW_HEIGHT = 36  # a row of one label line; a row grows for a wrapped label
BAR_HEIGHT = 24
PADDING = 8


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: int


@dataclass(frozen=True)
class Bar:
    label: str
    lines: tuple[LabelLine, ...]  # the label wrapped to fit left of the bars, never cut
    text: str
    x: int
    y: int
    width: int
    height: int
    middle: int  # the row's vertical centre, for its two text labels
    text_x: int


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    zero_x: int
    label_x: int  # where labels end: left of the longest negative bar
    bars: tuple[Bar, ...]


def bar_chart(
    items: Sequence[tuple[str, Decimal]],
    *,
    title: str,
    description: str,
    format_value: Callable[[Decimal], str] = str,
) -> BarChart:
    """A bar per (label, value), in the order given, scaled to the largest magnitude."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    highest = max([Decimal(0), *(value for _, value in items)])
    lowest = min([Decimal(0), *(value for _, value in items)])
    span = highest - lowest
    scale = Decimal(plot) / span if span else Decimal(0)
    zero_x = LABEL_WIDTH + round(-lowest * scale)
    wrapped = [textwrap.wrap(label, LABEL_CHARACTERS) or [""] for label, _ in items]
    row_height = max([ROW_HEIGHT, *(len(lines) * LINE_HEIGHT + 8 for lines in wrapped)])
    bars = []
    for index, ((label, value), lines) in enumerate(zip(items, wrapped, strict=True)):
        length = round(abs(value) * scale)
        top = PADDING + index * row_height
        middle = top + row_height // 2
        first = middle - (len(lines) - 1) * LINE_HEIGHT // 2
        x = zero_x if value >= 0 else zero_x - length
        bars.append(
            Bar(
                label=label,
                lines=tuple(
                    LabelLine(text=line, y=first + n * LINE_HEIGHT) for n, line in enumerate(lines)
                ),
                text=format_value(value),
                x=x,
                y=top + (row_height - BAR_HEIGHT) // 2,
                width=length,
                height=BAR_HEIGHT,
                middle=middle,
                text_x=max(zero_x, x + length) + 6,
            )
        )
    return BarChart(
        title=title,
        description=description,
        width=WIDTH,
        height=2 * PADDING + len(items) * row_height,
        zero_x=zero_x,
        label_x=LABEL_WIDTH - 8,
        bars=tuple(bars),
    )
