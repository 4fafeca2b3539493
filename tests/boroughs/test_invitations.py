"""Consortium admins invite borough staff; the invitee sets a password and then MFA."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from boroughs.choices import Role
from boroughs.models import Invitation, User
from boroughs.services import MSG_LEAD_ONLY_ROLE, MSG_USER_EXISTS

pytestmark = pytest.mark.django_db


def _invite(client, **data):
    with_defaults = {
        "email": "new.commissioner@bromley.example.org",
        "borough": "E09000006",
        "role": Role.COMMISSIONER,
        **data,
    }
    return client.post(reverse("invitation_create"), with_defaults)


def _link_from_last_email() -> str:
    return re.search(r"http://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


def test_an_admin_invites_and_the_invitee_joins_then_must_set_up_mfa(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.commissioner@bromley.example.org"]
    assert "Bromley" in mail.outbox[0].body
    link = _link_from_last_email()
    client.logout()

    page = client.get(link)
    assert page.status_code == 200
    assert "Create your account" in page.text

    mismatch = client.post(
        link,
        {
            "full_name": "Nia New",
            "password1": "a long secret phrase",
            "password2": "another phrase",
        },
    )
    assert "The passwords do not match" in mismatch.text
    assert "There is a problem" in mismatch.text
    assert not User.objects.filter(email="new.commissioner@bromley.example.org").exists()

    response = client.post(
        link,
        {
            "full_name": "Nia New",
            "password1": "a long secret phrase",
            "password2": "a long secret phrase",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    user = User.objects.get(email="new.commissioner@bromley.example.org")
    assert user.borough.name == "Bromley"
    assert user.roles == {Role.COMMISSIONER}
    assert user.emailaddress_set.get().verified

    # Signed in, but every page with data waits for MFA.
    assert client.get(reverse("dashboard")).url.startswith(reverse("mfa_activate_totp"))
    # The link works once.
    assert client.get(link).status_code == 410


def test_an_unknown_invitation_link_answers_404(client):
    assert client.get(reverse("invitation_accept", args=["not-a-token"])).status_code == 404


def test_only_consortium_admins_can_invite(client_for, alice):
    assert client_for(alice).get(reverse("invitation_create")).status_code == 403
    assert _invite(client_for(alice)).status_code == 403
    assert not Invitation.objects.exists()


def test_lead_borough_roles_cannot_go_to_another_borough(client_for, admin_user):
    response = _invite(client_for(admin_user), role=Role.LEAD_ANALYST)
    assert response.status_code == 200
    assert MSG_LEAD_ONLY_ROLE in response.text
    assert not Invitation.objects.exists()


def test_an_existing_users_email_is_refused_at_the_field(client_for, admin_user, charlie):
    response = _invite(client_for(admin_user), email=charlie.email)
    assert MSG_USER_EXISTS in response.text
    assert 'class="govuk-error-message"' in response.text


def test_a_missing_email_gets_the_govuk_message(client_for, admin_user):
    response = _invite(client_for(admin_user), email="")
    assert "Enter an email address" in response.text
    assert "There is a problem" in response.text


def test_the_api_creates_an_invitation_for_admins_only(api_for, admin_user, alice):
    data = {"email": "api.invitee@example.org", "borough": "E09000006", "role": "borough_analyst"}
    assert api_for(alice).post("/api/v1/invitations/", data).status_code == 403
    response = api_for(admin_user).post("/api/v1/invitations/", data)
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    bad = api_for(admin_user).post("/api/v1/invitations/", {**data, "role": "lead_analyst"})
    assert bad.status_code == 400
    assert bad.json() == {"role": [MSG_LEAD_ONLY_ROLE]}
