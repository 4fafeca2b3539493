"""Working days as procurement law counts them: weekends and England and Wales bank holidays."""

from datetime import date

from providers.working_days import HOLIDAYS, add_working_days, working_days_between


def test_the_bank_holiday_list_has_christmas_and_easter_2026():
    assert {
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday is the substitute
        date(2027, 1, 1),
    } <= set(HOLIDAYS)


def test_christmas_2026_leaves_one_working_day_between_christmas_eve_and_the_29th():
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1


def test_ten_working_days_from_christmas_eve_2026_end_on_12_january_2027():
    assert add_working_days(date(2026, 12, 24), 10) == date(2027, 1, 12)
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 12)) == 10


def test_easter_2026_leaves_one_working_day_between_maundy_thursday_and_the_tuesday():
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1


def test_a_fortnight_over_easter_2026_has_eight_working_days():
    assert working_days_between(date(2026, 3, 30), date(2026, 4, 13)) == 8


def test_working_days_are_zero_on_the_day_itself_and_over_a_weekend():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == 0
