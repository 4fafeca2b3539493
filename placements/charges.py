"""Expected charges: what a placement should be billed for a period, line by line (ADR 17).

The arithmetic (`charge_for`) is pure: it takes the placement's dates, weeks a year and fee
history, and a term calendar, and answers a `Charge`. `expected_charge` and `expected_charges`
load those from the database: one placement, or a whole queryset in batches with its fees
prefetched. The rules below are written once, here, and the pages show them as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

from django.db.models import Q

from .models.terms import calendar_of_consortium, term_calendars
from .money import PENNY, pence
from .terms import (
    MONTHLY,
    TERMLY,
    TermCalendar,
    billing_period,
    billing_periods,
)

__all__ = [
    "MONTHLY",
    "RULES",
    "TERMLY",
    "Charge",
    "ChargeLine",
    "TermCalendar",
    "billing_period",
    "billing_periods",
    "charge_for",
    "expected_charge",
    "expected_charges",
]

TERM_TIME_WEEKS = 52 - 14  # 38: the school year, 190 days of term
FULL_YEAR_WEEKS = 52
DAYS_IN_52_WEEKS = 364

RULES = (
    "The charge runs from the placement's start date, or the first day of the period if later, "
    "to its end date, or the last day of the period if sooner. The end date is the last day "
    "charged.",
    "A fee change applies from its effective date; the fee before it applies up to the day "
    "before. The first fee applies from the placement's start.",
    "52 weeks a year: every calendar day is charged at a seventh of the weekly fee.",
    "38 weeks a year (term time): only term days are charged, Monday to Friday inside the "
    "consortium's term dates, at a fifth of the weekly fee a day. Half-terms and holidays are "
    "not charged; a bank holiday in term is, since the weekly fee pays for the whole week.",
    "39, 44 or 48 weeks a year: the year's fee (the weekly fee for that many weeks) is spread "
    "evenly over the calendar, so each calendar day is charged at the weekly fee times the "
    "weeks a year, divided by 364 (52 weeks of 7 days).",
    "A 38-week placement in a year with no term dates recorded is charged the same way, at "
    "38/364 of the weekly fee a calendar day, and the page says so.",
    "Each line of the fee schedule (education, care, therapies, ...) is worked out exactly, then "
    "rounded once to the penny, half up. The total is the sum of the rounded lines.",
)


@dataclass(frozen=True)
class ChargeLine:
    """One part of the fee schedule under one fee in force, for the days it covers."""

    part: str  # "education", "care", ... or "fee" for a fee recorded as one amount
    days: int  # days charged: term weekdays (38 weeks) or calendar days
    weeks: Decimal  # days as weeks charged, to 4 places: for display, not for the amount
    weekly: Decimal  # this part of the weekly fee in force
    amount: Decimal  # to the penny, rounded once (half up)
    starts_on: date | None = None  # the first and last day this line covers
    ends_on: date | None = None

    @property
    def label(self) -> str:
        return part_label(self.part)


PART_LABELS = {"one_to_one": "One-to-one", "fee": "Fee"}


def part_label(part: str) -> str:
    """ "Education", "One-to-one", ...: a part of the fee schedule as pages name it."""
    return PART_LABELS.get(part, part.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Charge:
    """The expected charge of one placement for one billing period."""

    placement_id: int
    period_start: date
    period_end: date
    lines: tuple[ChargeLine, ...]
    explanation: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        """The sum of the rounded lines."""
        if len(self.lines) == 1:  # most charges; an amount is already to the penny
            return self.lines[0].amount
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def by_part(self) -> dict[str, Decimal]:
        """The amount per part of the schedule, summed over the fees in force, to the penny."""
        parts: dict[str, Decimal] = {}
        for line in self.lines:
            parts[line.part] = parts.get(line.part, Decimal("0.00")) + line.amount
        return parts


# --- The arithmetic --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rate:
    """Days counted one way, each worth weekly x numerator / denominator."""

    numerator: int
    denominator: int
    term_days: bool  # count term weekdays (else calendar days)
    words: str


@cache
def _rate(weeks_per_year: int, term_dates_known: bool) -> _Rate:
    if weeks_per_year == FULL_YEAR_WEEKS:
        return _Rate(1, 7, False, "52 weeks a year: each calendar day at 1/7 of the weekly fee.")
    if weeks_per_year == TERM_TIME_WEEKS and term_dates_known:
        return _Rate(
            1,
            5,
            True,
            "38 weeks a year: each term weekday at 1/5 of the weekly fee; "
            "half-terms and holidays are not charged.",
        )
    words = (
        f"{weeks_per_year} weeks a year spread over the calendar: each calendar day at "
        f"{weeks_per_year}/{DAYS_IN_52_WEEKS} of the weekly fee."
    )
    if weeks_per_year == TERM_TIME_WEEKS:
        words = "No term dates are recorded for this period, so " + words
    return _Rate(weeks_per_year, DAYS_IN_52_WEEKS, False, words)


def _days(rate: _Rate, start: date, end: date, calendar: TermCalendar | None) -> int:
    if end < start:
        return 0
    if rate.term_days and calendar is not None:
        return calendar.term_weekdays(start, end)
    return (end - start).days + 1


def _fee_spans(
    fees: Sequence[tuple[date, dict[str, Decimal]]], first: date, last: date, starts_on: date
) -> list[tuple[date, date, dict[str, Decimal]]]:
    """(from, to, schedule) for each fee in force between `first` and `last`."""
    if len(fees) == 1:  # most placements, most months
        return [(first, last, fees[0][1])]
    ordered = sorted(fees, key=lambda fee: fee[0])
    spans = []
    for index, (effective_from, schedule) in enumerate(ordered):
        start = starts_on if index == 0 else effective_from
        following = ordered[index + 1][0] if index + 1 < len(ordered) else None
        end = following - ONE_DAY if following else last
        start, end = max(start, first), min(end, last)
        if start <= end:
            spans.append((start, end, schedule))
    return spans


ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=4096)
def _window(
    weeks_per_year: int, first: date, last: date, calendar: TermCalendar | None
) -> tuple[_Rate, int, Decimal]:
    """The rule for the days charged from `first` to `last`, and their days and weeks: the same
    for every placement charged the whole period, so worked out once."""
    rate = _rate(weeks_per_year, calendar is not None and calendar.covers(first, last))
    days = _days(rate, first, last, calendar)
    return rate, days, _weeks(days, rate.numerator, rate.denominator)


@cache
def _weeks(days: int, numerator: int, denominator: int) -> Decimal:
    """Days as weeks charged, to 4 places (shown, never used for the amount)."""
    return (Decimal(days * numerator) / denominator).quantize(WEEKS_PLACES)


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def charge_for(
    *,
    placement_id: int,
    weeks_per_year: int,
    starts_on: date,
    ends_on: date | None,
    fees: Sequence[tuple[date, dict[str, Decimal]]],
    period_start: date,
    period_end: date,
    calendar: TermCalendar | None = None,
    explain: bool = True,
) -> Charge:
    """The expected charge from the facts alone (see RULES); `fees` are (effective_from,
    schedule) pairs, a schedule being {part: weekly amount}. Without `explain`, the steps in
    words are left out (a run over every placement)."""
    first = max(period_start, starts_on)
    last = min(period_end, ends_on) if ends_on else period_end
    if first > last or not fees:
        nothing = ("No day of the placement falls in this period.",) if explain else ()
        return Charge(placement_id, period_start, period_end, (), nothing)
    rate, days, weeks = _window(weeks_per_year, first, last, calendar)
    lines: list[ChargeLine] = []
    for span_start, span_end, schedule in _fee_spans(fees, first, last, starts_on):
        if (span_start, span_end) != (first, last):
            days = _days(rate, span_start, span_end, calendar)
            weeks = _weeks(days, rate.numerator, rate.denominator)
        if not days:
            continue
        for part, weekly in schedule.items():
            if weekly:
                # One division of an exact numerator: Decimal's 28 digits hold every fee x days
                # x weeks exactly, so the quotient is rounded only once, here, to the penny.
                amount = pence(weekly * (days * rate.numerator) / rate.denominator)
                lines.append(ChargeLine(part, days, weeks, weekly, amount, span_start, span_end))
    steps = _explain(first, last, rate, lines) if explain else ()
    return Charge(placement_id, period_start, period_end, tuple(lines), steps)


WEEKS_PLACES = Decimal("0.0001")


def _days_words(days: int, rate: _Rate) -> str:
    kind = "term day" if rate.term_days else "day"
    return f"{days} {kind}{'' if days == 1 else 's'}"


def _explain(first: date, last: date, rate: _Rate, lines: list[ChargeLine]) -> tuple[str, ...]:
    """The steps in words, fee by fee and line by line, as the page shows them."""
    steps = [f"Charged from {_day(first)} to {_day(last)}.", rate.words]
    span = None
    for line in lines:
        if (line.starts_on, line.ends_on) != span:
            span = (line.starts_on, line.ends_on)
            weekly = sum((x.weekly for x in lines if x.starts_on == line.starts_on), Decimal(0))
            steps.append(
                f"{_day(line.starts_on)} to {_day(line.ends_on)}: "
                f"{_days_words(line.days, rate)} charged, {_money(weekly)} a week."
            )
        steps.append(
            f"{line.label}: {_money(line.weekly)} x {line.days} x {rate.numerator}/"
            f"{rate.denominator} = {_money(line.amount)} (rounded half up)."
        )
    steps.append("The total is the sum of the rounded lines.")
    return tuple(steps)


# --- Loading what the arithmetic needs -------------------------------------------------------


def _fees_of(placement) -> list[tuple[date, dict[str, Decimal]]]:
    """The placement's fee history (prefetched where the caller prefetched it); a placement
    with none is charged its agreed fee from the start."""
    fees = [(fee.effective_from, fee.schedule()) for fee in placement.fees.all()]
    return fees or [(placement.starts_on, {"fee": placement.agreed_weekly})]


def expected_charge(
    placement, period_start: date, period_end: date, *, calendar: TermCalendar | None = None
) -> Charge:
    """The placement's expected charge for the period; its consortium's term dates are read
    when no `calendar` is given."""
    if calendar is None:
        calendar = calendar_of_consortium(placement.borough.consortium_id)
    return charge_for(
        placement_id=placement.pk,
        weeks_per_year=placement.weeks_per_year,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        fees=_fees_of(placement),
        period_start=period_start,
        period_end=period_end,
        calendar=calendar,
    )


BATCH = 2000
PLACEMENT_COLUMNS = ("id", "weeks_per_year", "starts_on", "ends_on", "agreed_weekly", "borough_id")


def in_period_q(period_start: date, period_end: date) -> Q:
    """Placements with a day in the period: started by its end, not ended before its start."""
    return Q(starts_on__lte=period_end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period_start))


def _fees_in_force(placements, period_start: date, period_end: date):
    """(placement id, effective from, weekly fee, lines as JSON text) of the fee rows of the
    `placements` (a queryset) in force some day of the period, by placement then date:
    effective by its end, and not replaced by another effective by its start (the next change
    found by a window)."""
    from django.db.models import F, TextField, Window
    from django.db.models.functions import Cast, Lead

    from .models import FeeChange

    following = Window(
        Lead("effective_from"), partition_by=[F("placement_id")], order_by=F("effective_from").asc()
    )
    return (
        FeeChange.objects.filter(
            placement_id__in=placements.values("pk"), effective_from__lte=period_end
        )
        .annotate(next_from=following, lines_text=Cast("lines", TextField()))
        .filter(Q(next_from__isnull=True) | Q(next_from__gt=period_start))
        .order_by("placement_id", "effective_from")
        .values_list("placement_id", "effective_from", "weekly_fee", "lines_text")
    )


def expected_charges(
    placements_queryset, period_start: date, period_end: date, *, explain: bool = False
) -> Iterator[Charge]:
    """A Charge for every placement of the queryset with a day in the period.

    Reads values, not model rows: one query for the placements and one for the fees in force
    (each a server-side cursor on PostgreSQL, read 2,000 rows at a time), both in placement
    order and walked side by side; one each for the boroughs and the term dates. The
    explanation in words is left out unless `explain`: a run over every placement needs the
    figures, a page the words (`expected_charge`).
    """
    from boroughs.models import Borough

    calendars, empty = term_calendars(), TermCalendar(())
    calendar_of = {
        borough: calendars.get(consortium, empty)
        for borough, consortium in Borough.objects.values_list("pk", "consortium_id")
    }
    placements = placements_queryset.filter(in_period_q(period_start, period_end))
    rows = placements.order_by("pk").values_list(*PLACEMENT_COLUMNS).iterator(chunk_size=BATCH)
    fees = _fees_in_force(placements, period_start, period_end).iterator(chunk_size=BATCH)
    fee = next(fees, None)
    for pk, weeks, starts_on, ends_on, agreed, borough_id in rows:
        in_force = []
        while fee is not None and fee[0] <= pk:  # both in placement order
            if fee[0] == pk:
                in_force.append(fee)
            fee = next(fees, None)
        if not in_force:
            in_force.append((pk, starts_on, agreed, None))
        calendar = calendar_of.get(borough_id, empty)
        if len(in_force) == 1 and in_force[0][3] in ONE_AMOUNT and not explain:
            # Most placements, most periods: one fee in force, recorded as one amount. The same
            # rules as `charge_for` (one span, the whole window, one "fee" line), with no
            # schedule, span or keyword to build for each.
            weekly = in_force[0][2]
            yield _one_fee_charge(
                pk, weeks, starts_on, ends_on, weekly, period_start, period_end, calendar
            )
            continue
        yield charge_for(
            placement_id=pk,
            weeks_per_year=weeks,
            starts_on=starts_on,
            ends_on=ends_on,
            fees=[(row[1], _schedule(row[2], row[3])) for row in in_force],
            period_start=period_start,
            period_end=period_end,
            calendar=calendar,
            explain=explain,
        )


ONE_AMOUNT = (None, "{}")  # a fee row's lines, as text, when the fee is one amount


def _schedule(weekly: Decimal, lines: str | None) -> dict[str, Decimal]:
    """A fee row's schedule from its columns; most fees are one amount ("{}"): decode only the
    schedules there are."""
    from .models import FeeChange

    return FeeChange.schedule_of(weekly, json.loads(lines) if lines and lines != "{}" else {})


def _one_fee_charge(
    pk: int,
    weeks_per_year: int,
    starts_on: date,
    ends_on: date | None,
    weekly: Decimal,
    period_start: date,
    period_end: date,
    calendar: TermCalendar,
) -> Charge:
    """`charge_for` of a placement with one fee in force, recorded as one amount, unexplained."""
    first = starts_on if starts_on > period_start else period_start
    last = ends_on if ends_on is not None and ends_on < period_end else period_end
    if first > last:
        return Charge(pk, period_start, period_end, ())
    rate, days, weeks = _window(weeks_per_year, first, last, calendar)
    if not days or not weekly:
        return Charge(pk, period_start, period_end, ())
    amount = (weekly * (days * rate.numerator) / rate.denominator).quantize(PENNY, ROUND_HALF_UP)
    line = ChargeLine("fee", days, weeks, weekly, amount, first, last)
    return Charge(pk, period_start, period_end, (line,))
