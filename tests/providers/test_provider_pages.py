"""The provider's pages: register, organisation, settings and the application task list,
driven through the test client as a provider's user would."""

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
from providers.models import ApplicationEvent, Provider, ProviderMembership, Setting

from .conftest import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

REGISTRATION = {
    "legal_name": "Hillside Learning Limited",
    "trading_name": "Hillside School",
    "companies_house_number": "sc 123 457",
    "charity_number": "",
    "registered_address": "2 Hill Road\nCroydon",
    "postcode": "cr0 2ab",
    "contact_name": "Sam Head",
    "contact_email": "sam@hillside.example.org",
    "contact_phone": "020 7946 0000",
}
SETTING = {
    "name": "Hillside School",
    "urn": "149555",
    "ofsted_urn": "",
    "establishment_type": "10",
    "section41_status": "approved",
    "age_low": "7",
    "age_high": "19",
    "sex": "mixed",
    "capacity": "60",
    "vacancies": "4",
    "provision": ["day"],
    "weeks_offered": ["38", "39"],
    "needs": ["ASD", "SEMH"],
    "address": "2 Hill Road",
    "postcode": "cr0 2ab",
}


def url(name, **kwargs):
    return reverse(f"providers:{name}", kwargs=kwargs)


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


def object_pages(application, setting, lot):
    """Every page that names one of a provider's own objects, with the methods it answers."""
    app = {"public_id": application.public_id}
    return [
        ("setting_update", {"public_id": setting.public_id}, "get"),
        ("application_detail", app, "get"),
        ("application_submit", app, "post"),
        ("application_answer", app, "post"),
        ("application_lots", app, "get"),
        ("application_questionnaire", app, "get"),
        ("application_evidence", app, "get"),
        ("application_prices", app, "get"),
        (
            "application_price",
            {**app, "setting_id": setting.public_id, "lot_number": lot.number},
            "get",
        ),
    ]


# --- Registration and organisation ----------------------------------------------------------------


def test_a_new_provider_registers_its_organisation_and_becomes_its_provider_admin(
    client_for, provider_user
):
    client = client_for(provider_user)
    assert "Register your organisation" in client.get(reverse("dashboard")).text
    response = client.post(url("register"), REGISTRATION, follow=True)
    assert "Your organisation is registered" in response.text
    provider = Provider.objects.get(legal_name="Hillside Learning Limited")
    assert (provider.companies_house_number, provider.postcode) == ("SC123457", "CR0 2AB")
    assert ProviderMembership.objects.get(user=provider_user).is_provider_admin
    assert "Hillside Learning Limited" in client.get(reverse("dashboard")).text


def test_a_bad_companies_house_number_is_shown_at_the_field(client_for, provider_user):
    response = client_for(provider_user).post(
        url("register"), {**REGISTRATION, "companies_house_number": "123"}
    )
    page = response.text
    assert "<title>Error: Register your organisation" in page
    assert "There is a problem" in page
    message = "Enter a Companies House number of 8 characters, like 01234567 or SC123456"
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert not Provider.objects.filter(legal_name="Hillside Learning Limited").exists()


def test_registration_needs_a_companies_house_or_charity_number(client_for, provider_user):
    response = client_for(provider_user).post(
        url("register"), {**REGISTRATION, "companies_house_number": ""}
    )
    assert "Enter a Companies House number or a charity number" in response.text
    assert not Provider.objects.filter(legal_name="Hillside Learning Limited").exists()


def test_a_companies_house_number_already_registered_is_refused(
    client_for, provider_user, provider_alice
):
    response = client_for(provider_user).post(
        url("register"), {**REGISTRATION, "companies_house_number": "01234567"}
    )
    assert (
        'href="#id_companies_house_number">An organisation with this Companies House number is already registered'
        in response.text
    )
    assert not ProviderMembership.objects.filter(user=provider_user).exists()


def test_a_user_with_no_organisation_is_sent_to_register_it(client_for, provider_user):
    response = client_for(provider_user).get(url("application_list"))
    assert response.status_code == 302
    assert response.url == url("register")


def test_a_registered_provider_is_not_asked_to_register_again(client_for, provider_alice):
    response = client_for(provider_alice).get(url("register"))
    assert response.url == url("organisation")


def test_the_provider_changes_its_contact_details(client_for, provider_alice):
    client = client_for(provider_alice)
    page = client.get(url("organisation")).text
    assert "Bright Futures Education Limited" in page
    data = {
        **REGISTRATION,
        "legal_name": "Bright Futures Education Limited",
        "companies_house_number": "01234567",
        "contact_name": "Robin New",
    }
    response = client.post(url("organisation"), data, follow=True)
    assert "Your organisation&#x27;s details are saved" in response.text
    assert Provider.objects.get(memberships__user=provider_alice).contact_name == "Robin New"


def test_confirmed_company_details_are_disabled_and_do_not_change(
    client_for, provider_alice, admin_user, dps
):
    services.application_start(actor=provider_alice, dps=dps)  # an applicant to the consortium
    provider = Provider.objects.get(memberships__user=provider_alice)
    services.provider_confirm_details(actor=admin_user, provider=provider)
    client = client_for(provider_alice)
    page = client.get(url("organisation")).text
    assert "ask the consortium admin" in page
    assert 'name="legal_name"' in page and "disabled" in page
    client.post(
        url("organisation"),
        {**REGISTRATION, "legal_name": "Renamed Limited", "contact_name": "Robin New"},
    )
    provider.refresh_from_db()
    assert provider.legal_name == "Bright Futures Education Limited"
    assert provider.companies_house_number == "01234567"
    assert provider.contact_name == "Robin New"


# --- Settings ---------------------------------------------------------------------------------


def test_a_provider_adds_a_setting_and_changes_its_vacancies(client_for, provider_alice):
    client = client_for(provider_alice)
    response = client.post(url("setting_create"), SETTING, follow=True)
    assert "Hillside School added" in response.text
    setting = Setting.objects.get(urn="149555")
    assert setting.weeks_offered == [38, 39]
    assert (setting.offers_day, setting.offers_residential) == (True, False)
    assert setting.postcode == "CR0 2AB"
    assert "Other independent special school" in response.text
    client.post(url("setting_update", public_id=setting.public_id), {**SETTING, "vacancies": "1"})
    setting.refresh_from_db()
    assert setting.vacancies == 1


def test_a_setting_with_a_bad_urn_and_ages_the_wrong_way_round_is_refused_at_the_fields(
    client_for, provider_alice
):
    response = client_for(provider_alice).post(
        url("setting_create"), {**SETTING, "urn": "12", "age_low": "16", "age_high": "11"}
    )
    assert "Enter a 6-digit URN, like 101234" in response.text
    assert "The oldest age must be the same as or above the youngest" in response.text
    assert not Setting.objects.filter(name="Hillside School").exists()


def test_a_urn_another_setting_has_is_refused(client_for, provider_alice, setting):
    response = client_for(provider_alice).post(
        url("setting_create"), {**SETTING, "urn": setting.urn}
    )
    assert "<title>Error:" in response.text
    assert "Setting with this URN already exists" in response.text
    assert Setting.objects.filter(urn=setting.urn).count() == 1


# --- Access ------------------------------------------------------------------------------------


def test_another_providers_settings_and_applications_answer_404_on_every_page(
    client_for, provider_olly, draft_application, setting, day_lot
):
    client = client_for(provider_olly)
    for name, kwargs, method in object_pages(draft_application, setting, day_lot):
        response = getattr(client, method)(url(name, **kwargs))
        assert response.status_code == 404, name
    assert draft_application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize("staff", ["charlie", "reviewer", "admin_user"])
def test_council_staff_get_403_on_provider_pages(
    request, client_for, staff, draft_application, setting, day_lot
):
    client = client_for(request.getfixturevalue(staff))
    for name in ("register", "organisation", "setting_list", "setting_create", "application_list"):
        assert client.get(url(name)).status_code == 403, name
    assert client.post(url("application_start")).status_code == 403
    for name, kwargs, method in object_pages(draft_application, setting, day_lot):
        assert getattr(client, method)(url(name, **kwargs)).status_code == 403, name


def test_signed_out_visitors_are_sent_to_sign_in(client, draft_application):
    response = client.get(url("application_detail", public_id=draft_application.public_id))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


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
