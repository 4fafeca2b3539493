"""Report tasks: thin wrappers over commissioning.reports.services, built to survive faults.

`build_report` acknowledges its message only when done (a worker that dies mid-run leaves the
message for another), retries transient errors with exponential backoff, and has a time limit.
The service makes it idempotent, and the sweeper (every five minutes) requeues runs whose
worker died without a trace.
"""

from __future__ import annotations

from celery import shared_task

from . import services

# The soft limit lets the service record why the run failed before the hard limit kills it.
SOFT_TIME_LIMIT = 9 * 60
TIME_LIMIT = 10 * 60


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS - 1,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def build_report(self, run_id: int) -> None:
    services.report_run_execute(
        run_id,
        task_id=self.request.id or "",
        last_attempt=self.request.retries >= self.max_retries,
    )


@shared_task(acks_late=True, time_limit=120)
def sweep_stale_runs() -> dict[str, int]:
    return services.report_runs_sweep()


@shared_task(acks_late=True, time_limit=120)
def monthly_reports() -> list[str]:
    return [str(run.public_id) for run in services.report_runs_monthly()]
