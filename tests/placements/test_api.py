"""The placements API at /api/v1/placements/: records, the commissioning loop, errors, money."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from placements import selectors, services
from placements.models import ChildAccessLog, Placement

pytestmark = pytest.mark.django_db

API = "/api/v1/placements"


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def request_body(child, **overrides) -> dict:
    return {
        "child": str(child.public_id),
        "lot": "iss_day",
        "required_start_on": days(60),
        "needs_summary": "Autistic; needs a small class and a predictable routine.",
        "risks": "Can leave the classroom when anxious.",
        "budget_ceiling_weekly": "1800.00",
        "response_deadline": days(14),
        "mainstream_considered": True,
        "in_borough_considered": True,
        "not_met_reasons": ["needs_exceed_mainstream", "no_local_place"],
        **overrides,
    }


def offer_body(education: str) -> dict:
    return {
        "education": education,
        "therapies": "120.00",
        "weeks_per_year": 38,
        "proposed_start_on": days(60),
    }


# --- Children -----------------------------------------------------------------------------------


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


# --- Requests -----------------------------------------------------------------------------------


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


def test_an_award_must_name_an_invitation_of_the_request(
    api_for, alice, evaluating_request, bromley_child
):
    url = f"{API}/requests/{evaluating_request.public_id}/award/"
    body = {"invitation": str(bromley_child.public_id), "reason": "Best"}
    response = api_for(alice).post(url, body, format="json")
    assert response.status_code == 404
    assert response.json() == {"invitation": ["Choose an invitation of this request"]}
    assert not Placement.objects.exists()


# --- Invitations and questions ------------------------------------------------------------------


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


# --- Placements and savings ---------------------------------------------------------------------


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
