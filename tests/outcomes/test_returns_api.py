"""Termly returns in the API at /api/v1/outcomes/returns/: the loop, its history, 409 on a
wrong state, errors at their fields, no child identity for providers, 404 for other tenants."""

from __future__ import annotations

import pytest

from outcomes.models import TermlyReturn
from outcomes.services import returns_scoring as scoring

from .test_returns_helpers import IDENTITY, in_year_9, placed_since, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

API = "/api/v1/outcomes"


@pytest.fixture
def placed(placement, targets, terms):
    return placed_since(placement)


def body(placement, term, targets, communication=0, travel=3, **extra) -> dict:
    return {
        "placement": str(placement.public_id),
        "term": term.pk,
        "scores": [
            {"target": str(targets[0].public_id), "score": communication, "evidence": "Seen"},
            {"target": str(targets[1].public_id), "score": travel, "evidence": "Seen"},
        ],
        "attendance_pct": "96.5",
        "fixed_term_exclusion_days": "0.5",
        "serious_incidents": 1,
        **extra,
    }


def test_the_whole_loop_over_the_api(api_for, pat, alice, placed, targets, terms):
    made = api_for(pat).post(f"{API}/returns/", body(placed, terms[6], targets), format="json")
    assert made.status_code == 201, made.json()
    shown = made.json()
    assert (shown["audience"], shown["status"], shown["mean_progress"]) == (
        "provider",
        "submitted",
        "1.500",
    )
    one = f"{API}/returns/{shown['id']}"

    assert api_for(alice).post(f"{one}/query/", {"reason": ""}).json() == {
        "reason": ["Enter what the provider needs to correct"]
    }
    queried = api_for(alice).post(f"{one}/query/", {"reason": "Travel is too high"})
    assert queried.json()["status"] == "queried"

    fixed = body(placed, terms[6], targets, travel=2, reason="Travel is 2")
    corrected = api_for(pat).post(f"{one}/correct/", fixed, format="json")
    assert corrected.status_code == 200, corrected.json()
    assert sorted((s["indicator"], s["score"]) for s in corrected.json()["scores"]) == [
        ("communication", 0),
        ("travel", 2),
    ]
    accepted = api_for(alice).post(f"{one}/accept/", {"note": "Thanks"})

    council = accepted.json()
    assert council["audience"] == "council"
    assert council["status"] == "accepted"
    assert council["child_reference"] == "CR-0042"
    assert council["mean_progress"] == "1.000"
    assert sorted((s["indicator"], s["score"], s["progress"]) for s in council["scores"]) == [
        ("communication", 0, 2),
        ("travel", 2, 0),
    ]
    assert [(e["from_status"], e["to_status"], e["reason"]) for e in council["events"]] == [
        ("", "submitted", ""),
        ("submitted", "queried", "Travel is too high"),
        ("queried", "submitted", "Travel is 2"),
        ("submitted", "accepted", "Thanks"),
    ]


def test_a_wrong_state_answers_409(api_for, pat, alice, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, 0, 3)
    one = f"{API}/returns/{made.public_id}"

    fixed = body(placed, terms[0], targets, reason="x")
    assert api_for(pat).post(f"{one}/correct/", fixed, format="json").status_code == 409
    assert api_for(alice).post(f"{one}/accept/", {}).status_code == 200
    assert api_for(alice).post(f"{one}/accept/", {}).status_code == 409
    again = api_for(pat).post(f"{API}/returns/", body(placed, terms[0], targets), format="json")
    assert again.status_code == 409


def test_errors_name_their_fields(api_for, pat, placed, targets, terms):
    api = api_for(pat)
    off_scale = api.post(
        f"{API}/returns/", body(placed, terms[0], targets, communication=5), format="json"
    )
    pathway = api.post(
        f"{API}/returns/", body(placed, terms[0], targets, pfa_pathway="employment"), format="json"
    )
    no_term = api.post(
        f"{API}/returns/", {**body(placed, terms[0], targets), "term": 0}, format="json"
    )

    assert off_scale.status_code == 400
    assert scoring.MSG_SCORE_RANGE.format(low=-2, high=2) in off_scale.json()["scores"][0]
    assert pathway.json() == {"pfa_pathway": [scoring.MSG_PATHWAY_TOO_YOUNG]}
    assert list(no_term.json()) == ["term"]
    assert not TermlyReturn.objects.exists()


def test_from_year_9_the_pathway_is_required(api_for, pat, placed, targets, terms):
    in_year_9(placed.child)

    missing = api_for(pat).post(f"{API}/returns/", body(placed, terms[0], targets), format="json")
    given = api_for(pat).post(
        f"{API}/returns/", body(placed, terms[0], targets, pfa_pathway="education"), format="json"
    )

    assert missing.json() == {"pfa_pathway": [scoring.MSG_PATHWAY_REQUIRED]}
    assert given.json()["pfa_pathway"] == "education"


def test_a_provider_sees_no_child_identity(api_for, pat, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, 0, 3)

    for path in (f"{API}/returns/", f"{API}/returns/{made.public_id}/"):
        text = api_for(pat).get(path).content.decode()
        assert placed.reference in text
        for identity in IDENTITY:
            assert identity not in text
        assert str(placed.child.public_id) not in text


def test_returns_filter_by_status_term_and_placement(api_for, pat, alice, placed, targets, terms):
    first = submit(pat, placed, terms[0], targets, 0, 3)
    submit(pat, placed, terms[1], targets, 0, 3)
    api_for(alice).post(f"{API}/returns/{first.public_id}/accept/", {})

    def ids(**query):
        rows = api_for(alice).get(f"{API}/returns/", query).json()["results"]
        return [row["term"] for row in rows]

    assert ids(status="accepted") == [terms[0].pk]
    assert ids(term=terms[1].pk) == [terms[1].pk]
    assert ids(placement=str(placed.public_id)) == [terms[1].pk, terms[0].pk]


def test_other_tenants_get_404_and_see_nothing(api_for, pat, charlie, olly, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, 0, 3)
    one = f"{API}/returns/{made.public_id}"

    for outsider in (charlie, olly):
        api = api_for(outsider)
        assert api.get(f"{API}/returns/").json()["results"] == []
        assert api.get(f"{one}/").status_code == 404
        for action in ("query", "accept", "correct"):
            assert api.post(f"{one}/{action}/", {"reason": "x"}).status_code == 404
        assert api.get(f"{API}/placements/{placed.public_id}/progress/").status_code == 404
    refused = api_for(olly).post(f"{API}/returns/", body(placed, terms[1], targets), format="json")
    assert refused.json() == {"placement": ["No placement of yours has this id"]}


def test_council_staff_cannot_submit_and_providers_cannot_decide(
    api_for, pat, alice, placed, targets, terms
):
    council = api_for(alice).post(f"{API}/returns/", body(placed, terms[0], targets), format="json")
    made = submit(pat, placed, terms[0], targets, 0, 3)
    provider = api_for(pat).post(f"{API}/returns/{made.public_id}/accept/", {})

    assert (council.status_code, provider.status_code) == (403, 403)


def test_a_placements_progress_over_the_api(api_for, pat, alice, placed, targets, terms):
    submit(pat, placed, terms[0], targets, -1, 3)
    submit(pat, placed, terms[1], targets, -1, 3, attendance_pct=80)

    for user in (alice, pat):
        shown = api_for(user).get(f"{API}/placements/{placed.public_id}/progress/").json()
        assert shown["placement_reference"] == placed.reference
        assert [f["key"] for f in shown["flags"]] == ["falling_attendance"]
        communication = next(d for d in shown["domains"] if d["code"] == "communication")
        assert [(p["mean_score"], p["mean_progress"]) for p in communication["timeline"]] == [
            ("-1.00", "1.00"),
            ("-1.00", "0.00"),
        ]
        assert communication["targets"][0]["latest_score"] == -1
