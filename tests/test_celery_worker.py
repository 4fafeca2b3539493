"""A real worker, a real broker: the invitation email is sent by a Celery worker via Redis."""

import re

import pytest
from django.core import mail

from boroughs.choices import Role
from boroughs.services import invitation_create, invitation_from_token

pytestmark = pytest.mark.services


def test_a_real_worker_sends_the_invitation_and_returns_its_result(
    celery_worker, admin_user, bromley, django_capture_on_commit_callbacks
):
    from boroughs.tasks import send_invitation_email

    invitation = invitation_create(
        actor=admin_user, email="worker.test@example.org", borough=bromley, role=Role.COMMISSIONER
    )
    result = send_invitation_email.delay(invitation.pk)
    assert result.get(timeout=20) == "worker.test@example.org"
    assert result.successful()
    sent = [message for message in mail.outbox if message.to == ["worker.test@example.org"]]
    assert sent, "the worker sent no email"
    token = re.search(r"/invitations/([^/]+)/", sent[-1].body).group(1)
    # The worker made the token; only its hash is stored, and it finds the invitation.
    assert invitation_from_token(token) == invitation
