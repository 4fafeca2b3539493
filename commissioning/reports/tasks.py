"""Report tasks: thin wrappers over commissioning.reports.services, built to survive faults.

`build_report` acknowledges its message only when done (a worker that dies mid-run leaves the
message for another), retries transient errors with exponential backoff, and has a time limit.
The service makes it idempotent, and the sweeper requeues runs whose worker died without a
trace: beat runs it every REPORTS_SWEEP_EVERY_MINUTES, and every worker runs it as it starts and
once more when a run its predecessor left would have gone stale, so a deployment without beat
recovers too (ADR 14).
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from kernel.jobs import durable_job

from . import services

logger = logging.getLogger(__name__)


@shared_task(**durable_job(transient=services.TRANSIENT_ERRORS, attempts=services.MAX_ATTEMPTS))
def build_report(self, run_id: int) -> None:
    services.report_run_execute(
        run_id,
        task_id=self.request.id or "",
        last_attempt=self.request.retries >= self.max_retries,
    )


# Short jobs: the soft limit is stated with the hard one, since the project-wide soft limit
# (CELERY_TASK_SOFT_TIME_LIMIT) is longer and Celery refuses to send a task whose soft limit
# exceeds its hard one.
@shared_task(acks_late=True, soft_time_limit=100, time_limit=120)
def sweep_stale_runs() -> dict[str, int]:
    return services.report_runs_sweep()


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs) -> None:
    """A worker that starts may be replacing one that died mid-run: sweep now, for runs already
    stale, and again once a run left just before this start would be stale."""
    try:
        sweep_stale_runs.apply_async()
        sweep_stale_runs.apply_async(countdown=settings.REPORTS_STALE_AFTER + 30)
    except Exception:  # the worker must start even if it cannot send; beat sweeps anyway
        logger.exception("Could not send the start-up sweep of stale report runs")


@shared_task(acks_late=True, soft_time_limit=100, time_limit=120)
def monthly_reports() -> list[str]:
    return [str(run.public_id) for run in services.report_runs_monthly()]
