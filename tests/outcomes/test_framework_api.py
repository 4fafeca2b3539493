"""The framework API at /api/v1/outcomes/frameworks/: versions in full, the draft -> agreed
workflow (409 on a wrong state, 403 for a role that may not act) and a draft's editing."""

from __future__ import annotations

import pytest

from boroughs.choices import Role
from outcomes.choices import VersionStatus
from outcomes.models import FrameworkVersion, Indicator
from outcomes.services import framework as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/outcomes/frameworks"


@pytest.fixture
def draft(framework, admin_user, consortium):
    return services.framework_version_create(actor=admin_user, consortium=consortium)


def at(version, rest: str = "") -> str:
    return f"{API}/{version.public_id}/{rest}"


def test_staff_and_providers_read_a_version_with_its_domains_and_sign_offs(
    api_for, alice, pat, framework
):
    for user in (alice, pat):
        listed = api_for(user).get(f"{API}/")
        assert [row["number"] for row in listed.json()["results"]] == [1]

    version = api_for(pat).get(at(framework)).json()
    assert (version["status"], version["borough_sign_offs"], version["member_boroughs"]) == (
        "agreed",
        12,
        12,
    )
    health = next(d for d in version["domains"] if d["code"] == "health")
    assert health["kind"] == "pfa"
    assert health["indicators"][0]["descriptors"]["5"] == (
        "Independent: does this reliably without support"
    )
    communication = next(d for d in version["domains"] if d["code"] == "communication")
    assert communication["indicators"][0]["descriptors"]["-2"] == "Baseline: no change"
    parties = {(s["party"], s["organisation"]) for s in version["sign_offs"]}
    assert ("provider", "Bright Futures Education Limited") in parties
    assert ("borough", "Bromley") in parties


def test_the_admin_starts_a_draft_and_a_second_is_a_conflict(api_for, admin_user, framework):
    api = api_for(admin_user)

    created = api.post(f"{API}/")
    again = api.post(f"{API}/")

    assert created.status_code == 201
    assert (created.json()["number"], created.json()["status"]) == (2, "draft")
    assert again.status_code == 409
    assert again.json()["detail"] == services.MSG_DRAFT_EXISTS.format(number=2)


def test_a_commissioner_cannot_start_or_agree_a_version(api_for, alice, draft):
    api = api_for(alice)

    assert api.post(f"{API}/").status_code == 403
    refused = api.post(at(draft, "agree/"))
    assert refused.status_code == 403
    assert refused.json()["detail"] == services.MSG_ADMIN_ONLY


def test_sign_off_once_then_409(api_for, alice, bob, draft):
    signed = api_for(alice).post(at(draft, "sign-off/"))
    twice = api_for(bob).post(at(draft, "sign-off/"))

    assert signed.status_code == 200
    assert [s["organisation"] for s in signed.json()["sign_offs"]] == ["Croydon"]
    assert twice.status_code == 409


def test_agreeing_before_everyone_signed_is_a_conflict_then_succeeds(
    api_for, admin_user, pat, framework, draft
):
    api = api_for(admin_user)
    assert api.post(at(draft, "agree/")).status_code == 409

    for borough in draft.consortium.boroughs.all():
        signer = UserFactory(borough=borough, role=Role.COMMISSIONER)
        assert api_for(signer).post(at(draft, "sign-off/")).status_code == 200
    assert api.post(at(draft, "agree/")).json()["detail"] == services.MSG_NO_PROVIDER
    api_for(pat).post(at(draft, "sign-off/"))

    agreed = api.post(at(draft, "agree/"))

    assert agreed.status_code == 200 and agreed.json()["status"] == "agreed"
    assert FrameworkVersion.objects.get(pk=framework.pk).status == VersionStatus.SUPERSEDED


def test_the_admin_edits_a_drafts_domains_and_indicators(api_for, admin_user, draft):
    api = api_for(admin_user)

    added = api.post(
        at(draft, "domains/"), {"code": "transitions", "name": "Transitions", "kind": "pfa"}
    )
    renamed = api.patch(at(draft, "domains/transitions/"), {"name": "Phase transitions"})
    indicator = api.post(
        at(draft, "domains/transitions/indicators/"),
        {
            "code": "readiness",
            "name": "Readiness to move on",
            "scale": "rating",
            "descriptors": {str(n): f"Point {n}" for n in range(1, 6)},
        },
        format="json",
    )
    removed = api.delete(at(draft, "domains/health/indicators/wellbeing/"))

    assert (added.status_code, renamed.json()["name"]) == (201, "Phase transitions")
    assert indicator.status_code == 201
    assert indicator.json()["descriptors"]["3"] == "Point 3"
    assert removed.status_code == 204
    assert not Indicator.objects.filter(domain__version=draft, code="wellbeing").exists()


def test_a_rating_without_descriptors_is_a_400_at_the_field(api_for, admin_user, draft):
    answer = api_for(admin_user).post(
        at(draft, "domains/health/indicators/"),
        {"code": "sleep", "name": "Sleep", "scale": "rating"},
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json() == {"descriptors": [services.MSG_DESCRIPTORS]}


def test_an_agreed_version_cannot_be_edited(api_for, admin_user, framework):
    answer = api_for(admin_user).patch(at(framework, "domains/health/"), {"name": "Health"})

    assert answer.status_code == 409
    assert answer.json()["detail"] == services.MSG_NOT_DRAFT.format(status="agreed")


def test_only_the_admin_edits_a_draft_and_unknown_codes_are_404(api_for, admin_user, alice, draft):
    assert api_for(alice).delete(at(draft, "domains/health/")).status_code == 403
    assert api_for(admin_user).delete(at(draft, "domains/nothing-here/")).status_code == 404
    assert api_for(admin_user).get(f"{API}/not-a-uuid/").status_code == 404


def test_the_framework_list_costs_the_same_queries_for_more_versions(
    api_for, admin_user, alice, draft, django_assert_max_num_queries
):
    api = api_for(alice)
    with django_assert_max_num_queries(30) as one:
        api.get(f"{API}/")
    services.domain_create(actor=admin_user, version=draft, code="more", name="More", kind="pfa")
    services.framework_version_sign_off(actor=alice, version=draft)

    with django_assert_max_num_queries(len(one.captured_queries)):
        api.get(f"{API}/")
