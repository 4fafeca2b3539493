"""The sufficiency view: requests met on time, met late or unmet, by need, age, lot and home
district, with the reasons given."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements.models import Placement, PlacementRequest
from placements.periods import LAST_12_MONTHS
from placements.sufficiency import age_band, district, sufficiency

pytestmark = pytest.mark.django_db


def test_ages_are_counted_at_the_date_the_place_is_needed():
    assert age_band(date(2015, 9, 2), date(2026, 9, 1)) == "5 to 10"  # 10 until the next day
    assert age_band(date(2015, 9, 1), date(2026, 9, 1)) == "11 to 15"
    assert district("cr0 2ab") == "CR0" and district("") == "Not recorded"


def test_an_award_starting_when_needed_is_met_on_time_and_a_later_start_is_late(alice, placement):
    figures = sufficiency(actor=alice, period=LAST_12_MONTHS)
    assert dict(figures.total.counts) == {"met": 1}
    request = PlacementRequest.objects.get(pk=placement.request_id)
    days = (request.decided_at - request.opened_at).days
    assert figures.total.median_days == days
    (need,) = figures.breakdowns["need"]
    assert need.label == "Autistic spectrum disorder"
    (area,) = figures.breakdowns["area"]
    assert area.label == placement.child.home_postcode.split()[0]

    Placement.objects.filter(pk=placement.pk).update(
        starts_on=request.required_start_on + timedelta(days=10)
    )
    late = sufficiency(actor=alice, period=LAST_12_MONTHS)
    assert dict(late.total.counts) == {"late": 1}
    assert late.total.unmet_share == 100


def test_a_request_closed_as_none_suitable_counts_as_unmet_with_its_code(
    alice, placement, client_for
):
    PlacementRequest.objects.filter(pk=placement.request_id).update(
        status="none_suitable", unmet_reason="price"
    )
    figures = sufficiency(actor=alice, period=LAST_12_MONTHS)
    assert dict(figures.total.counts) == {"unmet": 1}
    price = next(row for row in figures.reasons if row["code"] == "price")
    assert price["unmet"] == 1
    csv = client_for(alice).get(reverse("placements:sufficiency"), {"download": "reasons"})
    assert "Price,1,0" in csv.content.decode().splitlines()


def test_another_borough_counts_none_of_it_and_a_provider_is_refused(
    charlie, pat, placement, client_for
):
    assert sufficiency(actor=charlie, period=LAST_12_MONTHS).total.requests == 0
    page = client_for(charlie).get(reverse("placements:sufficiency"))
    assert page.status_code == 200
    assert client_for(pat).get(reverse("placements:sufficiency")).status_code == 403
