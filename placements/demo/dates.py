"""When things happen in the demo's past: moments in working hours, and anniversaries."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def at(rng: random.Random, day: date, hour: int | None = None) -> datetime:
    """A moment in working hours on `day`, in the portal's time zone."""
    moment = time(hour if hour is not None else rng.randint(9, 16), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


def years_before(day: date, years: float) -> date:
    return day - timedelta(days=round(years * 365.25))


def a_year_after(day: date) -> date:
    if (day.month, day.day) == (2, 29):
        return date(day.year + 1, 2, 28)
    return day.replace(year=day.year + 1)
