"""Working days, as procurement law counts them: not weekends, not England and Wales bank holidays.

The DPS must decide an application within 10 working days of receiving it (PCR 2015 reg. 34(15)),
extendable to 15 where that is justified. The holidays come from the `govuk-bank-holidays`
package's own copy of the GOV.UK list, read once at import: the portal never goes to the network
for them. Days beyond the end of that copy count as working days unless they fall on a weekend,
so a new release of the package is needed every year or so (its copy runs about two years ahead).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from govuk_bank_holidays.bank_holidays import BankHolidays

DECISION_LIMIT = 10
EXTENDED_DECISION_LIMIT = 15
# "Due soon" this many working days before the limit: day 8 of 10, day 13 of 15.
DUE_SOON_MARGIN = 2

_BANK_HOLIDAYS = BankHolidays(use_cached_holidays=True)
# Sorted weekday holidays only: a holiday on a weekend would otherwise be subtracted twice.
HOLIDAYS: tuple[date, ...] = tuple(
    sorted(
        holiday["date"]
        for holiday in _BANK_HOLIDAYS.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
        if holiday["date"].weekday() < 5
    )
)
_HOLIDAY_SET = frozenset(HOLIDAYS)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _HOLIDAY_SET


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`: 0 on the day itself.

    Submitted on Thursday 24 December 2026, an application has had 1 working day by Tuesday the
    29th (Christmas Day and the substitute Boxing Day on Monday the 28th do not count). 0 when
    `end` is not after `start`.
    """
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    weekdays = weeks * 5 + sum(
        1 for n in range(1, extra + 1) if (start + timedelta(n)).weekday() < 5
    )
    return weekdays - (_holidays_through(end) - _holidays_through(start))


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`: the last day of a decision period."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(1)
        if is_working_day(day):
            counted += 1
    return day


def _holidays_through(day: date) -> int:
    """How many weekday holidays fall on or before `day`."""
    return bisect_right(HOLIDAYS, day)
