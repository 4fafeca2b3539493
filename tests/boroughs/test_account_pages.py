"""The sign-in, sign-up, password and one-time code pages follow the GOV.UK Design System:
sentence-case headings, labelled GOV.UK inputs, an error summary linked to the fields, and
one-time code inputs that phones can fill from the authenticator app."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from boroughs.adapters import MSG_CODE_REFUSED, MSG_SIGN_IN_REFUSED
from boroughs.forms.accounts import ENTER_CODE, ENTER_EMAIL

from ..factories import TEST_PASSWORD, UserFactory, totp_code
from ..html import Page

pytestmark = pytest.mark.django_db

# Two capitalised words in a row, as in "Sign In" or "Reset My Password".
TITLE_CASE = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+")


def _assert_govuk_page(page, heading):
    main = page.find("main")
    h1 = main.find("h1")
    assert h1.text() == heading
    assert {"govuk-heading-l", "govuk-panel__title"} & set(h1.classes)
    for element in main.find_all("h1 h2 label button legend"):
        assert not TITLE_CASE.search(element.text()), element.text()
    for field in main.find_all("input"):
        if field.get("type") in ("hidden", "checkbox"):
            continue
        assert "govuk-input" in field.classes, field.element
        assert main.find("label", for_=field["id"]), field.element
        assert not field.get("placeholder"), field.element
    for button in main.find_all("button", type="submit"):
        if not button.get("form"):
            assert "govuk-button" in button.classes


def _assert_error_summary(page, *messages):
    summary = page.find("div", cls="govuk-error-summary")
    assert summary is not None
    assert summary.find("h2").text() == "There is a problem"
    links = [a.text() for a in summary.find_all("a")]
    for message in messages:
        assert message in links, links
    assert page.find("title").text().startswith("Error:")
    # At the top of the page, above the heading, as GOV.UK places it.
    order = [
        e
        for e in page.find("main").find_all("div h1")
        if e.name == "h1" or e.element is summary.element
    ]
    assert [e.name for e in order][:2] == ["div", "h1"]
    assert len(page.find_all(cls="govuk-error-summary")) == 1
    assert not page.find_all(cls="alert-danger"), "allauth's own error box is shown as well"


def _assert_one_time_code_input(page):
    code = page.find("input", name="code")
    assert code["autocomplete"] == "one-time-code"
    assert code["inputmode"] == "numeric"
    assert code["spellcheck"] == "false"
    assert "govuk-input--width-10" in code.classes


def test_the_sign_in_page_is_in_govuk_style_and_points_providers_to_sign_up(client):
    page = Page.of(client.get(reverse("account_login")))
    _assert_govuk_page(page, "Sign in")
    email = page.find("input", name="login")
    assert (email["type"], email["autocomplete"]) == ("email", "email")
    assert page.find("input", name="password")["autocomplete"] == "current-password"
    assert page.find("button", type="submit").text() == "Sign in"
    assert page.find("a", href=reverse("account_signup")).text() == "create an account"
    assert "invited by their council's admin" in page.text()
    assert page.find("a", href=reverse("account_reset_password"))


def test_a_failed_sign_in_shows_the_error_summary_and_inline_errors(client, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": "wrong"})
    _assert_error_summary(Page.of(response), MSG_SIGN_IN_REFUSED)

    page = Page.of(client.post(reverse("account_login"), {"login": "", "password": ""}))
    _assert_error_summary(page, ENTER_EMAIL, "Enter your password")
    email = page.find("input", name="login")
    assert "govuk-input--error" in email.classes
    group = page.find("div", id=f"div_{email['id']}")
    assert "govuk-form-group--error" in group.classes
    assert ENTER_EMAIL in group.find(cls="govuk-error-message").text()
    summary = page.find("div", cls="govuk-error-summary")
    assert summary.find("a")["href"] == f"#{email['id']}"


def test_the_sign_up_page_is_for_providers_joining_the_dps(client):
    page = Page.of(client.get(reverse("account_signup")))
    _assert_govuk_page(page, "Create an account")
    assert "dynamic purchasing system (DPS)" in page.text()
    assert "Council staff do not need to create an account" in page.text()
    assert page.find("input", name="password1")["autocomplete"] == "new-password"
    assert page.find("button", type="submit").text() == "Create an account"


def test_a_failed_sign_up_shows_the_error_summary_and_inline_errors(client):
    page = Page.of(
        client.post(reverse("account_signup"), {"email": "", "password1": "", "password2": ""})
    )
    _assert_error_summary(page, ENTER_EMAIL, "Create a password")
    assert len(page.find("main").find_all(cls="govuk-error-message")) >= 2


def test_the_password_reset_pages_are_in_govuk_style(client, alice):
    _assert_govuk_page(
        Page.of(client.get(reverse("account_reset_password"))), "Reset your password"
    )
    response = client.post(reverse("account_reset_password"), {"email": ""})
    _assert_error_summary(Page.of(response), ENTER_EMAIL)

    response = client.post(reverse("account_reset_password"), {"email": alice.email}, follow=True)
    _assert_govuk_page(Page.of(response), "Check your email")

    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body)
    form_page = client.get(link.group(0), follow=True)
    _assert_govuk_page(Page.of(form_page), "Choose a new password")
    url = form_page.redirect_chain[-1][0]
    response = client.post(url, {"password1": "", "password2": ""})
    _assert_error_summary(Page.of(response), "Enter a new password")

    passphrase = "a brand new passphrase"
    response = client.post(url, {"password1": passphrase, "password2": passphrase}, follow=True)
    _assert_govuk_page(Page.of(response), "Your password has been changed")


def test_a_used_password_reset_link_says_so(client):
    response = client.get("/accounts/password/reset/key/x-set-password/", follow=True)
    _assert_govuk_page(Page.of(response), "The link has expired")


def test_the_sign_out_page_asks_in_sentence_case(client, alice):
    client.force_login(alice)
    page = Page.of(client.get(reverse("account_logout")))
    _assert_govuk_page(page, "Sign out")
    assert page.find("main").find("button", type="submit").text() == "Sign out"


def test_the_one_time_code_page_has_a_code_input_phones_can_fill(client, alice):
    client.post(reverse("account_login"), {"login": alice.email, "password": TEST_PASSWORD})
    page = Page.of(client.get(reverse("mfa_authenticate")))
    _assert_govuk_page(page, "Enter your one-time code")
    _assert_one_time_code_input(page)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    _assert_error_summary(Page.of(response), MSG_CODE_REFUSED)
    response = client.post(reverse("mfa_authenticate"), {"code": ""})
    _assert_error_summary(Page.of(response), ENTER_CODE)


def test_setting_up_the_authenticator_app_is_in_govuk_style(client, croydon):
    user = UserFactory(borough=croydon, with_mfa=False)
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    page = Page.of(client.get(reverse("mfa_activate_totp")))
    _assert_govuk_page(page, "Set up your authenticator app")
    _assert_one_time_code_input(page)
    assert page.find("input", id="authenticator_secret").has("readonly")

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    _assert_error_summary(Page.of(response), MSG_CODE_REFUSED)

    secret = response.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = Page.of(client.get(reverse("mfa_view_recovery_codes")))
    _assert_govuk_page(page, "Recovery codes")
    assert len(page.find("ul", id="recovery_codes").find_all("li")) == 10


def test_the_account_security_page_is_in_sentence_case(client, alice):
    client.force_login(alice)
    _assert_govuk_page(Page.of(client.get(reverse("mfa_index"))), "Account security")


def test_the_email_confirmation_pages_are_in_sentence_case(client, croydon):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    page = Page.of(client.get(reverse("account_email_verification_sent")))
    _assert_govuk_page(page, "Confirm your email address")
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    _assert_govuk_page(Page.of(client.get(link)), "Confirm your email address")


def test_changing_the_password_is_in_govuk_style(client, alice):
    client.force_login(alice)
    page = Page.of(client.get(reverse("account_change_password")))
    _assert_govuk_page(page, "Change your password")
    response = client.post(
        reverse("account_change_password"), {"oldpassword": "", "password1": "", "password2": ""}
    )
    _assert_error_summary(Page.of(response), "Enter your password", "Enter a new password")


def test_the_security_pages_that_change_mfa_are_in_sentence_case(client, alice):
    client.post(reverse("account_login"), {"login": alice.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(alice.totp_secret)})
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    _assert_govuk_page(
        Page.of(client.get(reverse("mfa_deactivate_totp"))), "Turn off your authenticator app"
    )
    _assert_govuk_page(
        Page.of(client.get(reverse("mfa_generate_recovery_codes"))), "Make new recovery codes"
    )


def test_confirming_it_is_you_asks_for_the_code_in_govuk_style(client, alice):
    client.force_login(alice)  # no recent sign-in recorded: changing MFA asks again
    response = client.get(reverse("mfa_deactivate_totp"), follow=True)
    page = Page.of(response)
    _assert_govuk_page(page, "Confirm it is you")
    if page.find("input", name="code"):
        _assert_one_time_code_input(page)
