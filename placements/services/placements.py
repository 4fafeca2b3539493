"""Writes for awards and placements: award, fee changes, reviews, ends and moves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import MSG_REASON_REQUIRED, DomainError, InvalidTransition
from kernel.workflow import MSG_WRONG_STATE, transition
from providers.models import Setting
from providers.services import setting_release_vacancy, setting_take_vacancy

from .. import notifications
from ..choices import EndReason, InvitationStatus, PlacementStatus, RequestStatus, VariationKind
from ..evaluation import evaluation_sheet, row_of, unrated
from ..models import (
    EvaluationRecord,
    FeeChange,
    Offer,
    Placement,
    PlacementAgreement,
    PlacementRequest,
    RequestInvitation,
)
from ..money import money_changed
from ..workflow import COMMISSIONER, invitation_machine, request_machine
from .agreements import agreement_draft
from .common import full_clean
from .lots import require_enrolled
from .records import evaluation_freeze
from .requests import _end_offers, _lapse_unanswered
from .variations import variation_record_notice

MSG_NO_VACANCY = "{setting} has no vacancy left: it may have just been filled"
MSG_NOT_AN_OFFER = "Choose an offer that is still live"
MSG_FEE_DATE = "The fee cannot change before the placement starts"
MSG_FEE_DATE_TAKEN = "The fee already changes on that date: correct that change instead"
MSG_ENDED = "This placement has ended"
MSG_END_DATE = "The end date cannot be before the placement starts"
MSG_MOVE_SAME = "Choose a different setting to move to"
MSG_USE_VARIATION = (
    "This placement has an agreement: propose a variation, which changes the fee once both "
    "sides have signed it"
)
MSG_START_IN_PAST = (
    "The start date {day} is in the past: enter why the placement is recorded as starting then"
)


def _start_reason(starts_on: date, reason: str) -> str:
    """The recorded reason for a start date already past; refused when there is none.

    A back-dated start makes the placement active, and its cost to date, at once: a council
    must be able to say why (a placement made in an emergency and recorded afterwards, say).
    """
    if starts_on >= timezone.localdate():
        return ""
    if not reason.strip():
        day = f"{starts_on.day} {starts_on:%B %Y}"
        raise DomainError(MSG_START_IN_PAST.format(day=day), field="start_reason")
    return reason.strip()


MSG_UNRATED = (
    "Rate every offer for how well it meets the needs, or record why not: not rated yet, {names}"
)
MSG_SAFEGUARDING = (
    "Ofsted found safeguarding not met at {setting}: record why the award should still go ahead"
)


@transaction.atomic  # the enrolment is read under its lock, as the award itself reads it
def award_check(
    *,
    actor: User,
    placement_request: PlacementRequest,
    invitation: RequestInvitation,
    reason: str,
    unrated_reason: str = "",
    safeguarding_reason: str = "",
    start_reason: str = "",
) -> dict:
    """Everything an award is refused for, checked without writing: the check-your-answers
    page asks it before the commissioner confirms, and `request_award` again under its locks.
    Answers the evaluation sheet as it stands."""
    policy.require(actor, "placements.award_request", placement_request)
    if placement_request.status != RequestStatus.EVALUATING:
        raise InvalidTransition(
            MSG_WRONG_STATE.format(
                noun="request", status=placement_request.get_status_display().lower()
            )
        )
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    if (
        invitation.request_id != placement_request.pk
        or invitation.status != InvitationStatus.OFFERED
    ):
        raise DomainError(MSG_NOT_AN_OFFER, field="invitation")
    _start_reason(invitation.offer.proposed_start_on, start_reason)
    require_enrolled(
        setting=invitation.setting, lot_id=placement_request.lot_id, field="invitation"
    )
    sheet = evaluation_sheet(placement_request)
    not_rated = unrated(sheet)
    if not_rated and not unrated_reason.strip():
        names = ", ".join(row["setting_name"] for row in not_rated)
        raise DomainError(MSG_UNRATED.format(names=names), field="unrated_reason")
    winner = row_of(sheet, invitation)
    if winner and winner["safeguarding_not_met"] and not safeguarding_reason.strip():
        raise DomainError(
            MSG_SAFEGUARDING.format(setting=invitation.setting.name), field="safeguarding_reason"
        )
    return sheet


@transaction.atomic
def request_award(
    *,
    actor: User,
    placement_request: PlacementRequest,
    invitation: RequestInvitation,
    reason: str,
    spot_weekly: Decimal | None = None,
    unrated_reason: str = "",
    safeguarding_reason: str = "",
    start_reason: str = "",
) -> Placement:
    """Award the request to one offer and place the child.

    The placement starts on the offer's proposed start date; when that date has already
    passed, `start_reason` must say why (it is kept on the placement).

    Refused until every live offer is rated for needs fit or the commissioner records why not,
    and, when Ofsted found safeguarding not met at the winner, until a reason to proceed is
    recorded. In one transaction: the evaluation as it stands is frozen into an
    `EvaluationRecord`, the request moves to awarded (locked), one vacancy is taken from the
    setting by a conditional update (so two awards racing for the last vacancy give exactly one
    placement; the loser's transaction rolls back whole), the placement is created at the
    agreed fee with its first fee row, and every other responder's offer ends. Every provider
    that responded is emailed its outcome after commit.
    """
    sheet = award_check(
        actor=actor,
        placement_request=placement_request,
        invitation=invitation,
        reason=reason,
        unrated_reason=unrated_reason,
        safeguarding_reason=safeguarding_reason,
        start_reason=start_reason,
    )  # the evaluation as the commissioner saw it, before anything moves
    start_reason = start_reason.strip()
    not_rated = unrated(sheet)
    transition(
        request_machine(),
        placement_request,
        to=RequestStatus.AWARDED,
        party=COMMISSIONER,
        actor=actor,
        reason=reason,
    )
    transition(
        invitation_machine(),
        invitation,
        to=InvitationStatus.AWARDED,
        party=COMMISSIONER,
        actor=actor,
        reason=reason,
    )
    evaluation_freeze(
        actor=actor,
        placement_request=placement_request,
        sheet=sheet,
        outcome=EvaluationRecord.Outcome.AWARDED,
        reason=reason,
        winner=invitation,
        unrated_reason=unrated_reason if not_rated else "",
        safeguarding_reason=safeguarding_reason,
    )
    if not setting_take_vacancy(setting_id=invitation.setting_id):
        raise DomainError(MSG_NO_VACANCY.format(setting=invitation.setting.name))
    now = timezone.now()
    PlacementRequest.objects.filter(pk=placement_request.pk).update(
        decided_at=now, decision_reason=reason
    )
    offer: Offer = invitation.offer
    placement = Placement.objects.create(
        borough_id=placement_request.borough_id,
        child_id=placement_request.child_id,
        request=placement_request,
        offer=offer,
        setting_id=invitation.setting_id,
        provider_id=invitation.provider_id,
        lot_id=placement_request.lot_id,
        provision=placement_request.provision,
        weeks_per_year=offer.weeks_per_year,
        starts_on=offer.proposed_start_on,
        start_reason=start_reason,
        agreed_weekly=offer.weekly_fee,
        ceiling_weekly=invitation.ceiling_weekly,
        spot_weekly=spot_weekly,
        distance_km=invitation.distance_km,
        next_review_on=_a_year_after(offer.proposed_start_on),
        created_by=actor,
    )
    FeeChange.objects.create(
        placement=placement,
        effective_from=placement.starts_on,
        weekly_fee=placement.agreed_weekly,
        lines=offer.schedule(),
        reason="Agreed at award",
        recorded_by=actor,
    )
    agreement_draft(placement=placement)
    _lapse_unanswered(placement_request, reason="Awarded to another provider")
    told = _end_offers(
        placement_request, reason="Awarded to another provider", except_pk=invitation.pk
    )
    notifications.outcome([invitation.pk, *told], placement_request=placement_request)
    money_changed()
    return placement


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _require_active(placement: Placement) -> None:
    if placement.status != PlacementStatus.ACTIVE:
        raise DomainError(MSG_ENDED)


@transaction.atomic
def placement_fee_change(
    *, actor: User, placement: Placement, effective_from: date, weekly_fee: Decimal, reason: str
) -> FeeChange:
    """A fee uplift or cut from a date; cost to date and committed cost follow the history.

    Only for placements without an agreement (made before agreements, or loaded as history):
    under an agreement the fee changes by a signed variation (services.variations), so this
    answers 409.
    """
    policy.require(actor, "placements.change_placement", placement)
    _require_active(placement)
    if _agreement_of(placement) is not None:
        raise InvalidTransition(MSG_USE_VARIATION)
    if effective_from <= placement.starts_on:
        raise DomainError(MSG_FEE_DATE, field="effective_from")
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    change = FeeChange(
        placement=placement,
        effective_from=effective_from,
        weekly_fee=weekly_fee,
        reason=reason,
        recorded_by=actor,
    )
    full_clean(change, exclude=["placement", "recorded_by"])
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError as error:
        raise DomainError(MSG_FEE_DATE_TAKEN, field="effective_from") from error
    money_changed()
    return change


@transaction.atomic
def placement_update(
    *,
    actor: User,
    placement: Placement,
    spot_weekly: Decimal | None = None,
    next_review_on: date | None = None,
) -> Placement:
    """Record a spot-purchase price to measure savings against, and the next annual review."""
    policy.require(actor, "placements.change_placement", placement)
    placement.spot_weekly = spot_weekly
    placement.next_review_on = next_review_on
    full_clean(placement, exclude=["borough", "child", "setting", "provider", "lot", "created_by"])
    placement.save(update_fields=["spot_weekly", "next_review_on"])
    money_changed()
    return placement


def _agreement_of(placement: Placement) -> PlacementAgreement | None:
    return PlacementAgreement.objects.filter(placement=placement).first()


def _notify_agreement(actor, placement: Placement, kind: str, on: date, reason: str) -> None:
    """A move or an end is the council's to make; under an agreement it is recorded as a
    variation the provider acknowledges."""
    agreement = _agreement_of(placement)
    if agreement is not None:
        variation_record_notice(
            actor=actor, agreement=agreement, kind=kind, effective_on=on, reason=reason
        )


def _end(placement: Placement, *, ends_on: date, reason: str) -> Placement:
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.status != PlacementStatus.ACTIVE:
        raise InvalidTransition(MSG_ENDED)
    if ends_on < locked.starts_on:
        raise DomainError(MSG_END_DATE, field="ends_on")
    if reason not in EndReason.values:
        raise DomainError("Select why the placement ended", field="reason")
    locked.status, locked.ends_on, locked.end_reason = PlacementStatus.ENDED, ends_on, reason
    locked.save(update_fields=["status", "ends_on", "end_reason"])
    setting_release_vacancy(setting_id=locked.setting_id)
    money_changed()
    placement.status, placement.ends_on, placement.end_reason = locked.status, ends_on, reason
    return locked


@transaction.atomic
def placement_end(*, actor: User, placement: Placement, ends_on: date, reason: str) -> Placement:
    """End a placement with an SSDA903-style reason; its vacancy goes back to the setting.
    Under an agreement, an end variation is recorded for the provider to acknowledge."""
    policy.require(actor, "placements.change_placement", placement)
    ended = _end(placement, ends_on=ends_on, reason=reason)
    label = EndReason(reason).label
    _notify_agreement(actor, placement, VariationKind.END, ends_on, f"Ended: {label}")
    return ended


@transaction.atomic
def placement_move(
    *,
    actor: User,
    placement: Placement,
    setting: Setting,
    starts_on: date,
    weekly_fee: Decimal,
    reason: str,
    start_reason: str = "",
) -> Placement:
    """Move the child to another setting enrolled on the same lot: this placement ends (X1) the
    day the next begins, which takes a vacancy there. The DPS ceiling is the new setting's on
    the lot. A start date already past needs `start_reason`, kept on the new placement."""
    policy.require(actor, "placements.change_placement", placement)
    if setting.pk == placement.setting_id:
        raise DomainError(MSG_MOVE_SAME, field="setting")
    enrolment = require_enrolled(setting=setting, lot_id=placement.lot_id, field="setting")
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    start_reason = _start_reason(starts_on, start_reason)
    _end(placement, ends_on=starts_on, reason=EndReason.X1)
    _notify_agreement(actor, placement, VariationKind.MOVE, starts_on, f"Moved: {reason}")
    if not setting_take_vacancy(setting_id=setting.pk):
        raise DomainError(MSG_NO_VACANCY.format(setting=setting.name), field="setting")
    ceiling = enrolment.price.weekly_ceiling
    successor = Placement.objects.create(
        borough_id=placement.borough_id,
        child_id=placement.child_id,
        setting=setting,
        provider_id=setting.provider_id,
        lot_id=placement.lot_id,
        provision=placement.provision,
        weeks_per_year=placement.weeks_per_year,
        starts_on=starts_on,
        start_reason=start_reason,
        agreed_weekly=weekly_fee,
        ceiling_weekly=ceiling,
        next_review_on=_a_year_after(starts_on),
        moved_from=placement,
        created_by=actor,
    )
    FeeChange.objects.create(
        placement=successor,
        effective_from=starts_on,
        weekly_fee=weekly_fee,
        reason=reason,
        recorded_by=actor,
    )
    agreement_draft(placement=successor)
    money_changed()
    return successor
