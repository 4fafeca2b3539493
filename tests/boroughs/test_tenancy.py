"""Borough tenancy: another borough's objects answer 404, in pages and in the API."""

import pytest
from django.urls import reverse

from ..conftest import BROMLEY

pytestmark = pytest.mark.django_db


def test_a_commissioner_gets_404_for_another_boroughs_page(client_for, alice, bromley):
    response = client_for(alice).get(reverse("borough_detail", args=[BROMLEY]))
    assert response.status_code == 404


def test_a_commissioner_sees_their_own_boroughs_page(client_for, alice, croydon):
    response = client_for(alice).get(reverse("borough_detail", args=[croydon.ons_code]))
    assert response.status_code == 200
    assert "Croydon" in response.text


def test_a_commissioner_gets_404_for_a_user_of_another_borough(client_for, alice, charlie):
    response = client_for(alice).get(reverse("user_detail", args=[charlie.public_id]))
    assert response.status_code == 404


def test_a_commissioner_sees_a_colleague_in_the_same_borough(client_for, alice, bob):
    response = client_for(alice).get(reverse("user_detail", args=[bob.public_id]))
    assert response.status_code == 200
    assert bob.email in response.text


def test_the_user_list_shows_only_the_commissioners_borough(client_for, alice, bob, charlie):
    response = client_for(alice).get(reverse("user_list"))
    assert bob.email in response.text
    assert charlie.email not in response.text


def test_the_api_answers_404_for_another_boroughs_objects(api_for, alice, charlie, bromley):
    api = api_for(alice)
    assert api.get(f"/api/v1/boroughs/{BROMLEY}/").status_code == 404
    assert api.get(f"/api/v1/users/{charlie.public_id}/").status_code == 404
    emails = [row["email"] for row in api.get("/api/v1/users/").json()["results"]]
    assert alice.email in emails
    assert charlie.email not in emails


def test_a_lead_borough_analyst_sees_every_member_borough(api_for, lead_analyst, charlie):
    api = api_for(lead_analyst)
    codes = {row["ons_code"] for row in api.get("/api/v1/boroughs/").json()["results"]}
    assert len(codes) == 12
    assert api.get(f"/api/v1/users/{charlie.public_id}/").status_code == 200


def test_a_bromley_analyst_sees_only_bromley(api_for, bromley_analyst):
    rows = api_for(bromley_analyst).get("/api/v1/boroughs/").json()["results"]
    assert [row["ons_code"] for row in rows] == [BROMLEY]


def test_a_user_without_a_borough_sees_no_borough_rows(api_for, provider_user):
    assert api_for(provider_user).get("/api/v1/boroughs/").json()["results"] == []
    assert api_for(provider_user).get("/api/v1/users/").json()["results"] == []
