"""The placements API at /api/v1/placements/: invitations and questions, placements and savings."""

from datetime import timedelta
from decimal import Decimal

import pytest

from placements import services

from ..agreements.helpers import without_agreement
from .helpers import (
    API,
    ids,
    offer_body,
)

pytestmark = pytest.mark.django_db


def test_declining_for_another_reason_needs_a_note(api_for, pat, near_invitation):
    api = api_for(pat)
    url = f"{API}/invitations/{near_invitation.public_id}/decline/"
    refused = api.post(url, {"reason": "other"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"note": ["Explain why you are declining"]}
    declined = api.post(url, {"reason": "no_capacity"}, format="json")
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined",
        "no_capacity",
    )


def test_council_staff_cannot_offer_for_a_provider(api_for, alice, near_invitation):
    url = f"{API}/invitations/{near_invitation.public_id}/offer/"
    response = api_for(alice).post(url, offer_body("1400.00"), format="json")
    assert response.status_code == 403


def test_a_provider_asks_and_the_commissioner_answers(api_for, pat, alice, near_invitation):
    url = f"{API}/invitations/{near_invitation.public_id}/questions/"
    asked = api_for(pat).post(url, {"question": "Is transport arranged?"}, format="json")
    assert asked.status_code == 201
    question = asked.json()
    answered = api_for(alice).post(
        f"{API}/questions/{question['id']}/answer/", {"answer": "Yes, by the borough."}
    )
    assert answered.status_code == 200
    assert answered.json()["answer"] == "Yes, by the borough."
    shown = api_for(pat).get(f"{API}/invitations/{near_invitation.public_id}/").json()
    assert [q["answer"] for q in shown["questions"]] == ["Yes, by the borough."]
    unanswered = api_for(alice).get(f"{API}/questions/?answered=false")
    assert ids(unanswered) == []


def test_a_commissioner_rates_an_offer_while_evaluating(api_for, alice, evaluating_request):
    invitation = evaluating_request.invitations.order_by("distance_km").first()
    url = f"{API}/invitations/{invitation.public_id}/rate/"
    response = api_for(alice).post(url, {"needs_fit": 4}, format="json")
    assert response.status_code == 200
    assert (response.json()["audience"], response.json()["needs_fit"]) == ("council", 4)


def test_placement_money_is_given_as_decimal_strings(api_for, alice, placement):
    shown = api_for(alice).get(f"{API}/placements/{placement.public_id}/").json()
    assert shown["audience"] == "council"
    assert shown["agreed_weekly"] == shown["current_weekly"] == "1520.00"
    assert (shown["committed_annual"], shown["saving_vs_ceiling"]) == ("57760.00", "4959.00")
    assert (shown["spot_weekly"], shown["saving_vs_spot"]) == (None, None)
    assert shown["cost_to_date"] == "0.00"  # it starts in 60 days
    assert shown["request_reference"] == placement.request.reference


def test_recording_a_spot_price_keeps_the_review_date(api_for, alice, placement):
    url = f"{API}/placements/{placement.public_id}/"
    response = api_for(alice).patch(url, {"spot_weekly": "1700.00"}, format="json")
    assert response.status_code == 200
    assert response.json()["saving_vs_spot"] == "6840.00"
    assert response.json()["next_review_on"] == placement.next_review_on.isoformat()


def test_a_fee_change_joins_the_fee_history(api_for, alice, placement):
    without_agreement(placement)  # under an agreement it answers 409: see the variations
    url = f"{API}/placements/{placement.public_id}/fee-change/"
    later = (placement.starts_on + timedelta(days=100)).isoformat()
    body = {"effective_from": later, "weekly_fee": "1560.00", "reason": "Annual uplift"}
    response = api_for(alice).post(url, body, format="json")
    assert response.status_code == 200
    assert [fee["weekly_fee"] for fee in response.json()["fees"]] == ["1520.00", "1560.00"]


def test_ending_a_placement_twice_answers_409(api_for, alice, placement):
    url = f"{API}/placements/{placement.public_id}/end/"
    body = {"ends_on": placement.starts_on.isoformat(), "reason": "E4A"}
    ended = api_for(alice).post(url, body, format="json")
    assert (ended.json()["status"], ended.json()["end_reason"]) == ("ended", "E4A")
    assert ended.json()["committed_annual"] == "0.00"
    assert api_for(alice).post(url, body, format="json").status_code == 409


def test_a_move_ends_the_placement_and_starts_its_successor(api_for, alice, placement, far_setting):
    url = f"{API}/placements/{placement.public_id}/move/"
    starts = (placement.starts_on + timedelta(days=30)).isoformat()
    body = {
        "setting": str(far_setting.public_id),
        "starts_on": starts,
        "weekly_fee": "1800.00",
        "reason": "Needs a quieter site",
    }
    moved = api_for(alice).post(url, body, format="json")
    assert moved.status_code == 201, moved.json()
    successor = moved.json()
    assert (successor["moved_from"], successor["ceiling_weekly"]) == (
        str(placement.public_id),
        "1900.00",
    )
    old = api_for(alice).get(f"{API}/placements/{placement.public_id}/").json()
    assert (old["status"], old["end_reason"]) == ("ended", "X1")


def test_savings_are_totalled_by_borough(api_for, alice, placement):
    response = api_for(alice).get(f"{API}/savings/?by=borough")
    assert response.status_code == 200
    assert response.json() == {
        "by": "borough",
        "totals": [
            {
                "strand": None,
                "borough": "Croydon",
                "lot": None,
                "financial_year": None,
                "placements": 1,
                "committed_annual": "57760.00",
                "saving_vs_ceiling": "4959.00",
                "saving_vs_spot": "0.00",
            }
        ],
    }
    assert api_for(alice).get(f"{API}/savings/?by=postcode").status_code == 400


def test_savings_by_year_name_the_financial_year(api_for, alice, placement):
    totals = api_for(alice).get(f"{API}/savings/?by=year").json()["totals"]
    start = placement.starts_on
    first = start.year if start.month >= 4 else start.year - 1
    assert [row["financial_year"] for row in totals] == [f"{first}-{(first + 1) % 100:02d}"]


def test_the_placement_list_costs_the_same_queries_for_more_rows(
    api_for, alice, placement, far_setting, django_assert_max_num_queries
):
    api = api_for(alice)
    with django_assert_max_num_queries(20) as one:
        api.get(f"{API}/placements/")
    starts = placement.starts_on + timedelta(days=30)
    services.placement_move(
        actor=alice,
        placement=placement,
        setting=far_setting,
        starts_on=starts,
        weekly_fee=Decimal("1800.00"),
        reason="Quieter site",
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(ids(api.get(f"{API}/placements/"))) == 2


def test_an_unknown_path_under_the_api_answers_json_404(api_for, alice):
    response = api_for(alice).post(f"{API}/requests/not-a-uuid/close/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
