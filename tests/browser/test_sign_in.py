"""End to end in real Chromium: sign in with MFA, see the dashboard, every page accessible."""

import re

import pytest
from playwright.sync_api import expect

from ..factories import TEST_PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consortium_admin_signs_in_with_mfa_and_sees_the_consortium(
    page, live_server, admin_user, charlie, assert_accessible
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("Email").fill(admin_user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Enter your one-time code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(totp_code(admin_user.totp_secret))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Bromley")).to_be_visible()
    assert_accessible(page)

    # The consortium's own pages are one entry of the menu, with its pages listed inside it.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Consortium").click()
    for name in ["Boroughs", "Users", "Invite a user"]:
        page.get_by_role("navigation", name="Consortium").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)


def test_the_sign_in_and_one_time_code_pages_are_accessible_on_a_phone_with_errors(
    page, live_server, alice, assert_accessible
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your one-time code")).to_be_visible()
    code = page.get_by_label("Code", exact=True)
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    code.fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Code", exact=True).fill(totp_code(alice.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
