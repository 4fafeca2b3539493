"""What every builder shares: the run's scope as querysets, its period, labels and file names.

A report has a scope (consortium, strand or borough) and a period instead of a signed-in actor,
so the builders filter by `run.scope_borough_ids()` where the pages filter by `for_user(actor)`.
A lead analyst's pages and a consortium-scope report therefore read the same rows, and a
borough's staff and a borough-scope report the same rows.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from placements.models import Placement
from providers.choices import NeedCode

SCOPE_CONSORTIUM, SCOPE_STRAND, SCOPE_BOROUGH = "consortium", "strand", "borough"
CHUNK = 2000  # rows fetched per round trip when a builder streams

NEED_LABELS = dict(NeedCode.choices)


def need_label(code: str | None) -> str:
    return NEED_LABELS.get(code or "", code or "Not recorded")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Scope ---------------------------------------------------------------------------------------


def scoped_placements(run: Any) -> QuerySet[Placement]:
    """The placements of the run's boroughs; a strand report keeps that strand's lots only.

    Not `for_user`: a report belongs to a scope, not to whoever asked for it (the run's
    creator was allowed that scope when the run was made).
    """
    placements = Placement.objects.filter(borough_id__in=run.scope_borough_ids())
    if run.scope == SCOPE_STRAND and run.strand_id:
        placements = placements.filter(lot__dps__strand_id=run.strand_id)
    return placements


def dps_filter(run: Any, path: str = "dps") -> dict:
    """Filters for DPS-wide rows (applications, enrolments): the run's consortium, and for a
    strand report its strand, for a borough report the strands the borough belongs to."""
    filters: dict = {f"{path}__consortium_id": run.consortium_id}
    if run.scope == SCOPE_STRAND and run.strand_id:
        filters[f"{path}__strand_id"] = run.strand_id
    elif run.scope == SCOPE_BOROUGH and run.borough_id:
        filters[f"{path}__strand__boroughs"] = run.borough_id
    return filters


# --- Period --------------------------------------------------------------------------------------


def date_filter(run: Any, field: str) -> dict:
    """A date field within the period, both ends included."""
    return {f"{field}__gte": run.period_start, f"{field}__lte": run.period_end}


def datetime_filter(run: Any, field: str) -> dict:
    """A timestamp on a day of the period (local time), as index-friendly bounds."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(run.period_start, time.min), zone)
    end = timezone.make_aware(datetime.combine(run.period_end + timedelta(days=1), time.min), zone)
    return {f"{field}__gte": start, f"{field}__lt": end}


def produced_on(run: Any) -> date:
    """The day the report was asked for: the day its 'today' figures are taken on."""
    requested = run.requested_at
    if timezone.is_aware(requested):
        requested = timezone.localtime(requested)
    return requested.date()


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_label(run: Any) -> str:
    return f"{long_date(run.period_start)} to {long_date(run.period_end)}"


def filename(run: Any, stem: str, extension: str) -> str:
    """savings-summary-south-london-2025-04-01-to-2026-03-31.pdf"""
    scope = slugify(run.scope_label())[:60] or "report"
    return f"{stem}-{scope}-{run.period_start:%Y-%m-%d}-to-{run.period_end:%Y-%m-%d}.{extension}"
