"""A provider admin invites colleagues, who join the same organisation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from boroughs.choices import Role
from boroughs.models import User
from providers.models import ProviderInvitation

from ..factories import totp_code

pytestmark = pytest.mark.django_db


def _link() -> str:
    return re.search(r"http://\S+/dps/join/\S+/", mail.outbox[-1].body).group(0)


def _set_up_authenticator(client) -> None:
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302


def test_a_colleague_invited_by_the_provider_admin_joins_the_organisation(
    provider_alice, client, django_capture_on_commit_callbacks
):
    client.force_login(provider_alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("providers:colleagues"), {"email": "sam@brightfutures.example.org"}
        )
    assert response.status_code == 302
    assert "sam@brightfutures.example.org" in client.get(reverse("providers:colleagues")).text
    assert "Bright Futures Education Limited" in mail.outbox[-1].body
    client.logout()

    link = _link()
    assert "Bright Futures Education Limited" in client.get(link).text
    response = client.post(
        link,
        {
            "full_name": "Sam Smith",
            "password1": "a long secret phrase",
            "password2": "a long secret phrase",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    sam = User.objects.get(email="sam@brightfutures.example.org")
    assert sam.roles == {Role.PROVIDER_USER}
    assert sam.borough is None
    assert sam.provider_membership.provider == provider_alice.provider_membership.provider
    assert not sam.provider_membership.is_provider_admin
    # Signed in; once their authenticator is set up, the organisation's applications are theirs.
    applications = client.get(reverse("providers:application_list"))
    assert applications.url.startswith(reverse("mfa_activate_totp"))
    _set_up_authenticator(client)
    assert client.get(reverse("providers:application_list")).status_code == 200
    assert client.get(link).status_code == 410


def test_a_colleague_who_is_not_an_admin_cannot_invite(
    provider_alice, client, django_capture_on_commit_callbacks
):
    client.force_login(provider_alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("providers:colleagues"), {"email": "sam@brightfutures.example.org"})
    client.logout()
    client.post(
        _link(),
        {
            "full_name": "Sam",
            "password1": "a long secret phrase",
            "password2": "a long secret phrase",
        },
    )
    _set_up_authenticator(client)
    page = client.get(reverse("providers:colleagues")).text
    assert "Ask one of your organisation's administrators" in page
    client.post(reverse("providers:colleagues"), {"email": "another@example.org"})
    assert not ProviderInvitation.objects.filter(email="another@example.org").exists()


def test_council_staff_have_no_colleagues_page_here(alice, client_for):
    assert client_for(alice).get(reverse("providers:colleagues")).status_code == 403


def test_an_existing_users_email_is_refused_at_the_field(provider_alice, provider_olly, client):
    client.force_login(provider_alice)
    response = client.post(reverse("providers:colleagues"), {"email": provider_olly.email})
    assert "A user with this email address already exists" in response.text
    assert "There is a problem" in response.text


def test_an_unknown_invitation_token_answers_404(client):
    assert client.get(reverse("providers:colleague_join", args=["not-a-token"])).status_code == 404
