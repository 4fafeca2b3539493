"""Reads for termly returns: the term calendar, each audience's returns, what is due.

Scoped first through the models' `for_user`; joined so a list's query count does not grow with
its rows. A provider's rows carry the child (for the curriculum year): pages and serializers
show providers the placement reference, never who the child is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from boroughs.models import User
from placements.choices import PlacementStatus
from placements.models import Placement

from ..choices import ReturnStatus
from ..models import ReturnEvent, TargetScore, Term, TermlyReturn

# How far back the overdue sweep looks: a year of terms, so a gap is caught without
# flagging placements' whole past.
OVERDUE_WINDOW_DAYS = 365


def active_during(term: Term, prefix: str = "") -> Q:
    """Placements (or rows reaching one through `prefix`) active for part of `term`."""
    return Q(**{f"{prefix}starts_on__lte": term.ends_on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": term.starts_on})
    )


def term_current(consortium_id: int, on: date | None = None) -> Term | None:
    """The term `on` falls in (today by default), or None between terms (in August)."""
    on = on or timezone.localdate()
    return Term.objects.filter(
        consortium_id=consortium_id, starts_on__lte=on, ends_on__gte=on
    ).first()


def terms_due(consortium_id: int | None = None, on: date | None = None) -> QuerySet[Term]:
    """Terms open for returns on `on`: begun, and their due date not yet passed.

    That is the current term and, for two weeks after it ends, the one just ended. Every
    consortium's when `consortium_id` is None (a provider may work for several).
    """
    on = on or timezone.localdate()
    terms = Term.objects.filter(starts_on__lte=on, returns_due_on__gte=on)
    if consortium_id is not None:
        terms = terms.filter(consortium_id=consortium_id)
    return terms.order_by("starts_on", "pk")


def terms_overdue(on: date | None = None) -> QuerySet[Term]:
    """Terms whose returns fell due before `on`, within the last year."""
    on = on or timezone.localdate()
    since = date.fromordinal(on.toordinal() - OVERDUE_WINDOW_DAYS)
    return Term.objects.filter(returns_due_on__lt=on, returns_due_on__gte=since).order_by(
        "starts_on", "pk"
    )


def return_list(
    *,
    actor: User,
    status: str = "",
    term_id: int | None = None,
    placement: Placement | None = None,
) -> QuerySet[TermlyReturn]:
    """The returns the actor may see, newest term first, optionally filtered."""
    returns = TermlyReturn.objects.for_user(actor).select_related(
        "placement",
        "placement__child",
        "placement__setting",
        "placement__provider",
        "placement__borough",
        "term",
        "framework_version",
    )
    if status:
        returns = returns.filter(status=status)
    if term_id:
        returns = returns.filter(term_id=term_id)
    if placement is not None:
        returns = returns.filter(placement=placement)
    return returns


def return_scores(termly_return: TermlyReturn) -> list[TargetScore]:
    """A return's scores, each with its target, indicator and domain, in the framework's order."""
    return list(
        termly_return.scores.select_related(
            "target", "target__indicator", "target__indicator__domain"
        )
    )


@dataclass(frozen=True)
class PreviousScore:
    """A target's score in the latest return of an earlier term, shown beside the target on the
    next return so the progress it is measured against is no surprise."""

    score: int
    term: Term


def previous_scores(*, placement: Placement, term: Term) -> dict[int, PreviousScore]:
    """Each of the placement's targets' latest score before `term`, by target id (one query).

    The same rule as the progress the services keep: an overdue row has no scores, and a target
    with no earlier score is measured from its baseline (absent here).
    """
    scores = (
        TargetScore.objects.filter(
            termly_return__placement=placement, termly_return__term__starts_on__lt=term.starts_on
        )
        .exclude(termly_return__status=ReturnStatus.OVERDUE)
        .select_related("termly_return__term")
        .order_by("termly_return__term__starts_on", "termly_return_id")
    )
    return {s.target_id: PreviousScore(s.score, s.termly_return.term) for s in scores}


def return_events(termly_return: TermlyReturn) -> list[ReturnEvent]:
    """A return's history, oldest first, with who made each move."""
    return list(termly_return.events.select_related("actor"))


@dataclass(frozen=True)
class ReturnDue:
    """A return a provider owes: a placement of theirs and a term open for returns."""

    placement: Placement
    term: Term


def returns_due(*, actor: User, on: date | None = None) -> list[ReturnDue]:
    """For a provider's users: active placements x open terms with no return yet (3 queries)."""
    terms = list(terms_due(on=on))
    if not terms:
        return []
    placements = list(
        Placement.objects.for_user(actor)
        .filter(status=PlacementStatus.ACTIVE)
        .select_related("child", "setting", "borough")
        .order_by("setting__name", "pk")
    )
    made = set(
        TermlyReturn.objects.filter(placement__in=placements, term__in=terms).values_list(
            "placement_id", "term_id"
        )
    )
    return [
        ReturnDue(placement, term)
        for term in terms
        for placement in placements
        if placement.borough.consortium_id == term.consortium_id
        and placement.starts_on <= term.ends_on
        and (placement.pk, term.pk) not in made
    ]


@dataclass(frozen=True)
class ReturnToSubmit:
    """A row of a provider's "to submit" table: overdue (past its date) or due now."""

    placement: Placement
    term: Term
    overdue: bool


def returns_to_submit(*, actor: User, on: date | None = None) -> list[ReturnToSubmit]:
    """A provider's returns still to make: the overdue ones first, oldest due date first, then
    those due now by due date (what is most late is what to do first)."""
    overdue = return_list(actor=actor, status=ReturnStatus.OVERDUE)
    rows = [ReturnToSubmit(r.placement, r.term, overdue=True) for r in overdue]
    rows += [
        ReturnToSubmit(r.placement, r.term, overdue=False) for r in returns_due(actor=actor, on=on)
    ]
    return sorted(rows, key=lambda r: (not r.overdue, r.term.returns_due_on))


def provider_sections(*, actor: User) -> list[tuple[str, str, list[TermlyReturn]]]:
    """A provider's returns made, by what they need: (key, heading, rows); one query for all.
    Overdue ones are in `returns_to_submit`."""
    rows = list(return_list(actor=actor).exclude(status=ReturnStatus.OVERDUE))
    sections = [
        (ReturnStatus.QUERIED, "Queried: correct and resubmit"),
        (ReturnStatus.SUBMITTED, "Submitted: waiting for the borough"),
        (ReturnStatus.ACCEPTED, "Accepted"),
    ]
    return [
        (status, heading, [row for row in rows if row.status == status])
        for status, heading in sections
    ]
