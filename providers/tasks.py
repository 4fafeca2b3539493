"""Celery tasks for the DPS: emails and the daily evidence check. Thin: ids in, services called."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from boroughs.choices import Role
from boroughs.mail import EMAIL_RETRY, send_templated_email
from boroughs.models import User
from boroughs.services import invitation_issue_token

from .models import (
    Application,
    Clarification,
    EvidenceDocument,
    Provider,
    ProviderInvitation,
    ProviderNote,
)
from .services import evidence_expiry_check
from .services.notes import note_audience_borough_ids

RETRY = EMAIL_RETRY
SUBJECTS = {
    "submitted": "Application received: {dps}",
    "clarification": "Question about your application: {dps}",
    "accredited": "Application accredited: {dps}",
    "rejected": "Application not accredited: {dps}",
    "extended": "We need longer to decide your application: {dps}",
    "expiring": "Evidence expires in {days} days",
    "suspended": "Your enrolments are suspended: evidence has expired",
    "answered": "Clarification answered: {provider}",
}


def _send(template: str, subject: str, recipients: list[str], context: dict) -> int:
    return send_templated_email(
        f"providers/email/{template}", subject=subject, to=recipients, context=context
    )


def _provider_emails(provider_id: int) -> list[str]:
    return list(
        User.objects.filter(provider_membership__provider_id=provider_id, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


@shared_task(**RETRY)
def send_application_email(application_id: int, kind: str) -> int:
    application = Application.objects.select_related("provider", "dps").get(pk=application_id)
    context = {
        "application": application,
        "kind": kind,
        "url": reverse("providers:application_detail", args=[application.public_id]),
        "question": application.clarifications.order_by("-asked_at").first(),
    }
    subject = SUBJECTS[kind].format(dps=application.dps.name)
    return _send(f"application_{kind}", subject, _provider_emails(application.provider_id), context)


@shared_task(**RETRY)
def send_clarification_answered_email(clarification_id: int) -> int:
    clarification = Clarification.objects.select_related("application__provider", "asked_by").get(
        pk=clarification_id
    )
    application = clarification.application
    context = {
        "application": application,
        "clarification": clarification,
        "url": reverse("providers:review", args=[application.public_id]),
    }
    subject = SUBJECTS["answered"].format(provider=application.provider)
    return _send("clarification_answered", subject, [clarification.asked_by.email], context)


@shared_task(**RETRY)
def send_evidence_email(document_id: int, kind: str, days: int) -> int:
    document = EvidenceDocument.objects.select_related("provider").get(pk=document_id)
    context = {"document": document, "days": days}
    return _send(
        f"evidence_{kind}",
        SUBJECTS[kind].format(days=days),
        _provider_emails(document.provider_id),
        context,
    )


@shared_task(**RETRY)
def send_suspension_email(provider_id: int, missing: str) -> int:
    provider = Provider.objects.get(pk=provider_id)
    context = {"provider": provider, "missing": missing}
    return _send(
        "enrolments_suspended", SUBJECTS["suspended"], _provider_emails(provider_id), context
    )


@shared_task(acks_late=True, time_limit=600)
def check_evidence_expiry() -> dict[str, int]:
    """Daily (beat): reminders 30 and 7 days ahead; suspension when evidence has expired."""
    return evidence_expiry_check()


@shared_task(**RETRY)
def send_provider_invitation_email(invitation_id: int) -> str:
    """Email a colleague's invitation; a retry issues a new token. Returns the address or ""."""
    invitation = (
        ProviderInvitation.objects.select_related("provider", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    token = invitation_issue_token(invitation=invitation) if invitation else None
    if token is None:
        return ""
    context = {
        "invitation": invitation,
        "url": reverse("providers:colleague_join", args=[token]),
    }
    subject = f"You have been invited to join {invitation.provider} on the commissioning portal"
    _send("colleague_invitation", subject, [invitation.email], context)
    return invitation.email


@shared_task(**RETRY)
def send_provider_note_email(note_id: int) -> int:
    """Tell the commissioners of the boroughs that place children with the provider (through
    providers.services.notes' registered audience) that a member borough added a note; not its
    author."""
    note = (
        ProviderNote.objects.select_related("provider", "setting", "borough", "author")
        .filter(pk=note_id)
        .first()
    )
    if note is None:
        return 0
    recipients = list(
        User.objects.filter(
            borough_id__in=note_audience_borough_ids(note.provider_id),
            borough__consortium_id=note.consortium_id,
            role_assignments__role=Role.COMMISSIONER,
            is_active=True,
        )
        .exclude(pk=note.author_id)
        .distinct()
        .order_by("email")
        .values_list("email", flat=True)
    )
    context = {"note": note, "url": reverse("providers:note_detail", args=[note.public_id])}
    subject = f"{note.get_category_display()}: a new note about {note.provider}"
    return _send("note_added", subject, recipients, context)
