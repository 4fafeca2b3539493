"""The targets API at /api/v1/outcomes/targets/: commissioners of the placement's borough write;
other staff and the placement's provider read, without the child's identity; another borough or
provider finds nothing (404)."""

from __future__ import annotations

import pytest

from outcomes.models import OutcomeTarget
from outcomes.services import targets as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

API = "/api/v1/outcomes/targets"
CHILD_KEYS = {"child", "child_reference", "name", "date_of_birth", "home_postcode"}


def body(placement, **overrides) -> dict:
    return {
        "placement": str(placement.public_id),
        "domain": "independent-living",
        "indicator": "self-care",
        "outcome": "Dresses for PE without help",
        "baseline": -1,
        "target": 1,
        "target_date": "2027-07-31",
        **overrides,
    }


def listed(api, placement=None) -> list[dict]:
    query = f"?placement={placement.public_id}" if placement else ""
    return api.get(f"{API}/{query}").json()["results"]


@pytest.mark.parametrize("who", ["alice", "lead_analyst", "pat"])
def test_those_who_may_see_the_placement_list_its_targets(
    request, api_for, who, placement, targets
):
    rows = listed(api_for(request.getfixturevalue(who)), placement)

    assert {row["id"] for row in rows} == {str(t.public_id) for t in targets}
    assert rows[0]["placement_reference"] == placement.reference


@pytest.mark.parametrize("who", ["charlie", "olly", "bromley_analyst"])
def test_another_borough_or_provider_finds_no_target(request, api_for, who, placement, targets):
    api = api_for(request.getfixturevalue(who))

    assert listed(api) == [] and listed(api, placement) == []
    assert api.get(f"{API}/{targets[0].public_id}/").status_code == 404
    assert api.patch(f"{API}/{targets[0].public_id}/", {"target": 2}).status_code == 404
    assert api.delete(f"{API}/{targets[0].public_id}/").status_code == 404
    # Charlie may add targets, but not to a placement he cannot see; the others may add none.
    created = api.post(f"{API}/", body(placement), format="json").status_code
    assert created == (404 if who == "charlie" else 403)
    assert OutcomeTarget.objects.count() == 2


def test_the_provider_sees_a_target_without_the_childs_identity(api_for, pat, targets):
    row = api_for(pat).get(f"{API}/{targets[1].public_id}/").json()

    assert not CHILD_KEYS & set(row)
    assert (row["domain"], row["indicator"], row["scale"]) == (
        "independent-living",
        "travel",
        "rating",
    )
    assert (row["baseline"], row["target"], row["framework_version"]) == (2, 4, 1)


def test_a_commissioner_creates_changes_and_deletes_a_target(api_for, alice, placement, framework):
    api = api_for(alice)

    created = api.post(f"{API}/", body(placement), format="json")
    assert created.status_code == 201
    target_id = created.json()["id"]

    changed = api.patch(f"{API}/{target_id}/", {"target": 2, "outcome": "Dresses for PE alone"})
    assert changed.status_code == 200
    assert (changed.json()["target"], changed.json()["outcome"]) == (2, "Dresses for PE alone")

    assert api.delete(f"{API}/{target_id}/").status_code == 204
    assert not OutcomeTarget.objects.exists()


@pytest.mark.parametrize("who", ["lead_analyst", "pat"])
def test_readers_get_403_on_writes(request, api_for, who, placement, targets):
    api = api_for(request.getfixturevalue(who))

    assert api.post(f"{API}/", body(placement), format="json").status_code == 403
    assert api.patch(f"{API}/{targets[0].public_id}/", {"target": 1}).status_code == 403
    assert api.delete(f"{API}/{targets[0].public_id}/").status_code == 403


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"target": -1}, {"target": [services.MSG_TARGET_NOT_ABOVE]}),
        (
            {"domain": "independent-living", "indicator": "travel", "baseline": 0},
            {"baseline": [services.MSG_SCORE_RANGE.format(what="baseline", low=1, high=5)]},
        ),
    ],
)
def test_a_targets_problems_are_400s_at_the_field(
    api_for, alice, placement, framework, overrides, errors
):
    answer = api_for(alice).post(f"{API}/", body(placement, **overrides), format="json")

    assert answer.status_code == 400
    assert answer.json() == errors


def test_an_indicator_the_framework_lacks_is_a_404_at_the_field(
    api_for, alice, placement, framework
):
    answer = api_for(alice).post(f"{API}/", body(placement, indicator="no-such"), format="json")

    assert answer.status_code == 404
    assert answer.json() == {
        "indicator": ["The agreed framework has no indicator with this code in that domain"]
    }


def test_an_unknown_placement_filter_is_a_400(api_for, alice, targets):
    assert api_for(alice).get(f"{API}/?placement=nope").status_code == 400
