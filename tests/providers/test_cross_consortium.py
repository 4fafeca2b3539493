"""Another consortium's staff reach none of South London's DPS decisions, through the API or the
pages: its reviewers and admins neither see nor decide South London's applications, enrolments
or evidence (the consortium is part of every DPS rule: boroughs.policy, providers.rules)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from providers import services
from providers.choices import ApplicationStatus, EnrolmentStatus, EvidenceType
from providers.models import Application, Enrolment, EvidenceDocument

from .conftest import pdf

pytestmark = pytest.mark.django_db

API = "/api/v1/dps"


def _ids(response) -> set[str]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("who", ["north_admin", "north_reviewer"])
def test_another_consortiums_staff_list_none_of_our_applications_or_enrolments(
    request, who, accredited_application, api_for
):
    api = api_for(request.getfixturevalue(who))
    assert _ids(api.get(f"{API}/applications/")) == set()
    assert _ids(api.get(f"{API}/enrolments/")) == set()
    assert _ids(api.get(f"{API}/documents/")) == set()
    detail = api.get(f"{API}/applications/{accredited_application.public_id}/")
    assert detail.status_code == 404


@pytest.mark.parametrize("who", ["north_admin", "north_reviewer"])
@pytest.mark.parametrize(
    ("action", "body"),
    [("start-review", {}), ("request-clarification", {"question": "Why?"})],
)
def test_another_consortiums_reviewers_cannot_start_or_question_our_review(
    request, who, action, body, submitted_application, api_for
):
    api = api_for(request.getfixturevalue(who))
    if action == "request-clarification":
        services.application_start_review(
            actor=request.getfixturevalue("reviewer"), application=submitted_application
        )
    response = api.post(f"{API}/applications/{submitted_application.public_id}/{action}/", body)
    assert response.status_code == 404
    submitted_application.refresh_from_db()
    assert submitted_application.clarifications.count() == 0


@pytest.mark.parametrize("action", ["accredit", "reject"])
def test_another_consortiums_admin_cannot_decide_our_application(
    action, review_application, north_admin, api_for
):
    url = f"{API}/applications/{review_application.public_id}/{action}/"
    response = api_for(north_admin).post(url, {"reason": "Decided elsewhere"})
    assert response.status_code == 404
    review_application.refresh_from_db()
    assert review_application.status == ApplicationStatus.UNDER_REVIEW


@pytest.mark.parametrize("action", ["suspend", "reinstate", "remove"])
def test_another_consortiums_admin_cannot_move_our_enrolments(
    action, accredited_application, reviewer, north_admin, api_for
):
    enrolment = Enrolment.objects.get()
    if action == "reinstate":
        services.enrolment_suspend(actor=reviewer, enrolment=enrolment, reason="Check")
    before = Enrolment.objects.get().status
    response = api_for(north_admin).post(
        f"{API}/enrolments/{enrolment.public_id}/{action}/", {"reason": "Not yours"}
    )
    assert response.status_code == 404
    assert Enrolment.objects.get().status == before


def test_another_consortiums_reviewer_cannot_accept_our_providers_renewed_evidence(
    accredited_application, provider_alice, north_reviewer, client
):
    EvidenceDocument.objects.filter(evidence_type=EvidenceType.PUBLIC_LIABILITY).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    services.evidence_expiry_check()
    renewed = services.evidence_replace(
        actor=provider_alice,
        evidence_type=EvidenceType.PUBLIC_LIABILITY,
        uploaded_file=pdf("renewed.pdf"),
        expires_on=timezone.localdate() + timedelta(days=365),
    )
    client.force_login(north_reviewer)
    assert "renewed.pdf" not in client.get(reverse("providers:evidence_to_check")).text
    response = client.post(reverse("providers:evidence_accept", args=[renewed.public_id]))
    assert response.status_code == 404
    renewed.refresh_from_db()
    assert renewed.accepted_at is None
    assert Enrolment.objects.get().status == EnrolmentStatus.SUSPENDED


def test_accepting_evidence_restores_only_the_reviewers_own_consortiums_enrolments(
    accredited_application, provider_alice, reviewer, north_reviewer, setting
):
    """The provider applied to North London too and was enrolled there; South London's reviewer
    accepting renewed insurance restores South London's enrolment, not North London's."""
    from providers.demo import seed_demo as seed_dps
    from providers.models import DynamicPurchasingSystem, Lot

    from .conftest import complete_draft

    north = north_reviewer.borough.consortium
    seed_dps(consortium=north)
    north_dps = DynamicPurchasingSystem.objects.get(consortium=north, strand__kind="send")
    lot = Lot.objects.get(dps=north_dps, kind=accredited_application.lots.get().kind)
    application = complete_draft(provider_alice, north_dps, setting, lot)
    services.application_submit(actor=provider_alice, application=application)
    services.application_start_review(actor=north_reviewer, application=application)
    services.application_accredit(actor=north_reviewer, application=application)

    EvidenceDocument.objects.filter(evidence_type=EvidenceType.PUBLIC_LIABILITY).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    services.evidence_expiry_check()
    assert set(Enrolment.objects.values_list("status", flat=True)) == {EnrolmentStatus.SUSPENDED}
    renewed = services.evidence_replace(
        actor=provider_alice,
        evidence_type=EvidenceType.PUBLIC_LIABILITY,
        uploaded_file=pdf("renewed.pdf"),
        expires_on=timezone.localdate() + timedelta(days=365),
    )
    services.evidence_accept(actor=reviewer, document=renewed)

    ours = Enrolment.objects.get(lot__dps__consortium=reviewer.borough.consortium)
    theirs = Enrolment.objects.get(lot__dps__consortium=north)
    assert ours.status == EnrolmentStatus.ENROLLED
    assert theirs.status == EnrolmentStatus.SUSPENDED


def test_our_reviewer_still_decides_our_own_applications(submitted_application, reviewer, api_for):
    url = f"{API}/applications/{submitted_application.public_id}/start-review/"
    assert api_for(reviewer).post(url).status_code == 200
    assert Application.objects.get().status == ApplicationStatus.UNDER_REVIEW


def test_another_consortiums_admin_cannot_confirm_or_change_our_providers_details(
    submitted_application, provider_alice, north_admin, admin_user
):
    """A provider that has applied only to South London is South London's to confirm."""
    from kernel.errors import NotAllowed
    from providers.models import Provider

    provider = Provider.objects.get(memberships__user=provider_alice)
    with pytest.raises(NotAllowed):
        services.provider_confirm_details(actor=north_admin, provider=provider)
    with pytest.raises(NotAllowed):
        services.provider_update(actor=north_admin, provider=provider, legal_name="Taken Over Ltd")
    provider.refresh_from_db()
    assert provider.details_confirmed_at is None
    assert provider.legal_name == "Bright Futures Education Limited"
    services.provider_confirm_details(actor=admin_user, provider=provider)
