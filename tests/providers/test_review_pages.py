"""The review screen, through which a reviewer starts a review, checks evidence, asks a question
and decides; and who may see or act on it."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from boroughs.models import Consortium, Strand
from kernel.workflow import MSG_WRONG_STATE
from providers import services
from providers.choices import ApplicationStatus, Regime
from providers.models import (
    Application,
    ApplicationEvent,
    DynamicPurchasingSystem,
    Enrolment,
    ReviewItem,
)

from .conftest import details_confirmed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


# --- The review screen ---------------------------------------------------------------------------


def review_url(application, name="review"):
    return reverse(f"providers:{name}", kwargs={"public_id": application.public_id})


def test_the_review_screen_shows_the_application(client_for, reviewer, submitted_application):
    response = client_for(reviewer).get(review_url(submitted_application))
    assert response.status_code == 200
    text = response.text
    assert "Review: Bright Futures Education Limited" in text
    assert "01234567" in text  # Companies House number
    assert "Bright Futures School" in text
    assert "Independent special school: day" in text
    assert "£10,000,000.00" in text  # employer's liability cover
    assert "Corruption or bribery" in text
    confirmed_by = submitted_application.provider.memberships.get().user.full_name
    assert f"Confirmed by {escape(confirmed_by)}" in text
    assert "Employer&#x27;s liability insurance" in text
    assert "£1,650.50" in text  # the weekly ceiling: 1,200 + 150.50 + 300
    assert "£62,719.00" in text  # for 38 weeks
    assert "Start review" in text
    assert "Draft to submitted" in text


def test_the_review_screen_links_each_document_to_its_download(
    client_for, reviewer, submitted_application
):
    response = client_for(reviewer).get(review_url(submitted_application))
    document = submitted_application.documents.first()
    href = reverse("providers:document_download", args=[document.public_id])
    assert f'href="{href}"' in response.text


FORM_PREFIXES = {
    "review_clarify": "clarify",
    "review_accredit": "accredit",
    "review_reject": "reject",
}


def _post(client, application, name, **fields):
    """POST a decision form; its fields carry the form's prefix, as the page sends them."""
    prefix = FORM_PREFIXES.get(name)
    data = {f"{prefix}-{key}" if prefix else key: value for key, value in fields.items()}
    return client.post(review_url(application, name), data)


def test_a_reviewer_accredits_through_the_pages_and_the_setting_is_enrolled(
    client_for, reviewer, submitted_application, provider_alice
):
    client = client_for(reviewer)
    response = _post(client, submitted_application, "review_start")
    assert response.status_code == 302
    assert response.url == review_url(submitted_application)
    assert "Review started" in client.get(response.url).text

    document = submitted_application.documents.first()
    response = client.post(
        review_url(submitted_application, "review_check"),
        {
            "subject": str(document.public_id),
            f"check-{document.public_id}-outcome": "pass",
            f"check-{document.public_id}-reason": "",
        },
    )
    assert response.status_code == 302
    assert ReviewItem.objects.get(document=document).outcome == "pass"
    response = client.post(
        review_url(submitted_application, "review_check"),
        {
            "subject": "prices",
            "check-prices-outcome": "needs_clarification",
            "check-prices-reason": "Therapy costs?",
        },
    )
    assert response.status_code == 302

    response = _post(
        client, submitted_application, "review_clarify", question="Which therapies are on site?"
    )
    assert response.status_code == 302
    page = client.get(response.url).text
    assert "Question sent to Bright Futures Education Limited" in page
    assert "Waiting for the provider to answer" in page

    services.clarification_answer(
        actor=provider_alice,
        clarification=submitted_application.clarifications.get(),
        answer="Speech and language therapy and OT",
    )
    page = client.get(review_url(submitted_application)).text
    assert "Which therapies are on site?" in page
    assert "Speech and language therapy and OT" in page
    assert "Therapy costs?" in page

    response = _post(client, submitted_application, "review_accredit", reason="All checks passed")
    assert "company details against Companies House before accrediting" in response.text
    details_confirmed(submitted_application)
    check = _post(client, submitted_application, "review_accredit", reason="All checks passed")
    assert "Check before accrediting Bright Futures Education Limited" in check.text
    assert "Bright Futures School" in check.text and "Not every check has passed" in check.text
    assert not Enrolment.objects.filter(setting__name="Bright Futures School").exists()
    response = client.post(
        review_url(submitted_application, "review_accredit"),
        {"accredit-reason": "All checks passed", "confirm": "yes"},
    )
    assert response.status_code == 302
    page = client.get(response.url).text
    assert "Application accredited" in page and submitted_application.reference in page
    assert "Under review to accredited" in page

    directory = client.get(reverse("providers:directory"), {"need": "ASD"}).text
    assert "Bright Futures School" in directory
    assert re.search(
        r'Independent special school: day:\s*<strong class="govuk-tag[^"]*">Enrolled</strong>',
        directory,
    )


def test_rejecting_without_a_reason_shows_the_error_at_the_field(
    client_for, reviewer, review_application
):
    response = _post(client_for(reviewer), review_application, "review_reject", reason=" ")
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert services.MSG_REASON_REQUIRED in response.text
    assert 'href="#id_reject-reason"' in response.text  # the summary links to the field
    assert 'id="id_reject-reason_1_error"' in response.text
    review_application.refresh_from_db()
    assert review_application.status == ApplicationStatus.UNDER_REVIEW


def test_rejecting_with_a_reason_records_it(client_for, reviewer, review_application):
    client = client_for(reviewer)
    response = _post(client, review_application, "review_reject", reason="No safeguarding lead")
    assert response.status_code == 302
    review_application.refresh_from_db()
    assert review_application.status == ApplicationStatus.REJECTED
    assert review_application.decision_reason == "No safeguarding lead"
    assert "No safeguarding lead" in client.get(response.url).text


def test_asking_an_empty_question_shows_the_error_at_the_field(
    client_for, reviewer, review_application
):
    response = _post(client_for(reviewer), review_application, "review_clarify", question="")
    assert "Enter your question" in response.text
    assert "govuk-error-summary" in response.text
    assert not review_application.clarifications.exists()


def test_a_failed_check_needs_a_reason(client_for, reviewer, review_application):
    response = client_for(reviewer).post(
        review_url(review_application, "review_check"),
        {"subject": "declarations", "check-declarations-outcome": "fail"},
    )
    assert response.status_code == 200
    assert services.MSG_REASON_REQUIRED in response.text
    assert 'href="#id_check-declarations-reason"' in response.text
    assert not ReviewItem.objects.exists()


def test_a_check_without_an_outcome_asks_for_one(client_for, reviewer, review_application):
    response = client_for(reviewer).post(
        review_url(review_application, "review_check"), {"subject": "lots"}
    )
    assert "Select the outcome of the check" in response.text


def test_a_check_of_an_unknown_subject_is_404(client_for, reviewer, review_application):
    response = client_for(reviewer).post(
        review_url(review_application, "review_check"),
        {"subject": "something-else", "check-something-else-outcome": "pass"},
    )
    assert response.status_code == 404


def test_accrediting_before_the_review_starts_is_refused_and_changes_nothing(
    client_for, reviewer, submitted_application
):
    events = ApplicationEvent.objects.count()
    response = _post(client_for(reviewer), submitted_application, "review_accredit", reason="")
    assert response.status_code == 409
    message = MSG_WRONG_STATE.format(noun="application", status="submitted")
    assert message in response.text
    assert "govuk-error-summary" in response.text
    submitted_application.refresh_from_db()
    assert submitted_application.status == ApplicationStatus.SUBMITTED
    assert ApplicationEvent.objects.count() == events
    assert not submitted_application.enrolments.exists()


def test_starting_a_review_twice_is_refused(client_for, reviewer, review_application):
    response = _post(client_for(reviewer), review_application, "review_start")
    assert response.status_code == 409
    assert MSG_WRONG_STATE.format(noun="application", status="under review") in response.text


def test_checks_before_the_review_starts_are_refused(client_for, reviewer, submitted_application):
    response = client_for(reviewer).post(
        review_url(submitted_application, "review_check"),
        {"subject": "lots", "check-lots-outcome": "pass"},
    )
    assert response.status_code == 409
    assert "Start the review before recording checks" in response.text


@pytest.mark.parametrize("who", ["charlie", "lead_analyst", "provider_alice", "provider_olly"])
def test_only_reviewers_see_or_act_on_the_review_screen(
    client_for, request, who, submitted_application
):
    client = client_for(request.getfixturevalue(who))
    assert client.get(review_url(submitted_application)).status_code == 403
    assert _post(client, submitted_application, "review_start").status_code == 403
    submitted_application.refresh_from_db()
    assert submitted_application.status == ApplicationStatus.SUBMITTED


def test_an_unknown_application_is_404(client_for, reviewer):
    import uuid

    response = client_for(reviewer).get(
        reverse("providers:review", kwargs={"public_id": uuid.uuid4()})
    )
    assert response.status_code == 404


def test_another_consortiums_application_is_404(client_for, reviewer, provider_alice, dps):
    other = Consortium.objects.create(name="North London Partnership", slug="north")
    strand = Strand.objects.create(consortium=other, kind="send", name="SEND", slug="send")
    other_dps = DynamicPurchasingSystem.objects.create(
        consortium=other,
        strand=strand,
        name="North London SEND DPS",
        regime=Regime.PCR_2015_DPS,
        starts_on=date(2020, 1, 1),
        ends_on=date(2030, 1, 1),
    )
    application = services.application_start(actor=provider_alice, dps=other_dps)
    client = client_for(reviewer)
    assert client.get(review_url(application)).status_code == 404
    assert _post(client, application, "review_start").status_code == 404


def test_a_consortium_admin_confirms_company_details_from_the_review_screen(
    submitted_application, admin_user, provider_alice, client_for
):
    from providers.models import Provider

    client = client_for(admin_user)
    page = client.get(reverse("providers:review", args=[submitted_application.public_id])).text
    assert "Confirm company details" in page
    provider = submitted_application.provider
    client.post(reverse("providers:provider_confirm", args=[provider.public_id]))
    assert Provider.objects.get(pk=provider.pk).details_confirmed_at is not None


def test_only_consortium_admins_confirm_company_details(
    submitted_application, reviewer, client_for
):
    provider = submitted_application.provider
    response = client_for(reviewer).post(
        reverse("providers:provider_confirm", args=[provider.public_id])
    )
    assert response.status_code == 403


def test_a_reviewer_extends_the_deadline_once_with_a_reason_the_provider_is_told(
    submitted_application, reviewer, provider_alice, client_for, django_capture_on_commit_callbacks
):
    from django.core import mail

    client = client_for(reviewer)
    url = reverse("providers:review_extend", args=[submitted_application.public_id])
    assert "There is a problem" in client.post(url, {"extend-reason": ""}).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"extend-reason": "Ofsted report due next week"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [provider_alice.email]
    assert "Ofsted report due next week" in mail.outbox[-1].body
    queue = client.get(reverse("providers:accreditation_queue")).text
    assert "of 15" in queue
    page = client.get(reverse("providers:review", args=[submitted_application.public_id])).text
    assert "Extend the deadline to 15 working days" not in page
    assert client.post(url, {"extend-reason": "Again"}).status_code == 409


def test_the_review_page_names_no_one_where_no_one_is_recorded_rather_than_failing(
    submitted_application, reviewer, client_for
):
    """The demo's applications were confirmed by no recorded user: the page answered 500."""
    Application.objects.filter(pk=submitted_application.pk).update(
        declarations_confirmed_at=timezone.now(), declarations_confirmed_by=None
    )
    url = reverse("providers:review", args=[submitted_application.public_id])
    response = client_for(reviewer).get(url)
    assert response.status_code == 200
    assert re.search(r"Confirmed on \d+ \w+ \d{4}", response.text)
