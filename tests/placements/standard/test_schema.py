"""The JSON Schema is derived from the standard's own field list, and it refuses what the list
refuses."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from placements.standard import schema

from .helpers import RISK_CODES

REFERRAL = {
    "PlacementAvailability": {"childId": 12, "neededBy": "Today"},
    "PlacementRequirements": {
        "communicationNeeds": "N",
        "specificCommunicationRequirements": ["None"],
        "homeAdaptation": False,
        "culturalNeeds": "Not required",
        "livingCompanions": "No preference",
        "pets": "Yes - can",
    },
    "PlacementRecommendation": {
        "fosterCareSuitability": "Preferred",
        "residentialCareSuitability": "Unsuitable",
        "supportedAccommodationSuitability": "Not specified",
    },
    "Risks": {name: "No known risk" for name in RISK_CODES},
}


def test_the_schema_file_is_the_one_derived_from_the_field_list():
    assert schema.SCHEMA_PATH.read_text(encoding="utf-8") == schema.schema_text()
    Draft202012Validator.check_schema(schema.build_schema())


def test_the_schema_records_the_standards_version_and_date():
    built = schema.build_schema()
    assert built["x-standard-version"] == "v2"
    assert built["x-standard-effective-date"] == "2025-07-18"
    assert "v2" in built["$id"] and "2025-07-18" in built["title"]


def test_every_field_of_the_list_is_in_the_schema_with_its_type_options_and_cardinality():
    listed = json.loads(schema.FIELD_LIST_PATH.read_text(encoding="utf-8"))
    defs = schema.build_schema()["$defs"]
    count = 0
    for entity in listed["entities"]:
        derived = defs[entity["name"]]
        assert list(derived["properties"]) == [field["name"] for field in entity["fields"]]
        for field in entity["fields"]:
            count += 1
            prop = derived["properties"][field["name"]]
            item = prop["items"] if field["cardinality"] == "1..*" else prop
            if field.get("options"):
                assert item["enum"] == field["options"]
            if field["type"] == "Date":
                assert item["format"] == "date"
            assert (field["name"] in derived["required"]) == field["cardinality"].startswith("1")
            assert (prop.get("type") == "array") == (field["cardinality"] == "1..*")
    assert count == 41  # the v2 list's fields, all of them


def test_a_valid_referral_has_no_problems():
    assert schema.problems(REFERRAL, "Referral") == []


def test_every_bad_field_is_named_with_its_path():
    bad = json.loads(json.dumps(REFERRAL))
    bad["PlacementAvailability"]["childId"] = "twelve"
    del bad["PlacementRequirements"]["pets"]
    bad["PlacementRequirements"]["specificCommunicationRequirements"] = ["Semaphore"]
    bad["PlacementRecommendation"]["fosterCareSuitability"] = "Maybe"
    bad["Risks"]["riskFlying"] = "Risk Present"
    fields = {p["field"]: p["message"] for p in schema.problems(bad, "Referral")}
    assert fields == {
        "/PlacementAvailability/childId": "Must be a whole number",
        "/PlacementRequirements/pets": "Required by the standard: enter it",
        "/PlacementRequirements/specificCommunicationRequirements/0": (
            "'Semaphore' is not one of: ESOL, BSL, Makaton, Other, None"
        ),
        "/PlacementRecommendation/fosterCareSuitability": (
            "'Maybe' is not one of: Preferred, Suitable but not preferred, Unsuitable, "
            "Not specified"
        ),
        "/Risks/riskFlying": "Not a field of the standard",
    }


def test_a_placement_needs_its_dates_as_dates():
    record = {
        **REFERRAL,
        "ActualPlacement": {
            "totalWeeklyCost": 1520,
            "placementLocation": "CR0",
            "preferabilityLocation": True,
            "educationContinuity": True,
            "providerURN": "SC123456",
            "siblingsPlacedTogether": 0,
            "placementType": "Residential",
        },
        "QualityAssurance": {
            "referralDate": "2026-01-05",
            "placementOfficerName": "A Officer",
            "placementDate": "5 January 2026",
            "costDate": "2026-01-06",
        },
    }
    assert schema.problems(record, "Record") == [
        {"field": "/QualityAssurance/placementDate", "message": "Must be a date like 2025-07-18"}
    ]
