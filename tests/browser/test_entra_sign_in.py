"""Signing in with Microsoft in real Chromium: the sign-in page offers it, Microsoft (a local
stand-in that agrees at once) sends the browser back, and the portal asks for the authenticator
app before the dashboard. axe-core checks each page of the portal on the way."""

import pytest
from playwright.sync_api import expect

from ..boroughs.test_entra import CROYDON_TENANT, account, microsoft_stand_in
from ..factories import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def microsoft(settings):
    with microsoft_stand_in(settings) as stand_in:
        # As settings.py does for the real sign-in page: the form may lead to Microsoft.
        policy = settings.CONTENT_SECURITY_POLICY
        directives = {**policy["DIRECTIVES"], "form-action": ["'self'", stand_in.url]}
        settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
        yield stand_in


def test_council_staff_sign_in_with_their_microsoft_account(
    page, live_server, settings, alice, croydon, microsoft, assert_accessible
):
    croydon.entra_tenant_id = CROYDON_TENANT
    croydon.save()
    microsoft.account, microsoft.tenant = account(alice.email), CROYDON_TENANT

    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Council staff")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with Microsoft").click()
    assert_accessible(page)  # allauth asks to confirm before leaving the portal
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Enter your one-time code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(totp_code(alice.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert_accessible(page)
