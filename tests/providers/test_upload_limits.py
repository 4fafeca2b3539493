"""Evidence uploads over the request limit are refused with 413 before they are stored; a file
just over the upload limit is still named on the form (ADR 14)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from providers.choices import EvidenceType
from providers.models import EvidenceDocument

from .conftest import PDF

pytestmark = pytest.mark.django_db


def _pdf_of(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.pdf", PDF + b" " * (size - len(PDF)), "application/pdf")


def test_an_evidence_upload_over_the_request_limit_answers_413_and_stores_nothing(
    accredited_application, provider_alice, client
):
    client.force_login(provider_alice)
    before = EvidenceDocument.objects.count()
    response = client.post(
        reverse("providers:evidence"),
        {
            "evidence_type": EvidenceType.SAFEGUARDING_POLICY,
            "file": _pdf_of(settings.REQUEST_BODY_MAX_BYTES + 1),
        },
    )
    assert response.status_code == 413
    assert "A file you upload must be smaller than 10MB" in response.text
    assert EvidenceDocument.objects.count() == before


def test_a_file_just_over_the_upload_limit_is_named_on_the_form(
    accredited_application, provider_alice, client
):
    client.force_login(provider_alice)
    response = client.post(
        reverse("providers:evidence"),
        {
            "evidence_type": EvidenceType.SAFEGUARDING_POLICY,
            "file": _pdf_of(settings.UPLOAD_MAX_BYTES + 1),
        },
    )
    assert response.status_code == 200
    assert "The selected file must be smaller than 10MB" in response.text


def test_the_api_refuses_an_evidence_upload_over_the_limit_in_json(
    api_for, provider_alice, draft_application
):
    url = f"/api/v1/dps/applications/{draft_application.public_id}/documents/"
    response = api_for(provider_alice).post(
        url,
        {
            "evidence_type": EvidenceType.SAFEGUARDING_POLICY,
            "file": _pdf_of(settings.REQUEST_BODY_MAX_BYTES + 1),
        },
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request is larger than the service accepts")
