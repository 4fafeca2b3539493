"""A child's progress in one placement: per domain a timeline of terms, per target its scores,
and the flags a commissioner should look at.

Three queries whatever the history's length: the targets, the returns, the scores. Overdue
returns have no scores and count for nothing here; submitted, queried and accepted ones all
show (the page tags each with its status).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from placements.models import Placement

from ..choices import ReturnStatus
from ..models import Domain, OutcomeTarget, TargetScore, Term, TermlyReturn

TWO_DP = Decimal("0.01")
ATTENDANCE_DROP = Decimal("5")  # points between two returns that flag at once


@dataclass(frozen=True)
class ScorePoint:
    term: Term
    score: int
    progress: int
    met: bool
    status: str


@dataclass
class TargetHistory:
    target: OutcomeTarget
    points: list[ScorePoint] = field(default_factory=list)


@dataclass(frozen=True)
class DomainPoint:
    """One term of a domain: the mean score and progress of its targets scored that term."""

    term: Term
    mean_score: Decimal
    mean_progress: Decimal
    met: int
    scored: int


@dataclass
class DomainTimeline:
    domain: Domain
    targets: list[TargetHistory]
    points: list[DomainPoint]
    baseline_mean: Decimal
    target_mean: Decimal
    low: int
    high: int


@dataclass(frozen=True)
class Flag:
    key: str
    title: str
    detail: str


@dataclass
class PlacementProgress:
    domains: list[DomainTimeline]
    targets: list[OutcomeTarget]
    returns: list[TermlyReturn]  # every return, newest term first
    flags: list[Flag]


def _mean(values) -> Decimal:
    values = list(values)
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(TWO_DP, rounding=ROUND_HALF_UP)


def placement_progress(*, placement: Placement) -> PlacementProgress:
    """The placement's targets, returns and scores, arranged by domain and term, with flags.

    The caller has fetched `placement` through an access function: this reads its rows only.
    """
    targets = list(
        placement.targets.select_related("indicator", "indicator__domain").order_by(
            "indicator__domain__order", "indicator__order", "pk"
        )
    )
    returns = list(placement.returns.select_related("term").order_by("term__starts_on", "pk"))
    scores = (
        TargetScore.objects.filter(termly_return__placement=placement)
        .exclude(termly_return__status=ReturnStatus.OVERDUE)
        .order_by("termly_return__term__starts_on", "pk")
        .values_list("target_id", "termly_return_id", "score", "progress", "met")
    )
    by_return = {r.pk: r for r in returns}
    histories = {t.pk: TargetHistory(t) for t in targets}
    for target_id, return_id, score, progress, met in scores:
        made = by_return[return_id]
        histories[target_id].points.append(ScorePoint(made.term, score, progress, met, made.status))
    return PlacementProgress(
        domains=_domains(list(histories.values())),
        targets=targets,
        returns=list(reversed(returns)),
        flags=progress_flags([r for r in returns if r.status != ReturnStatus.OVERDUE]),
    )


def _domains(histories: list[TargetHistory]) -> list[DomainTimeline]:
    grouped: dict[str, list[TargetHistory]] = defaultdict(list)
    for history in histories:  # in the framework's order, so the groups are too
        grouped[history.target.indicator.domain.code].append(history)
    return [_timeline(group) for group in grouped.values()]


def _timeline(group: list[TargetHistory]) -> DomainTimeline:
    by_term: dict[int, list[ScorePoint]] = defaultdict(list)
    terms: dict[int, Term] = {}
    for history in group:
        for point in history.points:
            by_term[point.term.pk].append(point)
            terms[point.term.pk] = point.term
    points = [
        DomainPoint(
            term=terms[pk],
            mean_score=_mean(p.score for p in by_term[pk]),
            mean_progress=_mean(p.progress for p in by_term[pk]),
            met=sum(p.met for p in by_term[pk]),
            scored=len(by_term[pk]),
        )
        for pk in sorted(terms, key=lambda pk: terms[pk].starts_on)
    ]
    ranges = [h.target.indicator.score_range for h in group]
    return DomainTimeline(
        domain=group[0].target.indicator.domain,
        targets=group,
        points=points,
        baseline_mean=_mean(h.target.baseline for h in group),
        target_mean=_mean(h.target.target for h in group),
        low=min(low for low, _ in ranges),
        high=max(high for _, high in ranges),
    )


def progress_flags(returns: list[TermlyReturn]) -> list[Flag]:
    """Flags from the returns in term order (overdue ones left out by the caller)."""
    flags = [_no_progress(returns), _falling_attendance(returns), _exclusions(returns)]
    return [flag for flag in flags if flag is not None]


def _no_progress(returns: list[TermlyReturn]) -> Flag | None:
    last = returns[-2:]
    if len(last) < 2 or any(r.mean_progress is None or r.mean_progress > 0 for r in last):
        return None
    return Flag(
        "no_progress",
        "No progress over two terms",
        f"Mean progress was 0 or less in {last[0].term} and {last[1].term}.",
    )


def _falling_attendance(returns: list[TermlyReturn]) -> Flag | None:
    seen = [(r.term, r.attendance_pct) for r in returns if r.attendance_pct is not None]
    values = [value for _, value in seen]
    three_falling = len(values) >= 3 and values[-3] > values[-2] > values[-1]
    sharp_drop = len(values) >= 2 and values[-2] - values[-1] >= ATTENDANCE_DROP
    if not (three_falling or sharp_drop):
        return None
    start = seen[-3] if three_falling else seen[-2]
    return Flag(
        "falling_attendance",
        "Falling attendance",
        f"Attendance fell from {start[1]}% in {start[0]} to {seen[-1][1]}% in {seen[-1][0]}.",
    )


def _exclusions(returns: list[TermlyReturn]) -> Flag | None:
    last = returns[-3:]
    permanent = [r for r in last if r.permanently_excluded]
    if permanent:
        detail = f"Permanently excluded, as reported in {permanent[-1].term}."
        return Flag("repeated_exclusions", "Permanent exclusion", detail)
    # A suspension is what DfE called a fixed-term exclusion until 2022; the field keeps the
    # old name so the API does not change under its integrations.
    suspended = [r for r in last if r.fixed_term_exclusion_days > 0]
    if len(suspended) < 2:
        return None
    days = sum(r.fixed_term_exclusion_days for r in suspended)
    detail = (
        f"Suspensions in {len(suspended)} of the last {len(last)} returns ({days} days in all)."
    )
    return Flag("repeated_exclusions", "Repeated suspensions", detail)
