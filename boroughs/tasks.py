"""Celery tasks for the boroughs app: thin, taking ids, calling into the app."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Invitation


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_kwargs={"max_retries": 5}, acks_late=True
)
def send_invitation_email(invitation_id: int, token: str) -> str:
    """Email the invitation link. Returns the address it went to, or "" when no longer pending."""
    invitation = (
        Invitation.objects.select_related("borough__consortium", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
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
