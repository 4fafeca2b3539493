"""The returns in the API: the same items, episodes and differences as the pages, by one rule."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

SEN2 = "/api/v1/placements/returns/sen2/"
SSDA903 = "/api/v1/placements/returns/ssda903/"
RECONCILE = "/api/v1/placements/returns/sen2/reconcile/"
CROYDON = "E09000008"


def test_the_sen2_items_match_the_pages_extract(api_for, alice, sen2_year):
    response = api_for(alice).get(SEN2, {"sen2_year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert (body["borough"], body["censusDate"]) == (CROYDON, "2026-01-15")
    assert [(i["URN"] or i["UKPRN"], i["EntryDate"], i["LeavingDate"]) for i in body["items"]] == [
        ("10012345", "2024-09-04", "2025-07-18"),
        ("123456", "2025-09-03", ""),
        ("654321", "2025-10-01", ""),
    ]


def test_the_rule_is_the_pages(
    api_for, charlie, lead_analyst, provider_user, north_analyst, sen2_year
):
    assert api_for(lead_analyst).get(SEN2, {"borough": CROYDON, "sen2_year": 2026}).json()["items"]
    assert api_for(charlie).get(SEN2, {"borough": CROYDON}).status_code == 404
    assert api_for(north_analyst).get(SSDA903, {"borough": CROYDON}).status_code == 404
    assert api_for(provider_user).get(SEN2).status_code == 403


def test_a_year_not_offered_is_named(api_for, alice):
    response = api_for(alice).get(SSDA903, {"ssda903_year": 2019})
    assert response.status_code == 400
    [message] = response.json()["ssda903_year"]
    assert re.fullmatch(r"Choose a year from 2022 to \d{4}", message)


def test_a_return_is_compared_and_a_bad_one_named(api_for, alice, sen2_year):
    api = api_for(alice)
    header = "PersonBirthDate,URN,EntryDate,LeavingDate\n"
    good = header + "2010-03-14,123456,2025-09-03,2025-12-19\n"
    response = api.post(
        f"{RECONCILE}?sen2_year=2026",
        {"file": SimpleUploadedFile("r.csv", good.encode())},
        format="multipart",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["portalItems"], body["returnItems"], body["paired"]) == (3, 1, 1)
    assert [(d["kind"], d["what"]) for d in body["differences"]] == [
        ("only_portal", "In the portal, not in the return: from 2024-09-04"),
        ("differs", "Leaving date"),
        ("only_portal", "In the portal, not in the return: from 2025-10-01"),
    ]
    bad = header + "2010-03-14,123456,someday,\n"
    response = api.post(
        f"{RECONCILE}?sen2_year=2026",
        {"file": SimpleUploadedFile("r.csv", bad.encode())},
        format="multipart",
    )
    assert response.status_code == 400
    assert "Row 2: EntryDate 'someday' is not a date like 2025-09-01" in str(response.json())


def test_the_api_takes_any_year_from_the_first_and_refuses_a_bad_borough_code(api_for, alice):
    api = api_for(alice)
    later = api.get(SEN2, {"sen2_year": 2090})
    assert (later.status_code, later.json()["items"]) == (200, [])
    assert api.get(SEN2, {"sen2_year": 0}).status_code == 400
    response = api.get(SEN2, {"borough": ""})
    assert response.status_code == 400
    assert response.json() == {"borough": ["Enter a borough's ONS code, like E09000008"]}
