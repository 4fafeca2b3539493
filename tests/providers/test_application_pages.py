"""The provider's application pages: the task list, its sections, submission and clarification
answers, driven through the test client as a provider's user would."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from providers import services
from providers.choices import (
    REQUIRED_EVIDENCE,
    ApplicationStatus,
    Declaration,
    EvidenceType,
    ExclusionGround,
)
from providers.models import ApplicationEvent, Provider

from .conftest import PDF, url

pytestmark = pytest.mark.django_db


def questionnaire(**overrides):
    data = {f"exclusion_{ground}": "no" for ground in ExclusionGround}
    data.update(
        employers_liability_cover="£10,000,000",
        public_liability_cover="5000000",
        professional_indemnity_cover="",
        declarations=[d.value for d in Declaration],
    )
    data.update(overrides)
    return data


def evidence(evidence_type, content=PDF, name="certificate.pdf", expires_on=None):
    data = {"evidence_type": evidence_type, "file": SimpleUploadedFile(name, content)}
    if expires_on:
        data.update(
            expires_on_0=expires_on.day, expires_on_1=expires_on.month, expires_on_2=expires_on.year
        )
    return data


# --- Applications ------------------------------------------------------------------------------


def test_a_non_pdf_upload_is_refused_with_the_message_at_the_field(client_for, provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    response = client_for(provider_alice).post(
        url("application_evidence", public_id=application.public_id),
        evidence(
            EvidenceType.SAFEGUARDING_POLICY, content=b"#!/bin/sh\nrm -rf /\n", name="policy.pdf"
        ),
    )
    page = response.text
    message = services.MSG_FILE_TYPE
    assert "<title>Error: Evidence" in page
    assert f'<a href="#id_file">{message}</a>' in page
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert not application.documents.exists()


def test_insurance_needs_an_expiry_date(client_for, provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    response = client_for(provider_alice).post(
        url("application_evidence", public_id=application.public_id),
        evidence(EvidenceType.PUBLIC_LIABILITY),
    )
    assert services.MSG_EXPIRY_REQUIRED in response.text
    assert not application.documents.exists()


def test_an_expiry_date_that_is_not_a_real_date_is_refused(client_for, provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    data = evidence(EvidenceType.PUBLIC_LIABILITY)
    data.update(expires_on_0="31", expires_on_1="2", expires_on_2="2030")
    response = client_for(provider_alice).post(
        url("application_evidence", public_id=application.public_id), data
    )
    assert "The expiry date must be a real date" in response.text
    assert not application.documents.exists()


def test_a_ground_that_applies_needs_its_mitigation(client_for, provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    response = client_for(provider_alice).post(
        url("application_questionnaire", public_id=application.public_id),
        questionnaire(exclusion_tax="yes"),
    )
    message = "Explain how you have put right: not paying taxes or social security contributions"
    assert message in response.text
    assert 'href="#id_mitigation_tax"' in response.text
    assert not application.exclusions.exists()


def test_a_full_draft_is_completed_through_the_pages_and_submitted(
    client_for, provider_alice, dps, setting, day_lot
):
    client = client_for(provider_alice)
    page = client.get(url("application_list")).text
    assert f"Apply to {dps.name}" in page
    response = client.post(url("application_start"), {"dps": dps.public_id})
    application = Provider.objects.get(memberships__user=provider_alice).applications.get()
    detail = url("application_detail", public_id=application.public_id)
    assert response.url == detail
    page = client.get(detail).text
    assert "Cannot start yet" in page
    assert page.count(">Incomplete<") == 3

    response = client.post(
        url("application_lots", public_id=application.public_id),
        {"lots": [day_lot.number], "settings": [setting.public_id]},
    )
    assert response.url == detail
    response = client.post(
        url("application_questionnaire", public_id=application.public_id), questionnaire()
    )
    assert response.url == detail
    next_year = timezone.localdate() + timedelta(days=365)
    for evidence_type in REQUIRED_EVIDENCE:
        expires = (
            next_year if evidence_type in ("employers_liability", "public_liability") else None
        )
        response = client.post(
            url("application_evidence", public_id=application.public_id),
            evidence(evidence_type, expires_on=expires),
            follow=True,
        )
        assert "uploaded" in response.text
    assert "You have uploaded every document the application needs" in response.text
    assert "Employer&#x27;s liability insurance" in response.text

    prices = client.get(url("application_prices", public_id=application.public_id)).text
    assert "Not entered yet" in prices
    price_page = url(
        "application_price",
        public_id=application.public_id,
        setting_id=setting.public_id,
        lot_number=day_lot.number,
    )
    response = client.post(
        price_page,
        {"education": "1,200", "therapies": "150.50", "one_to_one": "300", "weeks_per_year": "38"},
        follow=True,
    )
    assert "£1,650.50" in response.text
    assert "£62,719.00" in response.text  # 38 weeks

    page = client.get(detail).text
    assert page.count(">Completed<") == 4
    check = client.post(url("application_submit", public_id=application.public_id))
    assert "Check your application before submitting it" in check.text
    assert "The consortium should decide by <strong>" in check.text
    assert "£1,650.50" in check.text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT  # nothing sent until confirmed
    response = client.post(
        url("application_submit", public_id=application.public_id), {"confirm": "yes"}, follow=True
    )
    assert "Application submitted" in response.text
    assert application.reference in response.text and "should decide by" in response.text
    assert '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>' in response.text
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "submitted",
        provider_alice,
    )
    assert "Draft to Submitted" in response.text


def test_submitting_an_incomplete_draft_lists_what_is_missing(client_for, provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    response = client_for(provider_alice).post(
        url("application_submit", public_id=application.public_id)
    )
    page = response.text
    assert "<title>Error: Application to" in page
    assert "You cannot submit your application yet" in page
    lots = url("application_lots", public_id=application.public_id)
    assert f'<a href="{lots}">Select at least one lot</a>' in page
    assert "Upload your safeguarding policy" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not application.events.exists()


def test_after_submission_the_sections_are_read_only(
    client_for, provider_alice, submitted_application, setting, day_lot
):
    client = client_for(provider_alice)
    lots = url("application_lots", public_id=submitted_application.public_id)
    page = client.get(lots).text
    assert "can no longer be changed" in page
    assert 'type="checkbox"' not in page
    assert "Bright Futures School" in page
    response = client.post(lots, {"lots": [], "settings": []})
    assert response.status_code == 409
    assert submitted_application.lots.get() == day_lot
    prices = client.get(url("application_prices", public_id=submitted_application.public_id))
    assert "£1,650.50" in prices.text and "Enter price" not in prices.text
    assert (
        "Submit application"
        not in client.get(url("application_detail", public_id=submitted_application.public_id)).text
    )


def test_answering_a_clarification_returns_the_application_to_under_review(
    client_for, provider_alice, review_application, reviewer
):
    services.clarification_request(
        actor=reviewer, application=review_application, question="Which therapies are on site?"
    )
    client = client_for(provider_alice)
    detail = url("application_detail", public_id=review_application.public_id)
    page = client.get(detail).text
    assert "The reviewer has a question" in page
    assert "Which therapies are on site?" in page
    answer = url("application_answer", public_id=review_application.public_id)
    response = client.post(answer, {"answer": ""})
    assert "<title>Error:" in response.text and "Enter your answer" in response.text
    response = client.post(answer, {"answer": "Speech and language therapy"}, follow=True)
    assert "Your application is back with the reviewer" in response.text
    assert '<strong class="govuk-tag govuk-tag--light-blue">Under review</strong>' in response.text
    assert "Speech and language therapy" in response.text
    review_application.refresh_from_db()
    assert review_application.status == ApplicationStatus.UNDER_REVIEW
    last = review_application.events.last()
    assert (last.to_status, last.actor, last.reason) == (
        "under_review",
        provider_alice,
        "Clarification answered",
    )


def test_a_replacement_document_can_be_uploaded_while_a_clarification_is_open(
    client_for, provider_alice, review_application, reviewer
):
    services.clarification_request(
        actor=reviewer, application=review_application, question="Send your current DBS policy"
    )
    before = review_application.documents.count()
    client_for(provider_alice).post(
        url("application_evidence", public_id=review_application.public_id),
        evidence(EvidenceType.DBS_POLICY),
    )
    assert review_application.documents.count() == before + 1


def test_the_dashboard_shows_the_providers_settings_and_applications(
    client_for, provider_alice, draft_application
):
    page = client_for(provider_alice).get(reverse("dashboard")).text
    assert "Bright Futures Education Limited" in page
    assert "Bright Futures School" in page
    assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in page
    assert url("application_detail", public_id=draft_application.public_id) in page


def test_a_ground_that_applies_is_saved_with_its_mitigation(client_for, provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    client_for(provider_alice).post(
        url("application_questionnaire", public_id=application.public_id),
        questionnaire(exclusion_tax="yes", mitigation_tax="Paid in full in 2023 with HMRC"),
    )
    answer = application.exclusions.get(ground="tax")
    assert (answer.applies, answer.mitigation) == (True, "Paid in full in 2023 with HMRC")
    application.refresh_from_db()
    assert application.employers_liability_cover == 10_000_000
    assert application.declarations_confirmed_by == provider_alice


def test_declarations_from_the_last_application_are_offered_to_confirm_again(
    client_for, provider_alice, submitted_application, dps
):
    second = services.application_start(actor=provider_alice, dps=dps)
    client = client_for(provider_alice)
    page = url("application_questionnaire", public_id=second.public_id)
    text = client.get(page).text
    assert (
        "We have filled in the answers and declarations you gave on your last application" in text
    )
    assert text.count('checked="checked"') == len(ExclusionGround) + len(Declaration)
    client.post(page, questionnaire())
    second.refresh_from_db()
    assert second.declarations_confirmed_at is not None
    assert "We have filled in" not in client.get(page).text
