"""Emails about termly returns, and the benchmark refresh an accepted return asks for: queued to
Celery once the transaction that caused them commits.

Demo loading mutes them with `muted()` (the placements block: one switch silences both apps'
emails). Muted, an acceptance queues no benchmark refresh either: the loader publishes once.
"""

from __future__ import annotations

from django.db import transaction

from placements.notifications import is_muted, muted

__all__ = ["muted", "outcomes_changed", "return_decided", "return_reminder", "return_submitted"]


def _on_commit(send) -> None:
    if not is_muted():
        transaction.on_commit(send)


def return_submitted(termly_return, *, kind: str = "submitted") -> None:
    """Tell the borough's commissioners a return is in (`kind`: submitted or corrected)."""
    from .tasks import send_return_submitted_email

    _on_commit(lambda: send_return_submitted_email.delay(termly_return.pk, kind))


def return_decided(termly_return, *, kind: str) -> None:
    """Tell the provider's users their return was queried (with the reason) or accepted."""
    from .tasks import send_return_decision_email

    _on_commit(lambda: send_return_decision_email.delay(termly_return.pk, kind))


def return_reminder(*, provider_id: int, term_id: int, placement_ids: list[int], days: int):
    """Remind a provider's users of the returns due in `days` days."""
    from .tasks import send_return_reminder_email

    _on_commit(lambda: send_return_reminder_email.delay(provider_id, term_id, placement_ids, days))


def outcomes_changed(consortium_id: int) -> None:
    """Republish the consortium's benchmarks from its accepted returns."""
    from .tasks import publish_outcome_records

    _on_commit(lambda: publish_outcome_records.delay(consortium_id))
