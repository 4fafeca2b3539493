"""Writes for providers answering invitations, and for the commissioner's side of the dialogue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError, InvalidTransition
from kernel.workflow import transition

from .. import notifications
from ..choices import DeclineReason, InvitationStatus, RequestStatus
from ..models import FEE_PARTS, Offer, OfferQuestion, RequestInvitation
from ..workflow import PROVIDER, invitation_machine
from .common import full_clean

MSG_CLOSED = "Offers for this request have closed"
MSG_ZERO_FEE = "Enter a weekly fee: the parts add up to nothing"
MSG_DECLINE_NOTE = "Explain why you are declining"
MSG_WITHDRAW_AFTER_AWARD = "The request has been decided: the offer can no longer be withdrawn"
MSG_QUESTION = "Enter your question"
MSG_ANSWER = "Enter your answer"
MSG_RATE_WHEN = "Offers are rated while they are being evaluated"
MSG_ALREADY_ANSWERED = (
    "This question has already been answered. The provider has the answer, so it cannot change"
)

MSG_ABOVE_CEILING = (
    "The weekly fee of £{fee:,.2f} is above the DPS ceiling of £{ceiling:,.2f} for this setting "
    "and lot: explain why"
)

OFFER_FIELDS = frozenset(
    {*FEE_PARTS, "weeks_per_year", "proposed_start_on", "conditions", "above_ceiling_reason"}
)


def _require_open(invitation: RequestInvitation) -> None:
    if invitation.request.status != RequestStatus.OPEN:
        raise DomainError(MSG_CLOSED)


def offer_check(*, actor: User, invitation: RequestInvitation, **fields) -> Offer:
    """Everything an offer is refused for, checked without writing: the provider's
    check-your-answers page asks it before the offer is sent, `offer_submit` again when it is.
    Answers the offer as it would be saved (unsaved)."""
    policy.require(actor, "placements.respond_invitation", invitation)
    _require_open(invitation)
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise TypeError(f"Not offer fields: {sorted(unknown)}")
    offer = Offer.objects.filter(invitation=invitation).first() or Offer(invitation=invitation)
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.submitted_by = actor
    full_clean(offer, exclude=["invitation", "submitted_by"])
    if offer.weekly_fee <= 0:
        raise DomainError(MSG_ZERO_FEE, field="education")
    ceiling = invitation.ceiling_weekly
    if ceiling is not None and offer.weekly_fee > ceiling:
        if not offer.above_ceiling_reason.strip():
            raise DomainError(
                MSG_ABOVE_CEILING.format(fee=offer.weekly_fee, ceiling=ceiling),
                field="above_ceiling_reason",
            )
    else:
        offer.above_ceiling_reason = ""  # nothing to explain at or under the ceiling
    if invitation.status not in (InvitationStatus.INVITED, InvitationStatus.OFFERED):
        raise DomainError(f"You have {invitation.get_status_display().lower()} this request")
    return offer


@transaction.atomic
def offer_submit(*, actor: User, invitation: RequestInvitation, **fields) -> Offer:
    """Offer a place, or revise the offer, while the request is open for offers."""
    offer = offer_check(actor=actor, invitation=invitation, **fields)
    if invitation.status == InvitationStatus.INVITED:
        transition(
            invitation_machine(),
            invitation,
            to=InvitationStatus.OFFERED,
            party=PROVIDER,
            actor=actor,
        )
        RequestInvitation.objects.filter(pk=invitation.pk).update(responded_at=timezone.now())
        offer.submitted_at = timezone.now()
    offer.save()
    notifications.responded(invitation, kind="offered")
    return offer


@transaction.atomic
def offer_decline(
    *, actor: User, invitation: RequestInvitation, reason: str, note: str = ""
) -> RequestInvitation:
    """Decline the invitation, with a reason; 'other' needs a note."""
    policy.require(actor, "placements.respond_invitation", invitation)
    _require_open(invitation)
    if reason not in DeclineReason.values:
        raise DomainError("Select a reason for declining", field="reason")
    if reason == DeclineReason.OTHER and not note.strip():
        raise DomainError(MSG_DECLINE_NOTE, field="note")
    transition(
        invitation_machine(),
        invitation,
        to=InvitationStatus.DECLINED,
        party=PROVIDER,
        actor=actor,
        reason=note,
    )
    RequestInvitation.objects.filter(pk=invitation.pk).update(
        decline_reason=reason, decline_note=note, responded_at=timezone.now()
    )
    invitation.decline_reason, invitation.decline_note = reason, note
    notifications.responded(invitation, kind="declined")
    return invitation


@transaction.atomic
def offer_withdraw(
    *, actor: User, invitation: RequestInvitation, reason: str = ""
) -> RequestInvitation:
    """Withdraw an offer at any time before the request is decided."""
    policy.require(actor, "placements.respond_invitation", invitation)
    if invitation.request.status not in (RequestStatus.OPEN, RequestStatus.EVALUATING):
        raise DomainError(MSG_WITHDRAW_AFTER_AWARD)
    transition(
        invitation_machine(),
        invitation,
        to=InvitationStatus.WITHDRAWN,
        party=PROVIDER,
        actor=actor,
        reason=reason,
    )
    notifications.responded(invitation, kind="withdrawn")
    return invitation


@transaction.atomic
def question_ask(*, actor: User, invitation: RequestInvitation, question: str) -> OfferQuestion:
    """A provider's clarification question; the borough's commissioners are emailed."""
    policy.require(actor, "placements.respond_invitation", invitation)
    _require_open(invitation)
    if not question.strip():
        raise DomainError(MSG_QUESTION, field="question")
    asked = OfferQuestion.objects.create(
        invitation=invitation, question=question.strip(), asked_by=actor
    )
    notifications.question_asked(asked)
    return asked


@transaction.atomic
def question_answer(*, actor: User, question: OfferQuestion, answer: str) -> OfferQuestion:
    """The commissioner's answer; the provider's users are emailed.

    An answer is given once: the provider may already have read it and acted on it, so a second
    answer is refused (409), not written over the first. The update is conditional, so two
    commissioners answering at once cannot both succeed.
    """
    policy.require(actor, "placements.answer_question", question)
    if not answer.strip():
        raise DomainError(MSG_ANSWER, field="answer")
    now = timezone.now()
    answered = OfferQuestion.objects.filter(pk=question.pk, answered_at__isnull=True).update(
        answer=answer.strip(), answered_by=actor, answered_at=now
    )
    if not answered:
        raise InvalidTransition(MSG_ALREADY_ANSWERED)
    question.answer, question.answered_by, question.answered_at = answer.strip(), actor, now
    notifications.question_answered(question)
    return question


@transaction.atomic
def offer_rate(*, actor: User, offer: Offer, needs_fit: int | None) -> Offer:
    """The commissioner's 0-4 rating of how well an offer meets the child's needs."""
    placement_request = offer.invitation.request
    policy.require(actor, "placements.change_request", placement_request)
    if placement_request.status != RequestStatus.EVALUATING:
        raise DomainError(MSG_RATE_WHEN)
    offer.needs_fit = needs_fit
    offer.needs_fit_by = None if needs_fit is None else actor
    offer.needs_fit_at = None if needs_fit is None else timezone.now()
    full_clean(offer, exclude=["invitation", "submitted_by"])
    offer.save(update_fields=["needs_fit", "needs_fit_by", "needs_fit_at"])
    return offer
