"""Emails about termly returns, and the benchmark refresh an accepted return asks for: written
to the outbox in the caller's transaction and delivered by Celery once it commits (ADR 16).

Demo loading mutes them with `muted()` (the placements block: one switch silences both apps'
emails). Muted, an acceptance queues no benchmark refresh either: the loader publishes once.
"""

from __future__ import annotations

from notifications.outbox import enqueue
from placements.notifications import is_muted, muted

__all__ = ["muted", "outcomes_changed", "return_decided", "return_reminder", "return_submitted"]


def _enqueue(task_name: str, *args) -> None:
    if not is_muted():
        enqueue(task_name, *args)


def return_submitted(termly_return, *, kind: str = "submitted") -> None:
    """Tell the borough's commissioners a return is in (`kind`: submitted or corrected)."""
    _enqueue("outcomes.tasks.send_return_submitted_email", termly_return.pk, kind)


def return_decided(termly_return, *, kind: str) -> None:
    """Tell the provider's users their return was queried (with the reason) or accepted."""
    _enqueue("outcomes.tasks.send_return_decision_email", termly_return.pk, kind)


def return_reminder(*, provider_id: int, term_id: int, placement_ids: list[int], days: int):
    """Remind a provider's users of the returns due in `days` days."""
    _enqueue(
        "outcomes.tasks.send_return_reminder_email", provider_id, term_id, list(placement_ids), days
    )


def outcomes_changed(consortium_id: int) -> None:
    """Republish the consortium's benchmarks from its accepted returns."""
    _enqueue("outcomes.tasks.publish_outcome_records", consortium_id)
