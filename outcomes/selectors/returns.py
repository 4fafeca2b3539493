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


def provider_sections(*, actor: User) -> list[tuple[str, str, list[TermlyReturn]]]:
    """A provider's returns by what they need: (key, heading, rows); one query for all."""
    rows = list(return_list(actor=actor))
    sections = [
        (ReturnStatus.OVERDUE, "Overdue"),
        (ReturnStatus.QUERIED, "Queried: correct and resubmit"),
        (ReturnStatus.SUBMITTED, "Submitted: waiting for the borough"),
        (ReturnStatus.ACCEPTED, "Accepted"),
    ]
    return [
        (status, heading, [row for row in rows if row.status == status])
        for status, heading in sections
    ]
