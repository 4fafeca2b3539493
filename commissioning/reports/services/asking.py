"""Asking for a report run, and downloading its file once it is built."""

from __future__ import annotations

from datetime import date

from django.core.files import File
from django.db import transaction

from boroughs.models import Borough, Strand
from kernel.errors import DomainError, InvalidTransition, NotAllowed

from ..access import may_request_reports, sees_every_scope
from ..choices import ReportKind, ReportScope, RunStatus
from ..models import ReportDownload, ReportRun
from .moves import (
    MSG_CHOOSE_BOROUGH,
    MSG_CHOOSE_KIND,
    MSG_CHOOSE_SCOPE,
    MSG_CHOOSE_STRAND,
    MSG_NOT_ANALYST,
    MSG_NOT_READY,
    MSG_OWN_BOROUGH_ONLY,
    MSG_PERIOD_ORDER,
    _new_task_id,
    _send_on_commit,
)


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


# --- Downloading ----------------------------------------------------------------------------------


@transaction.atomic
def report_run_download(*, actor, run: ReportRun) -> File:
    """Open the finished file for the actor (who reached the run through access_run).
    Side effect: a ReportDownload row (who, when)."""
    if run.status != RunStatus.DONE or not run.file:
        raise InvalidTransition(MSG_NOT_READY)
    ReportDownload.objects.create(run=run, user=actor)
    return run.file.open("rb")
