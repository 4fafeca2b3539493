"""Reading report runs: always through the user's scope (ReportRun.objects.for_user)."""

from __future__ import annotations

from django.db.models import QuerySet

from boroughs.models import Borough, Strand

from .access import sees_every_scope
from .models import ReportRun


def report_run_list(*, actor, filters: dict | None = None) -> QuerySet[ReportRun]:
    """The runs the actor may see, newest first, with what the list shows joined in.

    `filters` may hold `kind` and `status` (exact values).
    """
    runs = ReportRun.objects.for_user(actor).select_related(
        "consortium", "strand", "borough", "requested_by"
    )
    for name in ("kind", "status"):
        if (filters or {}).get(name):
            runs = runs.filter(**{name: filters[name]})
    return runs


def report_scope_choices(*, actor) -> tuple[QuerySet[Strand], QuerySet[Borough]]:
    """The strands and boroughs the actor may ask for reports on."""
    boroughs = Borough.objects.for_user(actor).order_by("name")
    if not sees_every_scope(actor):
        return Strand.objects.none(), boroughs.filter(pk=actor.borough_id)
    return Strand.objects.for_user(actor).order_by("kind"), boroughs
