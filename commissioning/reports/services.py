"""Asking for reports, building them on workers, and keeping runs moving when workers die.

Every move of a run goes through `_move`, which locks the row, checks the move against
choices.RUN_MOVES and the state the caller expects, and writes a ReportRunEvent: a worker and
the sweeper racing over one run cannot both apply their change.
"""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from boroughs.models import Borough, Consortium, Strand
from kernel.errors import DomainError, InvalidTransition, NotAllowed
from notifications.outbox import enqueue_message

from .access import may_request_reports, sees_every_scope
from .builders import BUILDERS
from .choices import RUN_MOVES, ReportKind, ReportScope, RunStatus
from .models import ReportDownload, ReportRun, ReportRunEvent
from .storage import clear_run_folder, report_file_path, report_storage

logger = logging.getLogger(__name__)

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


# --- Asking ---------------------------------------------------------------------------------------


def _checked_scope(actor, scope: str, strand: Strand | None, borough: Borough | None):
    """The (strand, borough) the scope names, or the refusal at the field that is wrong."""
    if scope not in ReportScope.values:
        raise DomainError(MSG_CHOOSE_SCOPE, field="scope")
    strand = strand if scope == ReportScope.STRAND else None
    borough = borough if scope == ReportScope.BOROUGH else None
    if scope == ReportScope.STRAND and (
        strand is None or strand.consortium_id != actor.consortium_id
    ):
        raise DomainError(MSG_CHOOSE_STRAND, field="strand")
    if scope == ReportScope.BOROUGH and (
        borough is None or borough.consortium_id != actor.consortium_id
    ):
        raise DomainError(MSG_CHOOSE_BOROUGH, field="borough")
    if not sees_every_scope(actor):
        if scope != ReportScope.BOROUGH:
            raise NotAllowed(MSG_OWN_BOROUGH_ONLY, field="scope")
        if borough.pk != actor.borough_id:
            raise NotAllowed(MSG_OWN_BOROUGH_ONLY, field="borough")
    return strand, borough


@transaction.atomic
def report_run_request(
    *,
    actor,
    kind: str,
    scope: str,
    strand: Strand | None = None,
    borough: Borough | None = None,
    period_start: date,
    period_end: date,
) -> ReportRun:
    """Queue a report for the actor: lead-borough analysts any scope of their consortium,
    borough analysts their own borough only. Side effect: the build task, after commit."""
    if not may_request_reports(actor):
        raise NotAllowed(MSG_NOT_ANALYST)
    if kind not in ReportKind.values:
        raise DomainError(MSG_CHOOSE_KIND, field="kind")
    strand, borough = _checked_scope(actor, scope, strand, borough)
    if period_end < period_start:
        raise DomainError(MSG_PERIOD_ORDER, field="period_end")
    run = ReportRun.objects.create(
        kind=kind,
        scope=scope,
        consortium_id=actor.consortium_id,
        strand=strand,
        borough=borough,
        period_start=period_start,
        period_end=period_end,
        requested_by=actor,
        task_id=_new_task_id(),
    )
    _send_on_commit(run)
    return run


def _new_task_id() -> str:
    return str(uuid.uuid4())


def _send_on_commit(run: ReportRun) -> None:
    """The build, through the outbox (ADR 16), under the run's task id."""
    enqueue_message("commissioning.reports.tasks.build_report", args=[run.pk], task_id=run.task_id)


# --- Moving a run ---------------------------------------------------------------------------------


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


# --- Building (on a worker) -----------------------------------------------------------------------


class _Heartbeat:
    """The progress callback builders call: it shows progress and proves the worker is alive.

    Writes at most once every HEARTBEAT_EVERY seconds, only while this attempt owns the run.
    """

    def __init__(self, run: ReportRun) -> None:
        self.run_id, self.attempt = run.pk, run.attempts
        self.written_at = 0.0

    def __call__(self, percent: int, message: str) -> None:
        now = time.monotonic()
        if now - self.written_at < HEARTBEAT_EVERY and percent < 100:
            return
        self.written_at = now
        owned = ReportRun.objects.filter(
            pk=self.run_id, status=RunStatus.RUNNING, attempts=self.attempt
        ).update(
            progress=max(0, min(int(percent), 99)),  # 100 only once the file is stored
            progress_message=str(message)[:200],
            heartbeat_at=timezone.now(),
        )
        if not owned:
            raise RunTakenOver


def _claim(run_id: int, task_id: str) -> ReportRun | None:
    """Take a queued run, or a running one whose worker stopped (its message redelivered)."""
    now = timezone.now()
    return _move(
        run_id,
        sources=(RunStatus.QUEUED, RunStatus.RUNNING),
        to=RunStatus.RUNNING,
        reason="a worker started building it",
        when=lambda run: (
            run.status == RunStatus.QUEUED
            or (run.heartbeat_at or run.queued_at) < now - stale_after()
        ),
        attempts=lambda run: run.attempts + 1,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        progress_message="Starting",
        task_id=lambda run: task_id or run.task_id,
    )


def _store(run: ReportRun, path: Path, filename: str, content_type: str) -> None:
    """Save the built file as the run's only file and mark the run done."""
    storage = report_storage()
    clear_run_folder(run.public_id)  # what a dead attempt may have left
    with path.open("rb") as built:
        name = storage.save(report_file_path(run, filename), File(built))
    done = _move(
        run.pk,
        sources=(RunStatus.RUNNING,),
        to=RunStatus.DONE,
        reason="the file is ready",
        attempt=run.attempts,
        file=name,
        filename=filename,
        content_type=content_type,
        size=path.stat().st_size,
        progress=100,
        progress_message="Done",
        finished_at=timezone.now(),
        error="",
    )
    if done is None:
        storage.delete(name)
        raise RunTakenOver
    clear_run_folder(run.public_id, keep=name)


def report_run_execute(run_id: int, *, task_id: str = "", last_attempt: bool = True) -> None:
    """Build the run's file (called by the build_report task). Idempotent: a run that is done,
    failed or being built by a live worker is left alone.

    Side effects: the file on private storage (replacing any earlier one of this run), progress
    and heartbeats as it goes. A transient error before the last attempt puts the run back in
    the queue and re-raises for Celery to retry; any other error fails the run with its message.
    """
    run = _claim(run_id, task_id)
    if run is None:
        return
    try:
        with tempfile.TemporaryDirectory(prefix="report-") as folder:
            path = Path(folder) / "report"
            result = BUILDERS[run.kind].build(run=run, path=path, progress=_Heartbeat(run))
            _store(run, path, result.filename, result.content_type)
    except RunTakenOver:
        logger.warning("Report run %s was taken over by another worker", run_id)
    except SoftTimeLimitExceeded:
        _fail(run_id, run.attempts, MSG_TOO_LONG)
    except TRANSIENT_ERRORS as error:
        if not last_attempt:
            _requeue_for_retry(run, error)
            raise
        logger.exception("Report run %s failed on its last attempt", run_id)
        _fail(run_id, run.attempts, MSG_BUILD_FAILED.format(error=error))
    except Exception as error:
        logger.exception("Report run %s failed", run_id)
        _fail(run_id, run.attempts, MSG_BUILD_FAILED.format(error=error))


def _requeue_for_retry(run: ReportRun, error: Exception) -> None:
    try:
        _move(
            run.pk,
            sources=(RunStatus.RUNNING,),
            to=RunStatus.QUEUED,
            reason=f"retrying after: {error}",
            attempt=run.attempts,
            queued_at=timezone.now(),
            progress_message="Waiting to try again",
        )
    except DatabaseError:  # the database itself is what failed: the sweeper will find the run
        logger.exception("Could not put report run %s back in the queue", run.pk)


# --- The sweeper and the monthly schedule --------------------------------------------------------


def report_runs_sweep(*, now=None) -> dict[str, int]:
    """Find runs whose worker died (running without a heartbeat for REPORTS_STALE_AFTER
    seconds) and runs queued that long whose message was lost; send them to the workers again.
    A run that has already had MAX_ATTEMPTS attempts fails instead.

    Side effects: an event on each run it moves; the build tasks, after commit.
    """
    cutoff = (now or timezone.now()) - stale_after()
    stale = ReportRun.objects.filter(
        Q(status=RunStatus.RUNNING, heartbeat_at__lt=cutoff)
        | Q(status=RunStatus.RUNNING, heartbeat_at__isnull=True, queued_at__lt=cutoff)
        | Q(status=RunStatus.QUEUED, queued_at__lt=cutoff)
    )
    counts = {"requeued": 0, "failed": 0, "skipped": 0}
    for run_id in stale.values_list("pk", flat=True):
        counts[_sweep_one(run_id, cutoff)] += 1
    return counts


def _last_sign_of_life(run: ReportRun):
    if run.status == RunStatus.RUNNING:
        return run.heartbeat_at or run.queued_at
    return run.queued_at


@transaction.atomic
def _sweep_one(run_id: int, cutoff) -> str:
    now = timezone.now()
    gave_up = _move(
        run_id,
        sources=(RunStatus.RUNNING,),
        to=RunStatus.FAILED,
        reason="worker stopped; no attempts left",
        when=lambda run: _last_sign_of_life(run) < cutoff and run.attempts >= MAX_ATTEMPTS,
        error=lambda run: MSG_GAVE_UP.format(attempts=run.attempts),
        finished_at=now,
    )
    if gave_up is not None:
        return "failed"
    run = _move(
        run_id,
        sources=(RunStatus.RUNNING, RunStatus.QUEUED),
        to=RunStatus.QUEUED,
        reason=lambda run: MSG_WORKER_STOPPED if run.status == RunStatus.RUNNING else MSG_RESENT,
        when=lambda run: _last_sign_of_life(run) < cutoff,
        progress_message=lambda run: (
            "The worker stopped; waiting for another"
            if run.status == RunStatus.RUNNING
            else run.progress_message
        ),
        queued_at=now,
        task_id=_new_task_id(),
    )
    if run is None:
        return "skipped"  # a worker took it or finished it meanwhile
    _send_on_commit(run)
    return "requeued"


def previous_month(on: date) -> tuple[date, date]:
    """The first and last day of the month before `on`."""
    last = on.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


MONTHLY_KINDS = (ReportKind.SAVINGS_SUMMARY, ReportKind.BENCHMARKING)


def report_runs_monthly(*, on: date | None = None) -> list[ReportRun]:
    """Each consortium's savings summary and benchmarking report for the month before `on`
    (today by default), made once a month however often it is called. The runs have no
    requester and are marked `scheduled`. Side effect: the build tasks, after commit.
    Answers the runs it made."""
    period_start, period_end = previous_month(on or timezone.localdate())
    made = []
    for consortium in Consortium.objects.order_by("pk"):
        for kind in MONTHLY_KINDS:
            with transaction.atomic():
                run, created = ReportRun.objects.get_or_create(
                    consortium=consortium,
                    kind=kind,
                    scope=ReportScope.CONSORTIUM,
                    period_start=period_start,
                    period_end=period_end,
                    scheduled=True,
                    defaults={"task_id": _new_task_id()},
                )
                if created:
                    _send_on_commit(run)
                    made.append(run)
    return made


# --- Downloading ----------------------------------------------------------------------------------


@transaction.atomic
def report_run_download(*, actor, run: ReportRun) -> File:
    """Open the finished file for the actor (who reached the run through access_run).
    Side effect: a ReportDownload row (who, when)."""
    if run.status != RunStatus.DONE or not run.file:
        raise InvalidTransition(MSG_NOT_READY)
    ReportDownload.objects.create(run=run, user=actor)
    return run.file.open("rb")
