"""Building a run's file on a worker: claiming the run, heartbeats and progress, storing the
file, and putting the run back in the queue when a transient error leaves attempts to spare."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files import File
from django.db import DatabaseError
from django.utils import timezone

from ..builders import BUILDERS
from ..choices import RunStatus
from ..models import ReportRun
from ..storage import clear_run_folder, report_file_path, report_storage
from .moves import (
    HEARTBEAT_EVERY,
    MSG_BUILD_FAILED,
    MSG_TOO_LONG,
    TRANSIENT_ERRORS,
    RunTakenOver,
    _fail,
    _move,
    logger,
    stale_after,
)


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
