"""Outcomes' Celery tasks: thin, taking ids; the work is in services (see the beat schedule)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def remind_returns_due() -> int:
    """Email providers whose returns for the current term are due soon and not yet in."""
    from .services.returns import returns_remind_due

    return returns_remind_due()


@shared_task
def flag_overdue_returns() -> int:
    """Create an overdue return for every active placement with none in by the due date."""
    from .services.returns import returns_flag_overdue

    return returns_flag_overdue()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def publish_outcome_records(consortium_id: int | None = None) -> int:
    """Recompute the benchmarks from accepted returns and publish them to providers."""
    from .services.benchmarks import outcome_records_refresh

    return outcome_records_refresh(consortium_id=consortium_id)
