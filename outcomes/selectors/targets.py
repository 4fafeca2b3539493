"""Reads of outcome targets: a placement's targets for those who may see them, and the agreed
framework's indicators a commissioner may set a target against."""

from __future__ import annotations

from django.db.models import QuerySet

from boroughs.models import User

from ..models import Indicator, OutcomeTarget
from .framework import framework_current


def target_list(*, actor: User, placement_id: int | None = None) -> QuerySet[OutcomeTarget]:
    """Targets on placements the actor may see (their borough's, or their provider's), with
    what a table shows of each: indicator, domain and framework version in the one query."""
    rows = OutcomeTarget.objects.for_user(actor).select_related(
        "placement", "indicator", "indicator__domain", "indicator__domain__version"
    )
    if placement_id is not None:
        rows = rows.filter(placement_id=placement_id)
    return rows.order_by("placement_id", "indicator__domain__order", "indicator__order", "pk")


def indicator_choices(*, consortium_id: int) -> QuerySet[Indicator]:
    """The agreed version's indicators, by domain, for a target form; none before one is agreed."""
    current = framework_current(consortium_id=consortium_id)
    if current is None:
        return Indicator.objects.none()
    return (
        Indicator.objects.filter(domain__version=current)
        .select_related("domain", "domain__version")
        .order_by("domain__order", "order", "pk")
    )
