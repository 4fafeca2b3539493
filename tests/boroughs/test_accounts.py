"""Email and password sign-in: verification, password reset, open sign-up for providers."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from boroughs.choices import Role
from boroughs.models import Borough, User

from ..factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_an_unverified_email_address_cannot_sign_in_until_verified(client, croydon):
    user = UserFactory(borough=croydon, role=Role.COMMISSIONER)
    user.emailaddress_set.update(verified=False)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "Confirm" in mail.outbox[-1].subject
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_forgotten_password_can_be_reset_by_email(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    assert mail.outbox[-1].to == [alice.email]
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")


def test_sign_up_is_open_and_a_new_account_has_no_borough_and_sees_no_data(client, croydon):
    """Providers sign up themselves; the account belongs to no borough until it registers an
    organisation, and sees nothing of the councils'."""
    assert "Sign Up Closed" not in client.get(reverse("account_signup")).text
    client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    user = User.objects.get(email="x@example.org")
    assert user.borough is None
    assert not user.roles
    assert not Borough.objects.for_user(user).exists()
    assert not User.objects.for_user(user).exists()
    client.force_login(user)
    page = client.get(reverse("dashboard")).text
    assert "Register your organisation" in page
    assert croydon.name not in page
