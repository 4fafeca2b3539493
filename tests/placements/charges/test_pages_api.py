"""The charges page and API: the borough's staff and the placed provider read a placement's
expected charge; another borough and another provider get 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from boroughs.models import Borough
from placements.models import FeeChange, Placement
from placements.term_dates import load_term_dates

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

API = "/api/v1/placements/placements"
OCTOBER = {"start": "2026-10-01", "end": "2026-10-31"}


@pytest.fixture
def charged(placement, consortium) -> Placement:
    """The award (education £1,400, therapies £120 a week, 38 weeks) from Wednesday 14 October
    2026, with the London term dates: 8 term days in October (14-16 and 19-23)."""
    load_term_dates(consortium)
    Placement.objects.filter(pk=placement.pk).update(starts_on=date(2026, 10, 14))
    FeeChange.objects.filter(placement=placement).update(effective_from=date(2026, 10, 14))
    return Placement.objects.get(pk=placement.pk)


def page(placement) -> str:
    return reverse("placements:placement_charges", kwargs={"public_id": placement.public_id})


def test_a_commissioner_sees_each_line_its_total_and_how_it_is_worked_out(
    client_for, alice, charged
):
    response = client_for(alice).get(page(charged), OCTOBER)
    text = response.content.decode()
    assert response.status_code == 200
    # £1,400 x 8 / 5 = £2,240.00; £120 x 8 / 5 = £192.00.
    for shown in ("Education", "£2,240.00", "Therapies", "£192.00", "£2,432.00"):
        assert shown in text
    assert "How this is worked out" in text
    assert "only term days are charged" in text
    assert "Education: £1,400.00 x 8 x 1/5 = £2,240.00 (rounded half up)." in text


def test_the_placed_provider_sees_the_charges_and_the_link_to_them(client_for, pat, charged):
    client = client_for(pat)
    detail = client.get(
        reverse("placements:provider_placement_detail", kwargs={"public_id": charged.public_id})
    )
    assert page(charged) in detail.content.decode()
    response = client.get(page(charged), OCTOBER)
    assert response.status_code == 200
    assert "£2,432.00" in response.content.decode()


def test_the_page_shows_the_boroughs_billing_period_with_the_periods_either_side(
    client_for, alice, charged
):
    Borough.objects.filter(pk=charged.borough_id).update(billing_frequency="termly")
    response = client_for(alice).get(page(charged), {"start": "2026-09-01", "end": "2027-01-03"})
    text = response.content.decode()
    assert "billed termly" in text
    # Autumn 2026 runs to the day before the spring term starts (Monday 4 January 2027).
    assert "start=2027-01-04&amp;end=2027-04-11" in text
    assert "not one of the borough" not in text


def test_a_wrong_period_is_named_and_the_current_one_shown(client_for, alice, charged):
    response = client_for(alice).get(page(charged), {"start": "2026-10-31", "end": "2026-10-01"})
    assert "The end of the period must be on or after its start" in response.content.decode()
    assert response.context["charge"].period_start.day == 1


def test_another_borough_and_another_provider_get_404(client_for, charlie, olly, charged):
    assert client_for(charlie).get(page(charged)).status_code == 404
    assert client_for(olly).get(page(charged)).status_code == 404


def test_the_api_answers_the_lines_by_part_and_the_total(api_for, alice, charged):
    response = api_for(alice).get(f"{API}/{charged.public_id}/charges/", OCTOBER)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "2432.00"
    assert body["by_part"] == {"education": "2240.00", "therapies": "192.00"}
    assert [(line["part"], line["days"], line["amount"]) for line in body["lines"]] == [
        ("education", 8, "2240.00"),
        ("therapies", 8, "192.00"),
    ]
    assert body["previous"] == {"start": "2026-09-01", "end": "2026-09-30"}
    assert body["billing_frequency"] == "monthly"


def test_the_api_refuses_half_a_period(api_for, pat, charged):
    response = api_for(pat).get(f"{API}/{charged.public_id}/charges/", {"start": "2026-10-01"})
    assert response.status_code == 400
    assert "Give both the start and the end" in str(response.json())


def test_the_api_answers_404_to_another_borough_and_another_provider(
    api_for, charlie, olly, charged
):
    for user in (charlie, olly):
        assert api_for(user).get(f"{API}/{charged.public_id}/charges/").status_code == 404


def test_the_api_refuses_a_period_outside_the_years_it_knows(api_for, alice, charged):
    query = {"start": "9999-12-01", "end": "9999-12-31"}
    response = api_for(alice).get(f"{API}/{charged.public_id}/charges/", query)
    assert response.status_code == 400
    assert "between the years 2000 and 2099" in str(response.json())
