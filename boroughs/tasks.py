"""Celery tasks for the boroughs app: thin, taking ids, calling into the app."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Invitation
from .services import invitation_issue_token


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_kwargs={"max_retries": 5}, acks_late=True
)
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
    context = {
        "invitation": invitation,
        "consortium": invitation.borough.consortium,
        "accept_url": settings.PORTAL_BASE_URL.rstrip("/")
        + reverse("invitation_accept", args=[token]),
    }
    message = EmailMultiAlternatives(
        subject=f"You have been invited to the {context['consortium'].name} portal",
        body=render_to_string("boroughs/email/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("boroughs/email/invitation.html", context), "text/html"
    )
    message.send()
    return invitation.email
