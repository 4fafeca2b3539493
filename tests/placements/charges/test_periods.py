"""Billing periods, monthly or termly (placements.terms)."""

from datetime import date

from placements.terms import TermCalendar, billing_periods, weekdays_between

from .test_arithmetic import london


def test_monthly_periods_are_the_month_around_a_day_and_its_neighbours():
    assert billing_periods("monthly", date(2025, 12, 15)) == [
        (date(2025, 11, 1), date(2025, 11, 30)),
        (date(2025, 12, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)),
    ]


def test_termly_periods_run_from_term_to_term_so_the_holidays_are_billed_too():
    # Spring 2026 starts 5 January, summer 13 April; 2024-25 has no dates: summer from 1 April.
    assert billing_periods("termly", date(2025, 10, 15), calendar=london()) == [
        (date(2025, 4, 1), date(2025, 8, 31)),
        (date(2025, 9, 1), date(2026, 1, 4)),
        (date(2026, 1, 5), date(2026, 4, 12)),
    ]


def test_termly_periods_without_term_dates_are_september_january_and_april():
    assert billing_periods("termly", date(2026, 8, 31), calendar=TermCalendar(())) == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 8, 31)),
        (date(2026, 9, 1), date(2026, 12, 31)),
    ]


def test_weekdays_are_counted_monday_to_friday_both_ends_included():
    assert weekdays_between(date(2025, 10, 15), date(2025, 10, 24)) == 8  # Wed to the next Fri
    assert weekdays_between(date(2025, 10, 25), date(2025, 10, 26)) == 0  # a weekend
    assert weekdays_between(date(2025, 10, 2), date(2025, 10, 1)) == 0


def test_the_london_years_have_about_195_term_days():
    calendar = london()
    assert calendar.term_weekdays(date(2025, 9, 1), date(2026, 8, 31)) == 195
    assert calendar.covers(date(2027, 9, 1), date(2028, 8, 31))
    assert not calendar.covers(date(2028, 9, 1), date(2028, 9, 30))
