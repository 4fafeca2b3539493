"""One placement's expected charge as a page and the API show it: the period asked for (checked
here), else the borough's billing period today, and the billing periods either side (ADR 17)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .charges import Charge, calendar_of_consortium, expected_charge
from .terms import billing_period, billing_periods

MAX_PERIOD_DAYS = 366
MSG_PERIOD_ORDER = "The end of the period must be on or after its start"
MSG_PERIOD_LENGTH = "A period can be at most a year long"
MSG_PERIOD_BOTH = "Give both the start and the end of the period, or neither"
MSG_PERIOD_YEARS = "A period must fall between the years 2000 and 2099"
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def check_period(start: date | None, end: date | None) -> tuple[date, date] | None:
    """A period asked for (both ends, or neither: None); ValueError with a message if wrong."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise ValueError(MSG_PERIOD_BOTH)
    if start < EARLIEST or end > LATEST:
        raise ValueError(MSG_PERIOD_YEARS)
    if end < start:
        raise ValueError(MSG_PERIOD_ORDER)
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise ValueError(MSG_PERIOD_LENGTH)
    return start, end


@dataclass(frozen=True)
class PeriodCharge:
    """A placement's charge for a period, with the billing periods either side of it."""

    charge: Charge
    frequency: str  # the borough's: "monthly" or "termly"
    previous: tuple[date, date]
    following: tuple[date, date]
    is_billing_period: bool  # False for a period asked for that is not one of the borough's


def placement_charge(
    *, placement, period: tuple[date, date] | None = None, today: date | None = None
) -> PeriodCharge:
    """The placement's charge for `period`, by default the borough's billing period today.
    `placement` comes from `access_placement` (with its borough)."""
    calendar = calendar_of_consortium(placement.borough.consortium_id)
    frequency = placement.borough.billing_frequency
    if period is None:
        period = billing_period(frequency, today or timezone.localdate(), calendar=calendar)
    previous, current, following = billing_periods(frequency, period[0], calendar=calendar)
    charge = expected_charge(placement, *period, calendar=calendar)
    return PeriodCharge(charge, frequency, previous, following, current == period)
