"""Issue 3's "done when", end to end in real Chromium and through the pages alone.

A provider signs up, verifies its email address, registers its organisation, adds a setting
and applies to the SEND DPS with evidence and a price schedule. A lead-borough commissioner
asks a question, the provider answers it (each following the link in the email they get), the
commissioner accredits, and the setting shows as enrolled in the provider directory. axe-core
checks every page on the way.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boroughs.choices import Role
from providers.demo import seed_demo
from providers.models import Provider

from ..factories import UserFactory
from .dps_journey_steps import (
    ANSWER,
    CHECKED,
    ORGANISATION,
    QUESTION,
    add_setting,
    answer_the_question,
    apply_to_the_send_dps,
    email_link,
    record_check,
    register_organisation,
    see_the_setting_enrolled_in_the_directory,
    sign_in_with_mfa,
    sign_up_verify_and_sign_in,
    start_the_review,
    status_tag,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provider_joins_the_dps_and_its_setting_is_enrolled_once_accredited(
    page, browser, live_server, send_dps, lead_commissioner, tmp_path, assert_accessible, settings
):
    settings.PORTAL_BASE_URL = live_server.url  # the links in the emails lead to this server
    provider = page
    sign_up_verify_and_sign_in(provider, live_server.url, assert_accessible)
    register_organisation(provider, assert_accessible)
    add_setting(provider, assert_accessible)
    apply_to_the_send_dps(provider, tmp_path, assert_accessible)

    context = browser.new_context()
    try:
        reviewer = context.new_page()
        reviewer.set_default_timeout(10_000)
        sign_in_with_mfa(reviewer, live_server.url, lead_commissioner, assert_accessible)
        start_the_review(reviewer, assert_accessible)
        record_check(reviewer, CHECKED, "Needs clarification", "The policy names no lead")
        reviewer.get_by_label("Your question to the provider").fill(QUESTION)
        reviewer.get_by_role("button", name="Ask for clarification").click()
        expect(reviewer.get_by_text(f"Question sent to {ORGANISATION}")).to_be_visible()
        expect(status_tag(reviewer)).to_have_text("Clarification requested")
        assert_accessible(reviewer)

        answer_the_question(provider, assert_accessible)

        reviewer.goto(email_link(f"Clarification answered: {ORGANISATION}", "/dps/accreditation/"))
        expect(reviewer.get_by_text(ANSWER)).to_be_visible()
        expect(status_tag(reviewer)).to_have_text("Under review")
        record_check(reviewer, CHECKED, "Pass", "")
        assert_accessible(reviewer)
        # The consortium admin has confirmed the company against Companies House meanwhile.
        Provider.objects.filter(legal_name=ORGANISATION).update(details_confirmed_at=timezone.now())
        reviewer.get_by_label("Note to the provider (optional)").fill("All checks passed")
        reviewer.get_by_role("button", name="Accredit").click()
        expect(
            reviewer.get_by_role("heading", name=f"Check before accrediting {ORGANISATION}")
        ).to_be_visible()
        assert_accessible(reviewer)
        reviewer.get_by_role("button", name="Confirm and accredit").click()
        expect(reviewer.get_by_role("heading", name="Application accredited")).to_be_visible()
        expect(reviewer.get_by_text(f"{ORGANISATION} is accredited")).to_be_visible()
        expect(status_tag(reviewer)).to_have_text("Accredited")
        assert_accessible(reviewer)

        see_the_setting_enrolled_in_the_directory(reviewer, assert_accessible)
    finally:
        context.close()

    provider.reload()
    expect(provider.locator(".govuk-summary-list").first).to_contain_text("Accredited")


@pytest.fixture
def send_dps(consortium):
    """The consortium's DPSs and lots, as the demo sets them up."""
    seed_demo(consortium=consortium)


@pytest.fixture
def lead_commissioner(croydon):
    """Croydon leads the consortium: its commissioners review applications."""
    return UserFactory(
        email="reviewer@croydon.example.org", borough=croydon, role=Role.COMMISSIONER
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }
