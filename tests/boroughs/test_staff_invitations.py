"""Pending staff invitations: a consortium admin lists them, sends one again (a new link and
seven more days; the old link stops working) or withdraws it (the link stops at once)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from boroughs import services
from boroughs.choices import Role
from boroughs.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(admin_user, croydon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(
            actor=admin_user, email="new.analyst@croydon.example.org", borough=croydon,
            role=Role.BOROUGH_ANALYST,
        )  # fmt: skip


def link_in(message) -> str:
    return re.search(r"(/invitations/[^/\s]+/)", message.body).group(1)


def test_the_admin_sees_pending_invitations_with_resend_and_withdraw(
    invited, admin_user, client_for
):
    page = client_for(admin_user).get(reverse("staff_invitation_list")).text
    assert "new.analyst@croydon.example.org" in page and "Pending" in page
    assert reverse("staff_invitation_resend", args=[invited.public_id]) in page
    assert reverse("staff_invitation_withdraw", args=[invited.public_id]) in page
    users = client_for(admin_user).get(reverse("user_list")).text
    assert reverse("staff_invitation_list") in users


def test_sending_again_replaces_the_link(
    invited, admin_user, client_for, client, django_capture_on_commit_callbacks
):
    old_link = link_in(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            reverse("staff_invitation_resend", args=[invited.public_id]), follow=True
        )
    assert "Invitation to new.analyst@croydon.example.org sent again, with a new link" in (
        response.text
    )
    new_link = link_in(mail.outbox[-1])
    assert new_link != old_link
    invited.refresh_from_db()
    assert invited.revoked_at is not None
    assert Invitation.objects.filter(email=invited.email, revoked_at__isnull=True).count() == 1
    assert client.get(old_link).status_code == 410  # gone: the old link no longer works
    assert client.get(new_link).status_code == 200


def test_withdrawing_stops_the_link_and_twice_is_refused(invited, admin_user, client_for, client):
    link = link_in(mail.outbox[-1])
    url = reverse("staff_invitation_withdraw", args=[invited.public_id])
    done = client_for(admin_user).post(url, follow=True).text
    assert "Invitation to new.analyst@croydon.example.org withdrawn" in done
    assert client.get(link).status_code == 410
    again = client_for(admin_user).post(url, follow=True).text
    assert "This invitation has already been accepted or withdrawn" in again
