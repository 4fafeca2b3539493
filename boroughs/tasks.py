"""Celery tasks for the boroughs app: thin, taking ids, calling into the app."""

from celery import shared_task
from django.urls import reverse

from .mail import EMAIL_RETRY, send_templated_email
from .models import Invitation
from .services import invitation_issue_token


@shared_task(acks_late=True, **EMAIL_RETRY)
def send_invitation_email(invitation_id: int) -> str:
    """Email the invitation link. Returns the address it went to, or "" when no longer pending.

    A retry issues a new token, so only the link in the last email sent works.
    """
    invitation = (
        Invitation.objects.select_related("borough__consortium", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    token = invitation_issue_token(invitation=invitation) if invitation else None
    if token is None:
        return ""
    consortium = invitation.borough.consortium
    send_templated_email(
        "boroughs/email/invitation",
        subject=f"You have been invited to the {consortium.name} portal",
        to=[invitation.email],
        context={
            "invitation": invitation,
            "consortium": consortium,
            "url": reverse("invitation_accept", args=[token]),
        },
    )
    return invitation.email
