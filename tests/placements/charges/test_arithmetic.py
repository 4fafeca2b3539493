"""Expected charges worked out by hand (placements.charges; ADR 17). No database: the rules
alone, with the 2025-26 London term dates (Autumn 1 ends Friday 24 October 2025; half-term
16 to 20 February 2026; Summer 2 starts Monday 1 June 2026)."""

from datetime import date
from decimal import Decimal

from placements.charges import charge_for
from placements.term_dates import TERM_DATES
from placements.terms import HalfTerm, TermCalendar

D = Decimal


def london() -> TermCalendar:
    return TermCalendar.of(
        HalfTerm(year, number, date.fromisoformat(first), date.fromisoformat(last))
        for year, (_, halves) in TERM_DATES.items()
        for number, (first, last) in enumerate(halves, start=1)
    )


def charge(weeks, starts_on, fees, start, end, ends_on=None, calendar=None):
    return charge_for(
        placement_id=1,
        weeks_per_year=weeks,
        starts_on=starts_on,
        ends_on=ends_on,
        fees=fees,
        period_start=start,
        period_end=end,
        calendar=london() if calendar is None else calendar,
    )


OCTOBER = (date(2025, 10, 1), date(2025, 10, 31))


def test_a_38_week_placement_starting_on_a_wednesday_mid_term_pays_for_its_term_days():
    # Starts Wednesday 15 October 2025. Term days in October from then: 15-17 (3) and 20-24
    # (5) = 8; 27-31 October is half-term. Education £1,234.57 x 8 / 5 = £1,975.312 -> £1,975.31;
    # therapies £285.43 x 8 / 5 = £456.688 -> £456.69; total £2,432.00 (= £1,520 x 8 / 5).
    fees = [(date(2025, 10, 15), {"education": D("1234.57"), "therapies": D("285.43")})]
    result = charge(38, date(2025, 10, 15), fees, *OCTOBER)
    assert [(line.part, line.days, line.amount) for line in result.lines] == [
        ("education", 8, D("1975.31")),
        ("therapies", 8, D("456.69")),
    ]
    assert result.lines[0].weeks == D("1.6000")
    assert result.total == D("2432.00")
    assert result.by_part() == {"education": D("1975.31"), "therapies": D("456.69")}


def test_each_line_is_rounded_once_and_the_total_is_the_sum_of_the_rounded_lines():
    # 3 term days (Wednesday 22 to Friday 24 October 2025): education £1,000.01 x 3 / 5 =
    # £600.006 -> £600.01; therapies £100.01 x 3 / 5 = £60.006 -> £60.01. The lines sum to
    # £660.02, although £1,100.02 x 3 / 5 = £660.012 would round to £660.01.
    fees = [(date(2025, 10, 22), {"education": D("1000.01"), "therapies": D("100.01")})]
    result = charge(38, date(2025, 10, 22), fees, *OCTOBER)
    assert [line.amount for line in result.lines] == [D("600.01"), D("60.01")]
    assert result.total == D("660.02")


def test_a_month_spanning_half_term_charges_a_38_week_placement_for_term_days_only():
    # February 2026: 2-13 February (10 weekdays) and 23-27 February (5); 16-20 is half-term.
    # 15 days x £1,520 / 5 = £4,560.00.
    fees = [(date(2025, 9, 3), {"fee": D("1520.00")})]
    result = charge(38, date(2025, 9, 3), fees, date(2026, 2, 1), date(2026, 2, 28))
    assert [(line.days, line.amount) for line in result.lines] == [(15, D("4560.00"))]


def test_a_fee_uplift_mid_month_on_a_52_week_placement_charges_each_fee_for_its_days():
    # March 2026: 1-14 March, 14 days x £2,100 / 7 = £4,200.00; from 15 March, 17 days x
    # £2,205.50 / 7 = £37,493.50 / 7 = £5,356.2142... -> £5,356.21. Total £9,556.21.
    fees = [(date(2026, 1, 1), {"fee": D("2100.00")}), (date(2026, 3, 15), {"fee": D("2205.50")})]
    result = charge(52, date(2026, 1, 1), fees, date(2026, 3, 1), date(2026, 3, 31))
    assert [(line.weekly, line.days, line.amount) for line in result.lines] == [
        (D("2100.00"), 14, D("4200.00")),
        (D("2205.50"), 17, D("5356.21")),
    ]
    assert result.lines[1].starts_on == date(2026, 3, 15)
    assert result.total == D("9556.21")
    assert result.by_part() == {"fee": D("9556.21")}


def test_a_52_week_placement_ending_mid_week_is_charged_up_to_and_including_its_end_date():
    # Ends Wednesday 10 June 2026: 1-10 June, 10 days x £1,000 / 7 = £1,428.5714... -> £1,428.57.
    fees = [(date(2026, 1, 5), {"fee": D("1000.00")})]
    result = charge(
        52, date(2026, 1, 5), fees, date(2026, 6, 1), date(2026, 6, 30), date(2026, 6, 10)
    )
    assert [(line.days, line.amount) for line in result.lines] == [(10, D("1428.57"))]


def test_a_38_week_placement_ending_mid_week_pays_for_the_term_days_up_to_its_end():
    # Ends Wednesday 10 June 2026; Summer 2 starts Monday 1 June: 1-5 June (5) and 8-10 (3) =
    # 8 term days x £1,520 / 5 = £2,432.00.
    fees = [(date(2025, 9, 3), {"fee": D("1520.00")})]
    result = charge(
        38, date(2025, 9, 3), fees, date(2026, 6, 1), date(2026, 6, 30), date(2026, 6, 10)
    )
    assert result.total == D("2432.00")


def test_a_44_week_placement_spreads_its_year_over_every_calendar_day():
    # February 2026, 28 days x £1,820 x 44 / 364 = £2,242,240 / 364 = £6,160.00 (4 weeks of
    # 44/52 of the fee: £1,820 x 4 x 44/52 = £6,160.00).
    fees = [(date(2025, 9, 1), {"fee": D("1820.00")})]
    result = charge(44, date(2025, 9, 1), fees, date(2026, 2, 1), date(2026, 2, 28))
    assert result.total == D("6160.00")


def test_half_a_penny_is_rounded_up():
    # 39 weeks, £0.42 a week, one day: £0.42 x 39 / 364 = £16.38 / 364 = £0.045 exactly: half
    # up gives £0.05 (banker's rounding would give £0.04).
    fees = [(date(2026, 3, 2), {"fee": D("0.42")})]
    result = charge(39, date(2026, 3, 2), fees, date(2026, 3, 2), date(2026, 3, 2))
    assert result.total == D("0.05")


def test_a_38_week_placement_without_term_dates_is_spread_over_the_calendar_and_says_so():
    # No calendar: 28 February days x £1,300 x 38 / 364 = £1,383,200 / 364 = £3,800.00.
    fees = [(date(2025, 9, 1), {"fee": D("1300.00")})]
    result = charge(
        38, date(2025, 9, 1), fees, date(2026, 2, 1), date(2026, 2, 28), calendar=TermCalendar(())
    )
    assert result.total == D("3800.00")
    assert any("No term dates" in step for step in result.explanation)


def test_a_fee_change_in_the_holidays_adds_no_line_for_days_not_charged():
    # 38 weeks: the old fee runs 1-19 December 2025 (15 term days); the new one starts on 22
    # December, in the Christmas holidays, and has no term day in December.
    fees = [(date(2025, 9, 3), {"fee": D("1000.00")}), (date(2025, 12, 22), {"fee": D("1100.00")})]
    result = charge(38, date(2025, 9, 3), fees, date(2025, 12, 1), date(2025, 12, 31))
    assert [(line.weekly, line.days, line.amount) for line in result.lines] == [
        (D("1000.00"), 15, D("3000.00"))
    ]


def test_a_placement_starting_after_the_period_is_charged_nothing():
    fees = [(date(2025, 11, 3), {"fee": D("1000.00")})]
    result = charge(52, date(2025, 11, 3), fees, *OCTOBER)
    assert result.lines == ()
    assert result.total == D("0.00")
