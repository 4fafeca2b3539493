"""Expected charges: what a placement should be billed for a period, line by line (ADR 17).

The arithmetic (`charge_for`) is pure: it takes the placement's dates, weeks a year and fee
history, and a term calendar, and answers a `Charge`. `expected_charge` and `expected_charges`
load those from the database: one placement, or a whole queryset in batches with its fees
prefetched. The rules below are written once, here, and the pages show them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q

from .money import pence
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
) -> Iterator[tuple[date, date, dict[str, Decimal]]]:
    """(from, to, schedule) for each fee in force between `first` and `last`."""
    ordered = sorted(fees, key=lambda fee: fee[0])
    for index, (effective_from, schedule) in enumerate(ordered):
        start = starts_on if index == 0 else effective_from
        following = ordered[index + 1][0] if index + 1 < len(ordered) else None
        end = following - timedelta(days=1) if following else last
        start, end = max(start, first), min(end, last)
        if start <= end:
            yield start, end, schedule


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
) -> Charge:
    """The expected charge from the facts alone (see RULES); `fees` are (effective_from,
    schedule) pairs, a schedule being {part: weekly amount}."""
    first = max(period_start, starts_on)
    last = min(period_end, ends_on) if ends_on else period_end
    if first > last or not fees:
        nothing = ("No day of the placement falls in this period.",)
        return Charge(placement_id, period_start, period_end, (), nothing)
    rate = _rate(weeks_per_year, calendar is not None and calendar.covers(first, last))
    explanation = [f"Charged from {_day(first)} to {_day(last)}.", rate.words]
    lines: list[ChargeLine] = []
    for span_start, span_end, schedule in _fee_spans(fees, first, last, starts_on):
        days = _days(rate, span_start, span_end, calendar)
        weeks = (Decimal(days * rate.numerator) / rate.denominator).quantize(Decimal("0.0001"))
        explanation.append(
            f"{_day(span_start)} to {_day(span_end)}: {days} days charged, "
            f"£{sum(schedule.values(), Decimal(0)):,.2f} a week."
        )
        for part, weekly in schedule.items():
            if not weekly or not days:
                continue
            # One division of an exact numerator: Decimal's 28 digits hold every fee x days x
            # weeks exactly, so the quotient is rounded only once, here, to the penny.
            amount = pence(weekly * days * rate.numerator / rate.denominator)
            lines.append(ChargeLine(part, days, weeks, weekly, amount, span_start, span_end))
            explanation.append(
                f"{part.replace('_', ' ').capitalize()}: {_money(weekly)} x {days} x "
                f"{rate.numerator}/{rate.denominator} = {_money(amount)} (rounded half up)."
            )
    explanation.append("The total is the sum of the rounded lines.")
    return Charge(placement_id, period_start, period_end, tuple(lines), tuple(explanation))


# --- Loading what the arithmetic needs -------------------------------------------------------


def _fees_of(placement) -> list[tuple[date, dict[str, Decimal]]]:
    """The placement's fee history (prefetched where the caller prefetched it); a placement
    with none is charged its agreed fee from the start."""
    fees = [(fee.effective_from, fee.schedule()) for fee in placement.fees.all()]
    return fees or [(placement.starts_on, {"fee": placement.agreed_weekly})]


def term_calendars(consortium_ids: Iterable[int] | None = None) -> dict[int, TermCalendar]:
    """Every consortium's term calendar (a small table: read once per run)."""
    from .models import TermDates

    rows = TermDates.objects.all()
    if consortium_ids is not None:
        rows = rows.filter(consortium_id__in=list(consortium_ids))
    halves: dict[int, list] = {}
    for row in rows:
        halves.setdefault(row.consortium_id, []).append(row.as_half_term())
    return {cid: TermCalendar.of(h) for cid, h in halves.items()}


def calendar_of_consortium(consortium_id: int) -> TermCalendar:
    return term_calendars([consortium_id]).get(consortium_id, TermCalendar(()))


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
PLACEMENT_FIELDS = ("id", "weeks_per_year", "starts_on", "ends_on", "agreed_weekly", "borough")


def in_period_q(period_start: date, period_end: date) -> Q:
    """Placements with a day in the period: started by its end, not ended before its start."""
    return Q(starts_on__lte=period_end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period_start))


def expected_charges(placements_queryset, period_start: date, period_end: date) -> Iterator[Charge]:
    """A Charge for every placement of the queryset with a day in the period, in batches of
    2,000 with their fees prefetched: a few queries per batch, whatever the number of rows."""
    from boroughs.models import Borough

    from .models import FeeChange

    consortium_of = dict(Borough.objects.values_list("pk", "consortium_id"))
    calendars = term_calendars()
    fees = FeeChange.objects.only("placement_id", "effective_from", "weekly_fee", "lines")
    rows = (
        placements_queryset.filter(in_period_q(period_start, period_end))
        .only(*PLACEMENT_FIELDS)
        .order_by()
        .prefetch_related(Prefetch("fees", queryset=fees))
    )
    empty = TermCalendar(())
    for placement in rows.iterator(chunk_size=BATCH):
        calendar = calendars.get(consortium_of.get(placement.borough_id), empty)
        yield expected_charge(placement, period_start, period_end, calendar=calendar)
