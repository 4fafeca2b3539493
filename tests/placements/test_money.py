"""Cost to date and savings: Decimal arithmetic, compared exactly."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from placements import services
from placements.money import cost_to_date, financial_year_label
from placements.selectors import placement_cost_to_date, placement_list, savings_totals

from .agreements.helpers import agreement_of, signed_fee_change, without_agreement

D = Decimal


def test_a_years_cost_at_one_fee_is_the_fee_times_its_weeks():
    cost = cost_to_date(
        fees=[(date(2025, 9, 1), D("1000.00"))],
        weeks_per_year=38,
        starts_on=date(2025, 9, 1),
        ends_on=None,
        on=date(2026, 8, 31),  # 365 days
    )
    assert cost == D("38000.00")


def test_a_fee_uplift_applies_from_its_date():
    cost = cost_to_date(
        fees=[(date(2025, 9, 1), D("1000.00")), (date(2026, 3, 1), D("1100.00"))],
        weeks_per_year=52,
        starts_on=date(2025, 9, 1),
        ends_on=None,
        on=date(2026, 8, 31),
    )
    # 181 days at 1000 x 52 / 365, then 184 days at 1100 x 52 / 365
    expected = (D(181) * 52000 / 365 + D(184) * 57200 / 365).quantize(D("0.01"))
    assert cost == expected


def test_nothing_is_spent_before_the_start_or_after_the_end():
    fees = [(date(2025, 9, 1), D("1000.00"))]
    assert cost_to_date(
        fees=fees, weeks_per_year=38, starts_on=date(2025, 9, 1), ends_on=None, on=date(2025, 8, 1)
    ) == D("0.00")
    ended = cost_to_date(
        fees=fees,
        weeks_per_year=38,
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 9, 10),
        on=date(2026, 9, 1),
    )
    assert ended == (D(10) * 38000 / 365).quantize(D("0.01"))


def test_financial_years_start_in_april():
    assert financial_year_label(2025) == "2025-26"
    assert financial_year_label(2099) == "2099-00"


@pytest.mark.django_db
def test_the_placement_list_and_savings_totals_agree_to_the_penny(alice, placement, lead_analyst):
    row = placement_list(actor=alice).get(pk=placement.pk)
    assert row.saving_vs_ceiling == D("4959.00")
    assert row.committed_annual == D("57760.00")  # 1,520 x 38
    assert row.saving_vs_spot is None
    for actor in (alice, lead_analyst):
        (total,) = savings_totals(actor=actor)
        assert total["placements"] == 1
        assert total["saving_vs_ceiling"] == D("4959.00")
        assert total["committed_annual"] == D("57760.00")


@pytest.mark.django_db
def test_another_borough_sees_none_of_the_savings(charlie, placement):
    (total,) = savings_totals(actor=charlie)
    assert total["placements"] == 0
    assert total["saving_vs_ceiling"] == D("0.00")


@pytest.mark.django_db
def test_a_fee_change_moves_the_committed_cost_but_not_the_saving(alice, pat, placement):
    signed_fee_change(
        agreement_of(placement),
        pat,
        alice,
        on=placement.starts_on + timedelta(days=1),
        lines={"education": "1480.00", "therapies": "120.00"},
    )
    later = placement.starts_on + timedelta(days=2)
    row = placement_list(actor=alice, on=later).get(pk=placement.pk)
    assert row.current_weekly == D("1600.00")
    assert row.committed_annual == D("60800.00")
    assert row.saving_vs_ceiling == D("4959.00")
    cost = placement_cost_to_date(row, on=later)
    assert cost == ((D(1520) + D(1600) * 2) * 38 / 365).quantize(D("0.01"))


@pytest.mark.django_db
def test_cached_totals_follow_a_change_once_it_is_committed(alice, placement, emails):
    (before,) = savings_totals(actor=alice)
    assert before["saving_vs_spot"] == D("0.00")
    with emails():  # runs the on-commit callbacks, as a real commit would
        services.placement_update(actor=alice, placement=placement, spot_weekly=D("2100.00"))
    (after,) = savings_totals(actor=alice)
    assert after["saving_vs_spot"] == D("22040.00")


@pytest.mark.django_db
def test_cached_totals_are_kept_apart_by_who_may_see_them(alice, charlie, lead_analyst, placement):
    assert savings_totals(actor=alice)[0]["placements"] == 1
    assert savings_totals(actor=charlie)[0]["placements"] == 0
    assert savings_totals(actor=lead_analyst)[0]["placements"] == 1


@pytest.mark.django_db
def test_a_spot_price_gives_a_second_saving(alice, placement):
    services.placement_update(actor=alice, placement=placement, spot_weekly=D("2100.00"))
    row = placement_list(actor=alice).get(pk=placement.pk)
    assert row.saving_vs_spot == D("22040.00")  # (2,100 - 1,520) x 38


@pytest.mark.django_db
def test_the_fee_agreed_at_award_keeps_the_offers_lines(alice, placement):
    (agreed,) = placement.fees.all()
    assert agreed.schedule() == {"education": D("1400.00"), "therapies": D("120.00")}
    assert sum(agreed.schedule().values()) == agreed.weekly_fee == D("1520.00")


@pytest.mark.django_db
def test_a_fee_change_recorded_as_one_amount_is_one_line(alice, placement):
    without_agreement(placement)
    change = services.placement_fee_change(
        actor=alice,
        placement=placement,
        effective_from=placement.starts_on + timedelta(days=7),
        weekly_fee=D("1600.00"),
        reason="Annual uplift",
    )
    assert change.schedule() == {"fee": D("1600.00")}
