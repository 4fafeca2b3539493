"""Keeping runs moving when workers die (the sweeper), and the monthly schedule."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from boroughs.models import Consortium

from ..choices import ReportKind, ReportScope, RunStatus
from ..models import ReportRun
from .moves import (
    MAX_ATTEMPTS,
    MSG_GAVE_UP,
    MSG_RESENT,
    MSG_WORKER_STOPPED,
    _move,
    _new_task_id,
    _send_on_commit,
    stale_after,
)


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
