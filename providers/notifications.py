"""Emails about the DPS: queued to Celery once the transaction that caused them commits."""

from __future__ import annotations

from django.db import transaction


def application_email(application, kind: str) -> None:
    """Tell the provider's users: submitted, clarification, accredited or rejected."""
    from .tasks import send_application_email

    transaction.on_commit(lambda: send_application_email.delay(application.pk, kind))


def reviewer_email(application, clarification) -> None:
    from .tasks import send_clarification_answered_email

    transaction.on_commit(lambda: send_clarification_answered_email.delay(clarification.pk))


def evidence_email(document, kind: str, *, days: int) -> None:
    from .tasks import send_evidence_email

    transaction.on_commit(lambda: send_evidence_email.delay(document.pk, kind, days))


def provider_suspended_email(provider_id: int, missing: str) -> None:
    from .tasks import send_suspension_email

    transaction.on_commit(lambda: send_suspension_email.delay(provider_id, missing))
