"""The placements API at /api/v1/placements/: children's records and requests, with their
errors and money."""

from decimal import Decimal

import pytest

from placements import selectors
from placements.models import ChildAccessLog, Placement

from .helpers import (
    API,
    days,
    ids,
    offer_body,
    request_body,
)

pytestmark = pytest.mark.django_db


def test_a_commissioner_records_a_child_and_reads_it_back(api_for, alice, home_postcode):
    api = api_for(alice)
    created = api.post(
        f"{API}/children/",
        {
            "reference": "CR-0099",
            "name": "Alex Example",
            "date_of_birth": "2014-11-02",
            "sex": "F",
            "home_postcode": "cr01aa",
            "primary_need": "SEMH",
            "secondary_needs": ["SLCN"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    child = created.json()
    assert (child["home_postcode"], child["postcode_district"]) == ("CR0 1AA", "CR0")
    assert (child["name"], child["borough"]) == ("Alex Example", "E09000008")
    assert ids(api.get(f"{API}/children/")) == [child["id"]]
    shown = api.get(f"{API}/children/{child['id']}/")
    assert shown.status_code == 200
    assert shown.json()["reference"] == "CR-0099"


def test_reading_a_childs_record_over_the_api_is_logged(api_for, alice, child):
    api_for(alice).get(f"{API}/children/{child.public_id}/")
    log = ChildAccessLog.objects.get()
    assert (log.user, log.child, log.what) == (alice, child, "API child record")


def test_a_service_refusal_names_the_field(api_for, alice, child):
    api = api_for(alice)
    response = api.patch(
        f"{API}/children/{child.public_id}/", {"looked_after": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "legal_status": ["Enter the child's legal status: they are looked after"]
    }
    response = api.patch(
        f"{API}/children/{child.public_id}/",
        {"looked_after": True, "legal_status": "C2"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["legal_status"] == "C2"


def test_a_bad_postcode_is_refused_with_the_service_message(api_for, alice, child):
    url = f"{API}/children/{child.public_id}/"
    response = api_for(alice).patch(url, {"home_postcode": "nowhere"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"home_postcode": ["Enter a real postcode, like CR0 1NX"]}


def test_a_bad_item_in_a_list_is_named_in_a_message_of_the_documented_shape(api_for, alice, child):
    url = f"{API}/children/{child.public_id}/"
    response = api_for(alice).patch(url, {"secondary_needs": ["SLCN", "AAA"]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"secondary_needs": ['Item 2: "AAA" is not a valid choice.']}


def test_consortium_wide_staff_see_another_boroughs_child_without_name_or_postcode(
    api_for, lead_analyst, bromley_child
):
    shown = api_for(lead_analyst).get(f"{API}/children/{bromley_child.public_id}/").json()
    assert (shown["reference"], shown["postcode_district"]) == ("BR-0007", "BR1")
    assert shown["name"] is None and shown["home_postcode"] is None


def test_a_commissioner_drafts_a_request_and_sees_what_it_still_needs(
    api_for, alice, child, send_day_lot
):
    api = api_for(alice)
    body = request_body(child, response_deadline=None)
    created = api.post(f"{API}/requests/", body, format="json")
    assert created.status_code == 201, created.json()
    draft = created.json()
    assert (draft["status"], draft["lot"], draft["strand"]) == ("draft", "iss_day", "send")
    assert draft["child_reference"] == "CR-0042"
    assert draft["problems"] == [
        {"field": "response_deadline", "message": "Enter the date offers are due"}
    ]
    changed = api.patch(
        f"{API}/requests/{draft['id']}/", {"response_deadline": days(10)}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["problems"] == []
    assert api.get(f"{API}/requests/{draft['id']}/").json()["response_deadline"] == days(10)


def test_requests_filter_by_status_lot_and_strand(api_for, alice, draft_request):
    api = api_for(alice)
    mine = [str(draft_request.public_id)]
    assert ids(api.get(f"{API}/requests/?status=draft&lot=iss_day&strand=send")) == mine
    assert ids(api.get(f"{API}/requests/?status=open")) == []
    assert ids(api.get(f"{API}/requests/?strand=care")) == []
    assert api.get(f"{API}/requests/?status=nonsense").status_code == 400


def test_a_request_cannot_name_another_boroughs_child(api_for, charlie, child, send_day_lot):
    response = api_for(charlie).post(f"{API}/requests/", request_body(child), format="json")
    assert response.status_code == 404
    assert response.json() == {"child": ["Choose one of your borough's children"]}


def test_matches_rank_settings_nearest_first_and_say_which_are_invited(
    api_for, alice, draft_request, near_setting, far_setting
):
    api = api_for(alice)
    url = f"{API}/requests/{draft_request.public_id}/matches/"
    listed = api.get(url).json()
    assert listed["count"] == 2
    near, far = listed["results"]
    assert (near["setting"], far["setting"]) == (
        str(near_setting.public_id),
        str(far_setting.public_id),
    )
    assert near["name"] == "Bright Futures School"
    assert (near["ceiling_weekly"], far["ceiling_weekly"]) == ("1650.50", "1900.00")
    assert Decimal(near["distance_km"]) < Decimal(far["distance_km"])
    assert (near["vacancies"], near["invited"]) == (2, False)
    by_ceiling = api.get(f"{url}?order=ceiling").json()["results"]
    assert [row["ceiling_weekly"] for row in by_ceiling] == ["1650.50", "1900.00"]
    assert api.get(f"{url}?order=price").status_code == 400


def test_the_whole_loop_over_the_api_places_the_child_at_the_saving_the_selectors_compute(
    api_for, alice, pat, olly, child, near_setting, far_setting
):
    council = api_for(alice)
    created = council.post(f"{API}/requests/", request_body(child), format="json")
    request_url = f"{API}/requests/{created.json()['id']}"
    matches = council.get(f"{request_url}/matches/").json()["results"]
    invited = council.post(
        f"{request_url}/invite/", {"settings": [m["setting"] for m in matches]}, format="json"
    )
    assert invited.status_code == 201, invited.json()
    by_setting = {row["setting"]: row["id"] for row in invited.json()}
    near_id, far_id = (
        by_setting[str(near_setting.public_id)],
        by_setting[str(far_setting.public_id)],
    )
    assert council.get(f"{request_url}/").json()["status"] == "open"

    offered = api_for(pat).post(
        f"{API}/invitations/{near_id}/offer/", offer_body("1400.00"), format="json"
    )
    assert offered.status_code == 200, offered.json()
    assert (offered.json()["status"], offered.json()["offer"]["weekly_fee"]) == (
        "offered",
        "1520.00",
    )
    other = api_for(olly).post(
        f"{API}/invitations/{far_id}/offer/", offer_body("1600.00"), format="json"
    )
    assert other.json()["offer"]["annual_cost"] == "65360.00"

    assert council.post(f"{request_url}/close/").json()["status"] == "evaluating"
    evaluation = council.get(f"{request_url}/evaluation/").json()
    assert evaluation["ranked"] is False  # no quality evidence yet: price alone ranks nothing
    assert [(r["invitation"], r["weekly_fee"]) for r in evaluation["rows"]] == [
        (near_id, "1520.00"),
        (far_id, "1720.00"),
    ]
    award = {"invitation": near_id, "reason": "Nearest and lowest price"}
    unrated = council.post(f"{request_url}/award/", award, format="json")
    assert unrated.status_code == 400
    assert "unrated_reason" in unrated.json()
    for invitation_id, needs_fit in ((near_id, 3), (far_id, 2)):
        rated = council.post(
            f"{API}/invitations/{invitation_id}/rate/", {"needs_fit": needs_fit}, format="json"
        )
        assert rated.status_code == 200, rated.json()
    before = council.get(f"{request_url}/evaluation/").json()
    assert before["ranked"] is True and before["decision"] is None
    awarded = council.post(f"{request_url}/award/", award, format="json")
    assert awarded.status_code == 201, awarded.json()
    after = council.get(f"{request_url}/evaluation/").json()
    assert after["decision"]["winner"] == near_id
    assert after["rows"] == before["rows"]  # the record is the evaluation as it stood
    placement = awarded.json()
    assert (placement["agreed_weekly"], placement["ceiling_weekly"]) == ("1520.00", "1650.50")
    assert placement["saving_vs_ceiling"] == "4959.00"
    annotated = selectors.placement_list(actor=alice).get(public_id=placement["id"])
    assert Decimal(placement["saving_vs_ceiling"]) == annotated.saving_vs_ceiling
    assert council.get(f"{request_url}/").json()["status"] == "awarded"
    far = council.get(f"{API}/invitations/{far_id}/").json()
    assert far["status"] == "unsuccessful"


def test_a_wrong_state_answers_409(api_for, alice, draft_request):
    response = api_for(alice).post(f"{API}/requests/{draft_request.public_id}/close/")
    assert response.status_code == 409
    assert response.json() == {"detail": "This cannot be done while the request is draft"}


def test_a_missing_reason_answers_400_naming_the_field(api_for, alice, open_request):
    response = api_for(alice).post(f"{API}/requests/{open_request.public_id}/cancel/", {})
    assert response.status_code == 400
    assert response.json() == {"reason": ["Enter a reason"]}


def test_cancelling_with_a_reason_records_it(api_for, alice, open_request):
    url = f"{API}/requests/{open_request.public_id}/cancel/"
    response = api_for(alice).post(url, {"reason": "Family moved away"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_reason"]) == (
        "cancelled",
        "Family moved away",
    )


def test_none_suitable_needs_a_sufficiency_code_named_at_its_field(
    api_for, alice, evaluating_request, emails
):
    url = f"{API}/requests/{evaluating_request.public_id}/none-suitable/"
    refused = api_for(alice).post(url, {"reason": "Too far"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"reason_code": ["Select why no offer is suitable"]}
    with emails():
        body = {"reason": "Too far", "reason_code": "location"}
        response = api_for(alice).post(url, body, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["unmet_reason"]) == (
        "none_suitable",
        "location",
    )


def test_an_award_must_name_an_invitation_of_the_request(
    api_for, alice, evaluating_request, bromley_child
):
    url = f"{API}/requests/{evaluating_request.public_id}/award/"
    body = {"invitation": str(bromley_child.public_id), "reason": "Best"}
    response = api_for(alice).post(url, body, format="json")
    assert response.status_code == 404
    assert response.json() == {"invitation": ["Choose an invitation of this request"]}
    assert not Placement.objects.exists()
