"""The Placements Data Standard export: per borough and per consortium, validated against the
derived schema, children as the same number everywhere and never by name or reference."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from placements.standard import schema
from placements.standard.export import CSV_COLUMNS
from placements.standard.pseudonyms import child_id

pytestmark = pytest.mark.django_db

API = "/api/v1/placements/standard/"


def download(client, scope: str, fmt: str):
    return client.get(reverse("placements:standard_download"), {"scope": scope, "file": fmt})


def test_a_placed_care_referral_is_exported_from_the_portals_records(
    client_for, alice, bob, care_placement
):
    response = download(client_for(alice), "borough", "json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert schema.problems(document) == []
    assert document["standard"] == {
        "title": "Placements Data Standard",
        "version": "v2",
        "effectiveDate": "2025-07-18",
    }
    [record] = document["records"]
    assert record["PlacementAvailability"]["childId"] == child_id(care_placement.child)
    assert record["Risks"]["riskMissing"] == "Risk Present"
    assert record["ActualPlacement"] == {
        "totalWeeklyCost": 4201,  # £4,200.50 in whole pounds, half up
        "placementLocation": "CR0",
        "preferabilityLocation": True,
        "educationContinuity": True,
        "providerURN": "SC123456",
        "siblingsPlacedTogether": 0,
        "placementType": "Residential",
    }
    quality = record["QualityAssurance"]
    assert quality["referralOfficerName"] == alice.full_name
    assert quality["placementOfficerName"] == quality["costOfficerName"] == bob.full_name


def test_the_csv_has_a_row_per_record_under_the_standards_names(client_for, alice, care_placement):
    response = download(client_for(alice), "borough", "csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 1
    assert rows[0]["providerURN"] == "SC123456"
    assert rows[0]["specificCommunicationRequirements"] == "Makaton"
    assert rows[0]["homeAdaptation"] == "false"


def test_the_child_is_the_same_number_in_every_export_and_never_named(
    client_for, api_for, alice, lead_analyst, care_placement
):
    child = care_placement.child
    child.name = "Jamie Example"
    child.save(update_fields=["name"])
    borough = download(client_for(alice), "borough", "json").content.decode()
    consortium = api_for(lead_analyst).get(API, {"scope": "consortium"}).content.decode()
    csv_text = download(client_for(lead_analyst), "consortium", "csv").content.decode()
    ids = {
        json.loads(text)["records"][0]["PlacementAvailability"]["childId"]
        for text in (borough, consortium)
    }
    assert ids == {child_id(child)}
    assert str(child_id(child)) in csv_text
    for text in (borough, consortium, csv_text):
        assert child.reference not in text
        assert "Jamie" not in text
        assert str(child.public_id) not in text


def test_an_incomplete_care_referral_is_left_out_and_counted(client_for, alice, care_request):
    care_request.standard = {}
    care_request.save(update_fields=["standard"])
    page = client_for(alice).get(reverse("placements:standard_export"))
    assert page.status_code == 200
    assert page.context["scopes"][0]["incomplete"] == 1
    assert json.loads(download(client_for(alice), "borough", "json").content)["records"] == []


def test_another_borough_sees_none_of_it_and_providers_nothing(
    client_for, api_for, charlie, pat, care_placement
):
    assert json.loads(download(client_for(charlie), "borough", "json").content)["records"] == []
    assert api_for(charlie).get(API).json()["records"] == []
    assert download(client_for(charlie), "consortium", "json").status_code == 403
    assert api_for(charlie).get(API, {"scope": "consortium"}).status_code == 403
    assert client_for(pat).get(reverse("placements:standard_export")).status_code == 403
    assert download(client_for(pat), "borough", "csv").status_code == 403
    assert api_for(pat).get(API).status_code == 403


def test_the_page_offers_the_consortium_only_to_consortium_wide_roles(
    client_for, alice, lead_analyst, care_placement
):
    assert [
        s["label"]
        for s in client_for(alice).get(reverse("placements:standard_export")).context["scopes"]
    ] == ["Your borough"]
    lead = client_for(lead_analyst).get(reverse("placements:standard_export"))
    assert [s["records"] for s in lead.context["scopes"]] == [1, 1]
    assert "Download the consortium (regional view) as JSON" in lead.content.decode()


def test_a_referral_with_no_availability_answered_is_still_complete(
    client_for, alice, care_request
):
    answers = dict(care_request.standard)
    del answers["PlacementAvailability"]
    care_request.standard = answers
    care_request.save(update_fields=["standard"])
    [record] = json.loads(download(client_for(alice), "borough", "json").content)["records"]
    assert record["PlacementAvailability"] == {"childId": child_id(care_request.child)}
