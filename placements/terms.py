"""Term dates and billing periods, as plain values: no database here (ADR 17).

A school year has six half-terms; the half-term breaks, Christmas, Easter and summer are the gaps
between them. `TermCalendar` is a consortium's half-terms (loaded by `placements.charges` from
`TermDates` rows); it counts the term weekdays a 38-week placement is charged for, and draws the
termly billing periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

MONTHLY = "monthly"
TERMLY = "termly"

# Termly billing periods cover every day of the year, holidays included, so that a 52-week
# placement's holidays fall in some bill: autumn runs from 1 September to the day before the
# spring term starts, spring to the day before the summer term, summer to 31 August.
TERMLY_RULE = (
    "Termly bills run from 1 September to the day before the spring term starts, then to the "
    "day before the summer term starts, then to 31 August, so the holidays fall in a bill too."
)
MONTHLY_RULE = "Monthly bills run from the first to the last day of each calendar month."
# Without term dates for a year, terms are taken as September to December, January to March and
# April to August.
FALLBACK_TERM_STARTS = ((9, 1), (1, 1), (4, 1))


def academic_year_of(day: date) -> int:
    """The year the academic year containing `day` starts in (1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def weekdays_between(start: date, end: date) -> int:
    """Monday-to-Friday days from `start` to `end`, both included (0 when end < start)."""
    if end < start:
        return 0
    full_weeks, rest = divmod((end - start).days + 1, 7)
    first = start.weekday()
    return full_weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


@dataclass(frozen=True)
class HalfTerm:
    academic_year: int  # 2025 for 2025-26
    number: int  # 1 to 6: autumn 1 and 2, spring 1 and 2, summer 1 and 2
    starts_on: date
    ends_on: date


@dataclass(frozen=True, eq=False)
class TermCalendar:
    """A consortium's half-terms; the days between them are holidays. Compared (and hashed) by
    identity: one calendar is read per run, and its answers are cached by it."""

    half_terms: tuple[HalfTerm, ...]
    # Term weekdays by (start, end): a run over every placement asks the same few ranges.
    _counted: dict = field(default_factory=dict, compare=False, repr=False)
    _covered: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, half_terms) -> TermCalendar:
        return cls(tuple(sorted(half_terms, key=lambda h: h.starts_on)))

    @cached_property
    def years(self) -> frozenset[int]:
        return frozenset(h.academic_year for h in self.half_terms)

    def covers(self, start: date, end: date) -> bool:
        """Whether every academic year from `start` to `end` has its term dates."""
        known = self._covered.get((start, end))
        if known is None:
            years = range(academic_year_of(start), academic_year_of(end) + 1)
            known = self._covered[start, end] = all(y in self.years for y in years)
        return known

    def term_weekdays(self, start: date, end: date) -> int:
        """Weekdays inside a half-term from `start` to `end`, both included."""
        counted = self._counted.get((start, end))
        if counted is None:
            counted = self._counted[start, end] = self._count(start, end)
        return counted

    def _count(self, start: date, end: date) -> int:
        return sum(
            weekdays_between(max(h.starts_on, start), min(h.ends_on, end))
            for h in self.half_terms
            if h.starts_on <= end and h.ends_on >= start
        )

    def term_starts(self, academic_year: int) -> tuple[date, date, date] | None:
        """The first days of the autumn, spring and summer terms (half-terms 1, 3 and 5)."""
        starts = {
            h.number: h.starts_on for h in self.half_terms if h.academic_year == academic_year
        }
        if not all(n in starts for n in (1, 3, 5)):
            return None
        return starts[1], starts[3], starts[5]


def _terms_of_year(year: int, calendar: TermCalendar | None) -> list[tuple[date, date]]:
    """The year's three termly billing periods, covering 1 September to 31 August."""
    starts = calendar.term_starts(year) if calendar else None
    if starts is None:
        starts = tuple(
            date(year if month >= 9 else year + 1, month, day)
            for month, day in FALLBACK_TERM_STARTS
        )
    firsts = [date(year, 9, 1), starts[1], starts[2]]
    lasts = [starts[1] - timedelta(days=1), starts[2] - timedelta(days=1), date(year + 1, 8, 31)]
    return list(zip(firsts, lasts, strict=True))


def _month(year: int, month: int) -> tuple[date, date]:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


def billing_period(
    frequency: str, on: date, *, calendar: TermCalendar | None = None
) -> tuple[date, date]:
    """The billing period (first and last day, both charged) containing `on`."""
    if frequency == MONTHLY:
        return _month(on.year, on.month)
    year = academic_year_of(on)
    return next(p for p in _terms_of_year(year, calendar) if p[0] <= on <= p[1])


def billing_periods(
    frequency: str, around: date, *, calendar: TermCalendar | None = None
) -> list[tuple[date, date]]:
    """[previous, current, next]: the billing period containing `around` and its neighbours.

    `frequency` is "monthly" or "termly"; each period is (first day, last day), both charged.
    """
    current = billing_period(frequency, around, calendar=calendar)
    previous = billing_period(frequency, current[0] - timedelta(days=1), calendar=calendar)
    following = billing_period(frequency, current[1] + timedelta(days=1), calendar=calendar)
    return [previous, current, following]
