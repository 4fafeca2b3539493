"""Emails about the DPS: written to the outbox in the caller's transaction, delivered by Celery
once it commits (ADR 16). Tasks are named, not imported: providers.tasks imports the services."""

from __future__ import annotations

from notifications.outbox import enqueue


def application_email(application, kind: str) -> None:
    """Tell the provider's users: submitted, clarification, accredited or rejected."""
    enqueue("providers.tasks.send_application_email", application.pk, kind)


def reviewer_email(application, clarification) -> None:
    enqueue("providers.tasks.send_clarification_answered_email", clarification.pk)


def evidence_email(document, kind: str, *, days: int) -> None:
    enqueue("providers.tasks.send_evidence_email", document.pk, kind, days)


def provider_suspended_email(provider_id: int, missing: str) -> None:
    enqueue("providers.tasks.send_suspension_email", provider_id, missing)


def colleague_invitation_email(invitation) -> None:
    """Email a provider's colleague their invitation link (made by the worker)."""
    enqueue("providers.tasks.send_provider_invitation_email", invitation.pk)


def note_added_email(note) -> None:
    """Tell the commissioners who place with the provider that a member borough added a note."""
    enqueue("providers.tasks.send_provider_note_email", note.pk)
