"""Post-16 placement costs: active placements of young people in Year 12 and above, at the fee
in force on the day, per provider and need, against the consortium's median for the need."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from outcomes.selectors.post16 import post16_costs
from placements.models import FeeChange, Placement

from .test_benchmarks import _child, _placement

pytestmark = pytest.mark.django_db
D = Decimal
ON = date(2026, 11, 22)  # Year 12 on this day: born 1 September 2009 to 31 August 2010


def _young_person(borough, reference, born, need="ASD"):
    child = _child(borough, reference, need)
    child.date_of_birth = born
    child.save()
    return child


@pytest.fixture
def post16(alice, charlie, croydon, bromley, near_setting, far_setting, send_day_lot):
    lot = send_day_lot
    year_13 = date(2009, 1, 10)
    p1 = _placement(_young_person(croydon, "P1", year_13), near_setting, lot, "1000.00", alice)
    _placement(_young_person(croydon, "P2", date(2010, 8, 31)), near_setting, lot, "1300.00", alice)
    _placement(_young_person(croydon, "P3", year_13), far_setting, lot, "2000.00", alice)
    # Year 11 (born 1 September 2010): not post-16 yet.
    _placement(_young_person(croydon, "Y11", date(2010, 9, 1)), far_setting, lot, "5000.00", alice)
    ended = _placement(_young_person(croydon, "P4", year_13), far_setting, lot, "9000.00", alice)
    Placement.objects.filter(pk=ended.pk).update(status="ended", ends_on=date(2026, 7, 20))
    _placement(_young_person(bromley, "B1", year_13), far_setting, lot, "2600.00", charlie)
    # P1's fee went up in April: the fee in force counts, not the agreed one.
    FeeChange.objects.create(
        placement=p1, effective_from=date(2026, 4, 1), weekly_fee=D("1100.00"), recorded_by=alice
    )


def test_post16_costs_are_per_provider_and_need_against_the_consortium_median(consortium, post16):
    rows = {r["provider_name"]: r for r in post16_costs(consortium_id=consortium.pk, on=ON)}
    bright, other = rows["Bright Futures Education Limited"], rows["Other Schools Limited"]
    # Bright Futures: £1,100.00 (P1 after its uplift) and £1,300.00.
    assert (bright["placements"], bright["mean_weekly"], bright["median_weekly"]) == (
        2,
        D("1200.00"),
        D("1200.00"),
    )
    assert (bright["min_weekly"], bright["max_weekly"]) == (D("1100.00"), D("1300.00"))
    # Other Schools: P3 £2,000.00 and Bromley's B1 £2,600.00 (Y11 and the ended one left out).
    assert (other["placements"], other["mean_weekly"]) == (2, D("2300.00"))
    # Consortium median for ASD: 1100, 1300, 2000, 2600 -> (1300 + 2000) / 2.
    assert bright["consortium_median_weekly"] == other["consortium_median_weekly"] == D("1650.00")
    assert bright["need_label"] == "Autistic spectrum disorder"


def test_borough_ids_limit_post16_costs_to_those_boroughs(consortium, post16, croydon):
    rows = post16_costs(consortium_id=consortium.pk, borough_ids=[croydon.pk], on=ON)
    other = next(r for r in rows if r["provider_name"] == "Other Schools Limited")
    assert (other["placements"], other["max_weekly"]) == (1, D("2000.00"))
    assert other["consortium_median_weekly"] == D("1300.00")  # 1100, 1300, 2000


def test_nobody_is_post16_in_another_consortium(consortium, post16):
    assert post16_costs(consortium_id=consortium.pk + 999, on=ON) == []
