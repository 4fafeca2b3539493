"""Asking for reports, building them on workers, and keeping runs moving when workers die.

Every move of a run goes through `_move`, which locks the row, checks the move against
choices.RUN_MOVES and the state the caller expects, and writes a ReportRunEvent: a worker and
the sweeper racing over one run cannot both apply their change.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from notifications.outbox import enqueue_message

from ..choices import RUN_MOVES, RunStatus
from ..models import ReportRun, ReportRunEvent

# The name the log has always had, whichever module of the package logs.
logger = logging.getLogger("commissioning.reports.services")

MSG_NOT_ANALYST = "Only analysts can ask for reports"
MSG_OWN_BOROUGH_ONLY = "You can only ask for reports on your own borough"
MSG_CHOOSE_KIND = "Select which report you want"
MSG_CHOOSE_SCOPE = "Select what the report covers"
MSG_CHOOSE_STRAND = "Select a strand"
MSG_CHOOSE_BOROUGH = "Select a borough"
MSG_PERIOD_ORDER = "The end of the period must be the same as or after the start"
MSG_NOT_READY = "This report is not ready to download"
MSG_WORKER_STOPPED = "worker stopped; requeued"
MSG_RESENT = "still queued; sent to the workers again"
MSG_GAVE_UP = "The report stopped {attempts} times before it finished. Ask for it again."
MSG_TOO_LONG = "The report took too long to build. Ask for a shorter period."
MSG_BUILD_FAILED = "The report could not be built: {error}"

# Errors worth another try (a database restart, a storage hiccup); Celery retries them.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_ATTEMPTS = 4  # the first try and Celery's 3 retries; the sweeper gives up after as many
HEARTBEAT_EVERY = 1.0  # seconds: progress is written at most this often


class RunTakenOver(Exception):
    """This worker no longer owns the run (the sweeper gave it to another): stop quietly."""


def stale_after() -> timedelta:
    """How long a running run may go without a heartbeat before its worker counts as dead."""
    return timedelta(seconds=getattr(settings, "REPORTS_STALE_AFTER", 300))


def _new_task_id() -> str:
    return str(uuid.uuid4())


def _send_on_commit(run: ReportRun) -> None:
    """The build, through the outbox (ADR 16), under the run's task id."""
    enqueue_message("commissioning.reports.tasks.build_report", args=[run.pk], task_id=run.task_id)


def _move(
    run_id: int,
    *,
    sources: tuple[str, ...],
    to: str,
    reason: str | Callable[[ReportRun], str],
    attempt: int | None = None,
    when: Callable[[ReportRun], bool] | None = None,
    **fields,
) -> ReportRun | None:
    """Move the run to `to` if it is in one of `sources` (and, with `attempt`, still on that
    attempt; with `when`, meets it); set `fields` (a callable value, or reason, gets the locked
    run as it was).
    Answers the moved run, or None when someone else moved it first."""
    assert all((source, to) in RUN_MOVES for source in sources), (sources, to)  # noqa: S101
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in sources:
            return None
        if (attempt is not None and run.attempts != attempt) or (when and not when(run)):
            return None
        source = run.status
        values = {name: value(run) if callable(value) else value for name, value in fields.items()}
        why = reason(run) if callable(reason) else reason
        for name, value in values.items():
            setattr(run, name, value)
        run.status = to
        run.save(update_fields=[*fields, "status"])
        ReportRunEvent.objects.create(run=run, from_status=source, to_status=to, reason=why[:300])
        return run


def _fail(run_id: int, attempt: int | None, error: str) -> None:
    _move(
        run_id,
        sources=(RunStatus.QUEUED, RunStatus.RUNNING),
        to=RunStatus.FAILED,
        reason=error,
        attempt=attempt,
        error=error,
        finished_at=timezone.now(),
    )
