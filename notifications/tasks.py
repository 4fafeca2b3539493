"""The outbox's beat job: send what is pending and due (notifications.outbox)."""

from __future__ import annotations

from celery import shared_task

from . import outbox


# A soft limit below the hard one: the default soft limit (540 s) above it makes Celery refuse it.
@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def relay_pending() -> dict[str, int]:
    """Every minute (beat): send pending outbox rows that are due, with backoff."""
    return outbox.relay()
