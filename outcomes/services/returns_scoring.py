"""Checking and writing a return's scores and figures, and the progress kept from them.

A score's `progress` is the score less the target's previous score: the score in the latest
earlier term's return (an overdue row has none), or the baseline before the first. Every write
recomputes the whole chain of each target it touches, in term order, so a correction (or a
return made late for an earlier term) also moves the progress of the term after it. `met`,
the returns' `mean_progress`, `targets_scored` and `targets_met`, and the targets'
`latest_score` are kept with it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kernel.errors import DomainError
from placements.models import Placement, national_curriculum_year

from ..choices import PFA_FROM_YEAR, PfaPathway, ReturnStatus
from ..models import OutcomeTarget, TargetScore, Term, TermlyReturn

MSG_SCORE_MISSING = "Enter a score for every outcome"
MSG_SCORE_TWICE = "Score each outcome once"
MSG_SCORE_UNKNOWN = "Score only this placement's outcome targets"
MSG_SCORE_RANGE = "Enter a score between {low} and {high}"
MSG_EVIDENCE_REQUIRED = "Enter the evidence for this score"
MSG_ATTENDANCE_REQUIRED = "Enter the attendance as a percentage"
MSG_ATTENDANCE_RANGE = "Attendance must be between 0 and 100"
MSG_EXCLUSION_DAYS = "Days of suspension must be between 0 and 999.9"
MSG_INCIDENTS = "Serious incidents must be 0 or more"
MSG_PATHWAY_REQUIRED = "Select the young person's Preparing for Adulthood pathway"
MSG_PATHWAY_TOO_YOUNG = "Record a Preparing for Adulthood pathway only from Year 9"

ONE_DP = Decimal("0.1")
THREE_DP = Decimal("0.001")


@dataclass(frozen=True)
class CheckedScore:
    target: OutcomeTarget
    score: int
    evidence: str


def _for(target: OutcomeTarget, message: str) -> DomainError:
    # The API names the outcome; the page's form has already put its own message at the field.
    return DomainError(f"{message}: {target.outcome[:80]}", field="scores")


def _key(value) -> uuid.UUID | None:
    if isinstance(value, OutcomeTarget):
        return value.public_id
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def scores_checked(placement: Placement, items: Iterable[dict]) -> list[CheckedScore]:
    """Every target of the placement scored exactly once, within its scale, with evidence."""
    targets = {t.public_id: t for t in placement.targets.select_related("indicator")}
    seen: dict[uuid.UUID, CheckedScore] = {}
    for item in items:
        target = targets.get(_key(item.get("target")))
        if target is None:
            raise DomainError(MSG_SCORE_UNKNOWN, field="scores")
        if target.public_id in seen:
            raise _for(target, MSG_SCORE_TWICE)
        low, high = target.indicator.score_range
        try:
            score = int(item.get("score"))
        except (TypeError, ValueError):
            score = None
        if score is None or not low <= score <= high or str(score) != str(item["score"]).strip():
            raise _for(target, MSG_SCORE_RANGE.format(low=low, high=high))
        evidence = (item.get("evidence") or "").strip()
        if not evidence:
            raise _for(target, MSG_EVIDENCE_REQUIRED)
        seen[target.public_id] = CheckedScore(target, score, evidence)
    missing = [t for key, t in targets.items() if key not in seen]
    if missing:
        raise _for(missing[0], MSG_SCORE_MISSING)
    return list(seen.values())


def _decimal(value, *, field: str, message: str) -> Decimal:
    try:
        return Decimal(str(value)).quantize(ONE_DP, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as error:
        raise DomainError(message, field=field) from error


def pathway_expected(placement: Placement, term: Term) -> bool:
    """A Preparing for Adulthood pathway is recorded from Year 9, as at the term's start."""
    year = national_curriculum_year(placement.child.date_of_birth, term.starts_on)
    return year >= PFA_FROM_YEAR


def figures_checked(
    placement: Placement,
    term: Term,
    *,
    attendance_pct,
    fixed_term_exclusion_days,
    permanently_excluded: bool,
    serious_incidents,
    pfa_pathway: str,
    summary: str,
) -> dict:
    """The return's figures, checked, as the model's field values."""
    if attendance_pct is None or str(attendance_pct).strip() == "":
        raise DomainError(MSG_ATTENDANCE_REQUIRED, field="attendance_pct")
    attendance = _decimal(attendance_pct, field="attendance_pct", message=MSG_ATTENDANCE_RANGE)
    if not Decimal(0) <= attendance <= Decimal(100):
        raise DomainError(MSG_ATTENDANCE_RANGE, field="attendance_pct")
    days = _decimal(
        fixed_term_exclusion_days or 0,
        field="fixed_term_exclusion_days",
        message=MSG_EXCLUSION_DAYS,
    )
    if not Decimal(0) <= days <= Decimal("999.9"):
        raise DomainError(MSG_EXCLUSION_DAYS, field="fixed_term_exclusion_days")
    try:
        incidents = int(serious_incidents or 0)
    except (TypeError, ValueError):
        incidents = -1
    if not 0 <= incidents <= 32767:
        raise DomainError(MSG_INCIDENTS, field="serious_incidents")
    pathway = pfa_pathway or ""
    if pathway not in PfaPathway.values:
        raise DomainError(MSG_PATHWAY_REQUIRED, field="pfa_pathway")
    if pathway_expected(placement, term):
        if not pathway:
            raise DomainError(MSG_PATHWAY_REQUIRED, field="pfa_pathway")
    elif pathway:
        raise DomainError(MSG_PATHWAY_TOO_YOUNG, field="pfa_pathway")
    return {
        "attendance_pct": attendance,
        "fixed_term_exclusion_days": days,
        "permanently_excluded": bool(permanently_excluded),
        "serious_incidents": incidents,
        "pfa_pathway": pathway,
        "summary": (summary or "").strip(),
    }


def scores_replace(termly_return: TermlyReturn, scores: list[CheckedScore]) -> None:
    """Put these scores on the return in place of any it had, then recompute progress."""
    termly_return.scores.all().delete()
    TargetScore.objects.bulk_create(
        TargetScore(
            termly_return=termly_return, target=s.target, score=s.score, evidence=s.evidence
        )
        for s in scores
    )
    targets_rescore([s.target.pk for s in scores], also=[termly_return.pk])


def targets_rescore(target_ids: list[int], *, also: Iterable[int] = ()) -> None:
    """Recompute progress and `met` along each target's scores in term order, the targets'
    latest scores, and the mean progress of every return whose scores changed (and `also`)."""
    scores = (
        TargetScore.objects.filter(target_id__in=target_ids)
        .exclude(termly_return__status=ReturnStatus.OVERDUE)
        .select_related("target")
        .order_by("target_id", "termly_return__term__starts_on", "termly_return_id")
    )
    changed, touched, latest = [], set(also), {}
    for score in scores:
        target = score.target
        previous = latest.get(target.pk, target.baseline)
        progress, met = score.score - previous, score.score >= target.target
        if (score.progress, score.met) != (progress, met):
            score.progress, score.met = progress, met
            changed.append(score)
            touched.add(score.termly_return_id)
        latest[target.pk] = score.score
    TargetScore.objects.bulk_update(changed, ["progress", "met"])
    for target_id in target_ids:
        OutcomeTarget.objects.filter(pk=target_id).update(latest_score=latest.get(target_id))
    returns_mean_refresh(touched)


def mean_of(progresses: list[int]) -> Decimal | None:
    """The mean progress to 3 decimal places (half up), None with no scores."""
    if not progresses:
        return None
    mean = Decimal(sum(progresses)) / Decimal(len(progresses))
    return mean.quantize(THREE_DP, rounding=ROUND_HALF_UP)


def returns_mean_refresh(return_ids: Iterable[int]) -> None:
    """Each return's mean progress and its counts of targets scored and met, from its scores."""
    ids = list(return_ids)
    progresses: dict[int, list[int]] = defaultdict(list)
    met: dict[int, int] = defaultdict(int)
    for return_id, progress, reached in TargetScore.objects.filter(
        termly_return_id__in=ids
    ).values_list("termly_return_id", "progress", "met"):
        progresses[return_id].append(progress)
        met[return_id] += reached
    for return_id in ids:
        TermlyReturn.objects.filter(pk=return_id).update(
            mean_progress=mean_of(progresses.get(return_id, [])),
            targets_scored=len(progresses.get(return_id, [])),
            targets_met=met[return_id],
        )
