"""Data protection tasks: thin wrappers over the services, built to survive faults.

`build_subject_access_export` acknowledges its message only when done (a worker that dies
mid-way leaves it for another, which takes over once the export's heartbeat is stale), retries
transient errors with backoff, and has a time limit. `anonymise_due_children` is the daily beat
job; anonymising is idempotent and atomic per child, so a run cut short is finished by the next.
"""

from __future__ import annotations

from celery import shared_task

from kernel.jobs import durable_job

from . import retention, services
from .choices import RetentionTrigger


@shared_task(**durable_job(transient=services.TRANSIENT_ERRORS, attempts=services.MAX_ATTEMPTS))
def build_subject_access_export(self, export_id: int) -> None:
    done = services.subject_access_execute(
        export_id, last_attempt=self.request.retries >= self.max_retries
    )
    if not done:  # another worker holds it; if that worker died, take over once it is stale
        raise self.retry(countdown=services.STALE_AFTER.total_seconds() + 5)


@shared_task(acks_late=True, soft_time_limit=50 * 60, time_limit=60 * 60)
def anonymise_due_children() -> int:
    """Daily: anonymise every child record past the retention period. Answers how many."""
    return retention.retention_run(trigger=RetentionTrigger.SCHEDULE).anonymised
