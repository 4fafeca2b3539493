"""Emails about council staff: written to the outbox in the caller's transaction, delivered by
Celery once it commits (ADR 16)."""

from __future__ import annotations

from notifications.outbox import enqueue


def invitation_email(invitation) -> None:
    """Email a member of staff their invitation link (made by the worker: boroughs.tasks)."""
    enqueue("boroughs.tasks.send_invitation_email", invitation.pk)
