"""Renewed evidence: a provider uploads it any time; a reviewer's acceptance restores enrolments."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from providers import services
from providers.choices import EnrolmentStatus, EvidenceType
from providers.models import Enrolment, EvidenceDocument

from .conftest import pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def _expire_insurance():
    EvidenceDocument.objects.filter(evidence_type=EvidenceType.PUBLIC_LIABILITY).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    services.evidence_expiry_check()


def _date_fields(day):
    return {"expires_on_0": day.day, "expires_on_1": day.month, "expires_on_2": day.year}


def test_renewed_insurance_accepted_by_a_reviewer_restores_a_suspended_enrolment(
    accredited_application, provider_alice, reviewer, client
):
    _expire_insurance()
    assert Enrolment.objects.get().status == EnrolmentStatus.SUSPENDED

    client.force_login(provider_alice)
    renewal = timezone.localdate() + timedelta(days=365)
    response = client.post(
        reverse("providers:evidence"),
        {
            "evidence_type": EvidenceType.PUBLIC_LIABILITY,
            "file": pdf("renewed.pdf"),
            **_date_fields(renewal),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("providers:evidence")).text
    assert "renewed.pdf" in page
    assert "Awaiting check" in page

    client.force_login(reviewer)
    queue = client.get(reverse("providers:evidence_to_check")).text
    assert "renewed.pdf" in queue
    renewed = EvidenceDocument.objects.get(original_name="renewed.pdf")
    client.post(reverse("providers:evidence_accept", args=[renewed.public_id]))
    assert Enrolment.objects.get().status == EnrolmentStatus.ENROLLED
    assert "renewed.pdf" not in client.get(reverse("providers:evidence_to_check")).text


def test_insurance_without_an_expiry_date_is_refused_at_the_field(provider_alice, client, dps):
    client.force_login(provider_alice)
    response = client.post(
        reverse("providers:evidence"),
        {"evidence_type": EvidenceType.PUBLIC_LIABILITY, "file": pdf()},
    )
    assert response.status_code == 200
    assert "Enter the date the insurance expires" in response.text
    assert not EvidenceDocument.objects.exists()


def test_another_provider_cannot_accept_or_see_the_queue(
    accredited_application, provider_olly, client
):
    client.force_login(provider_olly)
    assert client.get(reverse("providers:evidence_to_check")).status_code == 403
    document = EvidenceDocument.objects.first()
    assert (
        client.post(reverse("providers:evidence_accept", args=[document.public_id])).status_code
        == 403
    )
    assert "evidence.pdf" not in client.get(reverse("providers:evidence")).text


def test_a_commissioner_outside_the_lead_borough_cannot_accept(
    accredited_application, charlie, client
):
    client.force_login(charlie)
    document = EvidenceDocument.objects.first()
    assert (
        client.post(reverse("providers:evidence_accept", args=[document.public_id])).status_code
        == 403
    )
    assert document.accepted_at == EvidenceDocument.objects.get(pk=document.pk).accepted_at
