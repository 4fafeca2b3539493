"""Writes for termly returns: a provider submits and corrects; a commissioner queries or
accepts; the beat job reminds and flags overdue returns (outcomes.services.returns_beat).

Every move goes through `kernel.workflow.transition` with outcomes.workflow's table and
writes a ReturnEvent (a creation writes one from ""). Scores, figures and the progress kept from
them are outcomes.services.returns_scoring's. Emails, and the benchmark refresh an acceptance
asks for, are queued on commit by outcomes.notifications.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError, InvalidTransition
from kernel.workflow import transition
from placements.models import Placement

from .. import notifications
from ..choices import ReturnStatus
from ..models import ReturnEvent, Term, TermlyReturn
from ..selectors.framework import framework_current
from ..workflow import COMMISSIONER, PROVIDER, return_machine
from .returns_beat import returns_flag_overdue, returns_remind_due
from .returns_scoring import figures_checked, scores_checked, scores_replace

__all__ = [
    "return_accept",
    "return_correct",
    "return_query",
    "return_submit",
    "returns_flag_overdue",
    "returns_remind_due",
]

MSG_NOT_PROVIDER = "Only the placement's provider can submit its returns"
MSG_OTHER_CALENDAR = "Choose a term of the placing borough's consortium"
MSG_TERM_NOT_STARTED = "A term's return can be made once the term has started"
MSG_NOT_PLACED = "The child was not placed with you during this term"
MSG_ALREADY_IN = "A return for this term is already in: correct it if the borough queries it"
MSG_NO_FRAMEWORK = "The consortium has not agreed an outcomes framework yet"
MSG_QUERY_REASON = "Enter what the provider needs to correct"
MSG_CORRECTION_REASON = "Enter what you corrected"


def _require_provider(actor: User, placement: Placement) -> None:
    policy.require(actor, "outcomes.submit_return", placement)


def _require_term(placement: Placement, term: Term, on: date) -> None:
    if term.consortium_id != placement.borough.consortium_id:
        raise DomainError(MSG_OTHER_CALENDAR, field="term")
    if term.starts_on > on:
        raise DomainError(MSG_TERM_NOT_STARTED, field="term")
    ended_before = placement.ends_on is not None and placement.ends_on < term.starts_on
    if placement.starts_on > term.ends_on or ended_before:
        raise DomainError(MSG_NOT_PLACED, field="term")


def _checked(placement: Placement, term: Term, scores: list[dict], figures: dict):
    return figures_checked(placement, term, **figures), scores_checked(placement, scores)


def _new_return(actor: User, placement: Placement, term: Term) -> TermlyReturn:
    version = framework_current(consortium_id=term.consortium_id)
    if version is None:
        raise DomainError(MSG_NO_FRAMEWORK)
    try:
        with transaction.atomic():
            termly_return = TermlyReturn.objects.create(
                placement=placement,
                term=term,
                framework_version=version,
                status=ReturnStatus.SUBMITTED,
            )
    except IntegrityError as error:  # another submission of the same return won the race
        raise InvalidTransition(MSG_ALREADY_IN) from error
    ReturnEvent.objects.create(
        termly_return=termly_return, from_status="", to_status=ReturnStatus.SUBMITTED, actor=actor
    )
    return termly_return


@transaction.atomic
def return_submit(
    *,
    actor: User,
    placement: Placement,
    term: Term,
    scores: list[dict],
    attendance_pct: Decimal | None,
    fixed_term_exclusion_days: Decimal = Decimal("0"),
    permanently_excluded: bool = False,
    serious_incidents: int = 0,
    pfa_pathway: str = "",
    summary: str = "",
    on: date | None = None,
) -> TermlyReturn:
    """A provider's return for one placement and term: new, or in place of an overdue one.

    `scores` is [{"target": OutcomeTarget or its public id, "score": int, "evidence": str}],
    one per target of the placement. The return keeps the framework version agreed when it
    was created; it is `late` if made after the term's due date (`on`, default today). Queues
    an email to the borough's commissioners on commit.
    """
    on = on or timezone.localdate()
    _require_provider(actor, placement)
    _require_term(placement, term, on)
    existing = TermlyReturn.objects.filter(placement=placement, term=term).first()
    if existing is not None and existing.status != ReturnStatus.OVERDUE:
        raise InvalidTransition(MSG_ALREADY_IN)
    figures = {
        "attendance_pct": attendance_pct,
        "fixed_term_exclusion_days": fixed_term_exclusion_days,
        "permanently_excluded": permanently_excluded,
        "serious_incidents": serious_incidents,
        "pfa_pathway": pfa_pathway,
        "summary": summary,
    }
    fields, checked = _checked(placement, term, scores, figures)
    if existing is None:
        termly_return = _new_return(actor, placement, term)
    else:
        termly_return = existing
        transition(
            return_machine(), termly_return, to=ReturnStatus.SUBMITTED, party=PROVIDER, actor=actor
        )
    fields.update(late=on > term.returns_due_on, submitted_by=actor, submitted_at=timezone.now())
    _save(termly_return, fields, checked)
    notifications.return_submitted(termly_return)
    return termly_return


def _save(termly_return: TermlyReturn, fields: dict, checked) -> None:
    for name, value in fields.items():
        setattr(termly_return, name, value)
    TermlyReturn.objects.filter(pk=termly_return.pk).update(**fields)
    scores_replace(termly_return, checked)
    termly_return.refresh_from_db(fields=["mean_progress", "targets_scored", "targets_met"])


@transaction.atomic
def return_correct(
    *,
    actor: User,
    termly_return: TermlyReturn,
    scores: list[dict],
    attendance_pct: Decimal | None,
    fixed_term_exclusion_days: Decimal = Decimal("0"),
    permanently_excluded: bool = False,
    serious_incidents: int = 0,
    pfa_pathway: str = "",
    summary: str = "",
    reason: str,
) -> TermlyReturn:
    """The provider's corrected return, while queried: the scores and figures are replaced
    (the next term's progress follows) and it is submitted again with `reason`. Keeps its
    framework version, `late` and first submission time. Emails the commissioners on commit."""
    placement = termly_return.placement
    _require_provider(actor, placement)
    if not reason.strip():
        raise DomainError(MSG_CORRECTION_REASON, field="reason")
    figures = {
        "attendance_pct": attendance_pct,
        "fixed_term_exclusion_days": fixed_term_exclusion_days,
        "permanently_excluded": permanently_excluded,
        "serious_incidents": serious_incidents,
        "pfa_pathway": pfa_pathway,
        "summary": summary,
    }
    fields, checked = _checked(placement, termly_return.term, scores, figures)
    transition(
        return_machine(),
        termly_return,
        to=ReturnStatus.SUBMITTED,
        party=PROVIDER,
        actor=actor,
        reason=reason.strip(),
    )
    _save(termly_return, fields, checked)
    notifications.return_submitted(termly_return, kind="corrected")
    return termly_return


@transaction.atomic
def return_query(*, actor: User, termly_return: TermlyReturn, reason: str) -> TermlyReturn:
    """A commissioner of the placing borough sends a submitted (or accepted) return back with
    what needs correcting. Emails the provider's users the reason on commit."""
    policy.require(actor, "outcomes.decide_return", termly_return)
    if not reason.strip():
        raise DomainError(MSG_QUERY_REASON, field="reason")
    was_accepted = termly_return.status == ReturnStatus.ACCEPTED
    _decide(actor, termly_return, ReturnStatus.QUERIED, reason.strip())
    notifications.return_decided(termly_return, kind=ReturnStatus.QUERIED)
    if was_accepted:  # it no longer counts in the benchmarks
        notifications.outcomes_changed(termly_return.term.consortium_id)
    return termly_return


@transaction.atomic
def return_accept(*, actor: User, termly_return: TermlyReturn, note: str = "") -> TermlyReturn:
    """A commissioner of the placing borough accepts a submitted return, so it counts in the
    benchmarks. On commit: the provider's users are emailed and the benchmarks republished."""
    policy.require(actor, "outcomes.decide_return", termly_return)
    _decide(actor, termly_return, ReturnStatus.ACCEPTED, note.strip())
    notifications.return_decided(termly_return, kind=ReturnStatus.ACCEPTED)
    notifications.outcomes_changed(termly_return.term.consortium_id)
    return termly_return


def _decide(actor: User, termly_return: TermlyReturn, to: str, reason: str) -> None:
    transition(
        return_machine(), termly_return, to=to, party=COMMISSIONER, actor=actor, reason=reason
    )
    termly_return.decided_at = timezone.now()
    TermlyReturn.objects.filter(pk=termly_return.pk).update(decided_at=termly_return.decided_at)
