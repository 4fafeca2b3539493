"""A referral in the standard's JSON through the API: attached to a draft care request when
valid; otherwise every invalid field named by its JSON pointer and nothing saved."""

from __future__ import annotations

import copy

import pytest

from boroughs.choices import Role
from placements.standard.pseudonyms import child_id

from ...factories import UserFactory
from .helpers import care_answers

pytestmark = pytest.mark.django_db


def url(placement_request) -> str:
    return f"/api/v1/placements/requests/{placement_request.public_id}/standard/"


def referral(child, **overrides) -> dict:
    body = care_answers(**overrides)
    body["PlacementAvailability"] = {"childId": child_id(child), **body["PlacementAvailability"]}
    return body


def test_a_valid_referral_replaces_the_requests_answers(api_for, alice, care_request):
    body = referral(care_request.child)
    body["PlacementRequirements"]["pets"] = "No"
    response = api_for(alice).post(url(care_request), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == body
    care_request.refresh_from_db()
    assert care_request.standard["PlacementRequirements"]["pets"] == "No"
    assert "childId" not in care_request.standard["PlacementAvailability"]


def test_an_invalid_referral_names_every_bad_field_and_saves_nothing(api_for, alice, care_request):
    before = copy.deepcopy(care_request.standard)
    body = referral(care_request.child)
    body["PlacementAvailability"]["childId"] = 7  # not this child's number
    body["PlacementAvailability"]["siblingCount"] = "two"
    del body["PlacementRequirements"]["pets"]
    body["PlacementRequirements"]["homeAdaptation"] = "Y"
    body["PlacementRequirements"]["specificCommunicationRequirements"] = []
    body["PlacementRecommendation"]["fosterCareSuitability"] = "Maybe"
    body["Risks"]["riskSelfHarm"] = "Some"
    body["Risks"]["riskFlying"] = "Risk Present"
    response = api_for(alice).post(url(care_request), body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "/PlacementAvailability/childId": [
            "This is not the childId of the request's child in the portal's exports"
        ],
        "/PlacementAvailability/siblingCount": ["Must be a whole number"],
        "/PlacementRecommendation/fosterCareSuitability": [
            "'Maybe' is not one of: Preferred, Suitable but not preferred, Unsuitable, "
            "Not specified"
        ],
        "/PlacementRequirements/homeAdaptation": ["Must be true or false"],
        "/PlacementRequirements/pets": ["Required by the standard: enter it"],
        "/PlacementRequirements/specificCommunicationRequirements": ["Give at least one"],
        "/Risks/riskFlying": ["Not a field of the standard"],
        "/Risks/riskSelfHarm": ["'Some' is not one of: No known risk, Risk Present"],
    }
    care_request.refresh_from_db()
    assert care_request.standard == before


def test_a_missing_entity_is_named(api_for, alice, care_request):
    body = referral(care_request.child)
    del body["Risks"]
    response = api_for(alice).post(url(care_request), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"/Risks": ["Required by the standard: enter it"]}


def test_only_a_draft_care_request_takes_a_referral(api_for, alice, draft_request, care_request):
    send = api_for(alice).post(url(draft_request), referral(draft_request.child), format="json")
    assert send.status_code == 400
    care_request.status = "cancelled"
    care_request.save(update_fields=["status"])
    late = api_for(alice).post(url(care_request), referral(care_request.child), format="json")
    assert late.status_code == 409


def test_other_boroughs_providers_and_analysts_cannot_import(
    api_for, charlie, pat, croydon, care_request
):
    body = referral(care_request.child)
    assert api_for(charlie).post(url(care_request), body, format="json").status_code == 404
    assert api_for(pat).post(url(care_request), body, format="json").status_code == 404
    analyst = UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)
    assert api_for(analyst).post(url(care_request), body, format="json").status_code == 403
