"""Email and password sign-in: verification, password reset, closed sign-up."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from boroughs.choices import Role
from boroughs.models import User

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


def test_public_sign_up_is_closed_to_council_staff(client):
    assert "Sign Up Closed" in client.get(reverse("account_signup")).text
    client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assert not User.objects.filter(email="x@example.org").exists()
