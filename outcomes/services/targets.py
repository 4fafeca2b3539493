"""Writes for a placement's outcome targets: the outcomes from the child's EHC plan it works to.

Only a commissioner of the placement's borough sets them, on an active placement, against an
indicator of the consortium's agreed framework. A target keeps its indicator when a later
version is agreed; once scored in a return, its indicator, baseline and target are fixed and it
cannot be removed (the scores' progress and `met` were measured against them).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError, InvalidTransition
from placements.choices import PlacementStatus
from placements.models import Placement

from ..models import Indicator, OutcomeTarget
from ..selectors.framework import framework_current

MSG_PLACEMENT_ENDED = "This placement has ended: its targets cannot change"
MSG_NO_FRAMEWORK = "There is no agreed outcomes framework yet: targets are set against one"
MSG_INDICATOR_NOT_CURRENT = "Select an indicator from the agreed outcomes framework"
MSG_OUTCOME = "Enter the outcome from the EHC plan"
MSG_SCORE_RANGE = "The {what} must be a score from {low} to {high} on this indicator's scale"
MSG_TARGET_NOT_ABOVE = "The target must be higher than the baseline"
MSG_TARGET_DATE = "The target date must be after the placement's start date ({starts})"
MSG_SCORED_FIXED = "This target has been scored in a return, so its {what} cannot change"
MSG_HAS_SCORES = "This target has been scored in a return, so it cannot be removed"


def _require_writable(actor: User, placement: Placement) -> None:
    policy.require(actor, "placements.change_placement", placement)
    if placement.status != PlacementStatus.ACTIVE:
        raise DomainError(MSG_PLACEMENT_ENDED)


def _require_current(placement: Placement, indicator: Indicator) -> None:
    current = framework_current(consortium_id=placement.borough.consortium_id)
    if current is None:
        raise DomainError(MSG_NO_FRAMEWORK, field="indicator")
    if indicator.domain.version_id != current.pk:
        raise DomainError(MSG_INDICATOR_NOT_CURRENT, field="indicator")


def _check_values(
    placement: Placement,
    indicator: Indicator,
    *,
    outcome: str,
    baseline: int,
    target: int,
    target_date: date,
) -> None:
    if not outcome.strip():
        raise DomainError(MSG_OUTCOME, field="outcome")
    low, high = indicator.score_range
    for what, value in (("baseline", baseline), ("target", target)):
        if not low <= value <= high:
            raise DomainError(MSG_SCORE_RANGE.format(what=what, low=low, high=high), field=what)
    if target <= baseline:
        raise DomainError(MSG_TARGET_NOT_ABOVE, field="target")
    if target_date <= placement.starts_on:
        starts = f"{placement.starts_on.day} {placement.starts_on:%B %Y}"
        raise DomainError(MSG_TARGET_DATE.format(starts=starts), field="target_date")


@transaction.atomic
def target_set(
    *,
    actor: User,
    placement: Placement,
    indicator: Indicator,
    outcome: str,
    baseline: int,
    target: int,
    target_date: date,
) -> OutcomeTarget:
    """Add an outcome target to an active placement, on the agreed framework's indicator."""
    _require_writable(actor, placement)
    _require_current(placement, indicator)
    values = {"outcome": outcome, "baseline": baseline, "target": target}
    _check_values(placement, indicator, **values, target_date=target_date)
    return OutcomeTarget.objects.create(
        placement=placement,
        indicator=indicator,
        outcome=outcome.strip(),
        baseline=baseline,
        target=target,
        target_date=target_date,
        set_by=actor,
    )


@transaction.atomic
def target_update(
    *,
    actor: User,
    target: OutcomeTarget,
    indicator: Indicator,
    outcome: str,
    baseline: int,
    target_score: int,
    target_date: date,
) -> OutcomeTarget:
    """Change a target. It may keep an indicator of an older version; a new indicator must be
    the agreed version's. A scored target keeps its indicator, baseline and target: its scores'
    progress and whether they met it were measured against them."""
    placement = target.placement
    _require_writable(actor, placement)
    locked = OutcomeTarget.objects.select_for_update().get(pk=target.pk)
    if indicator.pk != locked.indicator_id:
        _require_current(placement, indicator)
    if locked.scores.exists():
        if indicator.pk != locked.indicator_id:
            raise DomainError(MSG_SCORED_FIXED.format(what="indicator"), field="indicator")
        for what, old, new in (
            ("baseline", locked.baseline, baseline),
            ("target", locked.target, target_score),
        ):
            if old != new:
                raise DomainError(MSG_SCORED_FIXED.format(what=what), field=what)
    values = {"outcome": outcome, "baseline": baseline, "target": target_score}
    _check_values(placement, indicator, **values, target_date=target_date)
    locked.indicator, locked.outcome, locked.baseline = indicator, outcome.strip(), baseline
    locked.target, locked.target_date = target_score, target_date
    locked.save(update_fields=["indicator", "outcome", "baseline", "target", "target_date"])
    return locked


@transaction.atomic
def target_remove(*, actor: User, target: OutcomeTarget) -> None:
    """Remove a target set in error; one with scores in a return stays."""
    _require_writable(actor, target.placement)
    locked = OutcomeTarget.objects.select_for_update().get(pk=target.pk)
    if locked.scores.exists():
        raise InvalidTransition(MSG_HAS_SCORES)  # 409: its state, not the request, refuses
    locked.delete()
