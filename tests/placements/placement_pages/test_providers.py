"""Providers' own view of their placements (never who the child is), the pages' query counts, and
a placement awarded but not yet started."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .helpers import (
    IDENTITY,
    _day,
    copies,
    started,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


def test_a_provider_sees_its_placements_without_the_childs_identity(client_for, pat, placement):
    client = client_for(pat)

    listed = client.get(reverse("placements:provider_placement_list"))
    detail = client.get(url("provider_placement_detail", placement))

    for page in (listed, detail):
        assert page.status_code == 200
        text = page.content.decode()
        assert placement.reference in text
        assert "Autistic spectrum disorder" in text
        assert "£1,520.00" in text
        for identity in IDENTITY:
            assert identity not in text
    assert "£4,959.00" not in detail.content.decode()  # the borough's savings are its own


def test_a_providers_list_comes_a_page_of_25_at_a_time(client_for, pat, placement):
    copies(placement, 26)  # 27 placements at Bright Futures
    client = client_for(pat)
    first = client.get(reverse("placements:provider_placement_list"))
    second = client.get(reverse("placements:provider_placement_list"), {"page": 2})

    assert len(first.context["placements"]) == 25
    assert "(1 to 25 of 27)" in first.content.decode()
    assert 'aria-label="Pages of placements"' in first.content.decode()
    assert len(second.context["placements"]) == 2
    shown = {p.pk for p in first.context["placements"]} | {
        p.pk for p in second.context["placements"]
    }
    assert len(shown) == 27


def test_another_provider_sees_none_of_them(client_for, olly, placement):
    client = client_for(olly)

    assert client.get(reverse("placements:provider_placement_list")).context["placements"] == []
    assert client.get(url("provider_placement_detail", placement)).status_code == 404


def test_council_staff_get_403_on_the_providers_pages(client_for, alice, placement):
    client = client_for(alice)

    assert client.get(reverse("placements:provider_placement_list")).status_code == 403
    assert client.get(url("provider_placement_detail", placement)).status_code == 403


@pytest.mark.parametrize("page", ("placements:placement_list", "placements:placement_export"))
def test_the_list_and_csv_take_the_same_queries_for_many_rows(
    client_for, django_assert_max_num_queries, alice, placement, page
):
    client = client_for(alice)
    client.get(reverse(page))
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse(page))

    copies(placement, 5)
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(reverse(page))

    assert response.status_code == 200


def test_the_providers_list_takes_the_same_queries_for_many_rows(
    client_for, django_assert_max_num_queries, pat, placement
):
    client = client_for(pat)
    page = reverse("placements:provider_placement_list")
    client.get(page)
    with CaptureQueriesContext(connection) as one_row:
        client.get(page)

    copies(placement, 5)
    with django_assert_max_num_queries(len(one_row)):
        assert len(client.get(page).context["placements"]) == 6


def test_a_placement_awarded_to_start_later_says_when_it_starts_on_pages_and_in_the_api(
    client_for, api_for, alice, placement
):
    assert placement.starts_on > timezone.localdate()
    label = f"Awarded, starts on {_day(placement.starts_on)}"

    for page in (url("placement_detail", placement), reverse("placements:placement_list")):
        text = client_for(alice).get(page).content.decode()
        assert label in text
        assert '<strong class="govuk-tag govuk-tag--green">Active</strong>' not in text

    listed = reverse("placements:placement_list")
    assert placement.reference in client_for(alice).get(f"{listed}?status=awarded").text
    assert placement.reference not in client_for(alice).get(f"{listed}?status=active").text

    api = api_for(alice)
    row = api.get(f"/api/v1/placements/placements/{placement.public_id}/").json()
    assert (row["status"], row["status_label"]) == ("awarded", label)
    assert row["cost_to_date"] == "0.00"
    awarded = api.get("/api/v1/placements/placements/?status=awarded").json()["results"]
    assert [row["id"] for row in awarded] == [str(placement.public_id)]
    assert api.get("/api/v1/placements/placements/?status=active").json()["results"] == []


def test_once_its_start_date_comes_the_placement_is_active(client_for, api_for, alice, placement):
    started(placement, days_ago=0)

    text = client_for(alice).get(url("placement_detail", placement)).content.decode()
    assert "Awarded, starts on" not in text
    row = api_for(alice).get(f"/api/v1/placements/placements/{placement.public_id}/").json()
    assert (row["status"], row["status_label"]) == ("active", "Active")
