"""Writes for placement requests: draft, invite (the call-off), close, cancel, none suitable."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import StrandMembership, User
from kernel.errors import MSG_REASON_REQUIRED, DomainError, InvalidTransition
from kernel.workflow import transition
from providers.models import Lot, Setting

from .. import notifications
from ..choices import (
    InvitationStatus,
    NotMetReason,
    PhaseTransfer,
    RequestStatus,
    SufficiencyReason,
)
from ..evaluation import evaluation_sheet
from ..matching import km, match_settings
from ..models import Child, EvaluationRecord, PlacementRequest, RequestInvitation
from ..workflow import COMMISSIONER, SYSTEM, invitation_machine, request_machine
from .common import full_clean, require_not_anonymised
from .lots import require_enrolled
from .records import evaluation_freeze
from .standard import require_standard_shape

MSG_LOT_STRAND = "Choose a lot of the strand this request is for"
MSG_NOT_A_MEMBER = "Choose a lot of a strand your borough belongs to"
MSG_NOT_DRAFT = "Only a draft request can be changed"
MSG_CHOOSE_SETTINGS = "Select at least one setting to invite"
MSG_NOT_A_MATCH = "{name} does not match this request any more: refresh the list"
MSG_ALREADY_INVITED = "{name} has already been invited"
MSG_DEADLINE_PAST = "The response deadline must be in the future"
MSG_UNMET_CODE = "Select why no offer is suitable"

REQUEST_FIELDS = frozenset(
    {
        "lot",
        "required_start_on",
        "provision",
        "weeks_per_year",
        "needs_summary",
        "risks",
        "communication",
        "compatibility",
        "additional_support",
        "budget_ceiling_weekly",
        "response_deadline",
        "mainstream_considered",
        "in_borough_considered",
        "not_met_reasons",
        "not_met_explanation",
        "phase_transfer",
        "transfer_on",
        "standard",
    }
)


def _apply(placement_request: PlacementRequest, fields: dict) -> None:
    unknown = set(fields) - REQUEST_FIELDS
    if unknown:
        raise TypeError(f"Not request fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(placement_request, name, value)
    lot: Lot = placement_request.lot
    if lot.dps.strand_id != placement_request.strand_id:
        raise DomainError(MSG_LOT_STRAND, field="lot")
    if not StrandMembership.objects.filter(
        strand_id=placement_request.strand_id, borough_id=placement_request.borough_id
    ).exists():
        raise DomainError(MSG_NOT_A_MEMBER, field="lot")
    if "standard" in fields:
        require_standard_shape(placement_request.standard)
    full_clean(placement_request, exclude=["borough", "child", "strand", "created_by"])


@transaction.atomic
def request_create(*, actor: User, child: Child, **fields) -> PlacementRequest:
    """A draft request for one of the borough's children; the strand is the lot's."""
    policy.require(actor, "placements.change_child", child)
    require_not_anonymised(child)
    lot = fields.get("lot")
    placement_request = PlacementRequest(
        borough_id=child.borough_id,
        child=child,
        strand_id=lot.dps.strand_id if lot else None,
        created_by=actor,
    )
    _apply(placement_request, fields)
    placement_request.save()
    return placement_request


@transaction.atomic
def request_update(
    *, actor: User, placement_request: PlacementRequest, **fields
) -> PlacementRequest:
    """Change a draft; once invitations have gone out the request is what providers answered."""
    policy.require(actor, "placements.change_request", placement_request)
    if placement_request.status != RequestStatus.DRAFT:
        raise InvalidTransition(MSG_NOT_DRAFT)  # 409: the request's state refuses, not the input
    if "lot" in fields and fields["lot"] is not None:
        placement_request.strand_id = fields["lot"].dps.strand_id
    _apply(placement_request, fields)
    placement_request.save()
    return placement_request


def request_problems(
    placement_request: PlacementRequest, *, today: date | None = None
) -> list[tuple[str, str]]:
    """What must be answered before the request can go to providers, as (field, message)."""
    today = today or timezone.localdate()
    problems = []
    if not placement_request.needs_summary.strip():
        problems.append(("needs_summary", "Enter a summary of the child's needs for providers"))
    if placement_request.response_deadline is None:
        problems.append(("response_deadline", "Enter the date offers are due"))
    elif placement_request.response_deadline <= today:
        problems.append(("response_deadline", MSG_DEADLINE_PAST))
    if not placement_request.not_met_reasons:
        problems.append(
            (
                "not_met_reasons",
                "Select why mainstream and in-borough provision do not meet the need",
            )
        )
    if (
        NotMetReason.OTHER in placement_request.not_met_reasons
        and not placement_request.not_met_explanation.strip()
    ):
        problems.append(("not_met_explanation", "Explain the other reason"))
    if not (placement_request.mainstream_considered and placement_request.in_borough_considered):
        problems.append(
            (
                "mainstream_considered",
                "Consider mainstream and in-borough provision before an independent placement",
            )
        )
    if (
        placement_request.phase_transfer != PhaseTransfer.NONE
        and placement_request.transfer_on is None
    ):
        problems.append(("transfer_on", "Enter the date of the phase transfer"))
    return problems


@transaction.atomic
def request_invite(
    *, actor: User, placement_request: PlacementRequest, setting_ids: Iterable[int]
) -> list[RequestInvitation]:
    """Send the request to the chosen matched settings; a draft opens on its first invitations.

    Only settings enrolled on the request's lot, and that match now, can be invited. Each invitation keeps the distance and the
    DPS ceiling as they were. Providers are emailed after commit.
    """
    policy.require(actor, "placements.change_request", placement_request)
    chosen = set(setting_ids)
    if not chosen:
        raise DomainError(MSG_CHOOSE_SETTINGS, field="settings")
    if placement_request.status == RequestStatus.DRAFT:
        problems = request_problems(placement_request)
        if problems:
            field, message = problems[0]
            raise DomainError(message, field=field)
        transition(
            request_machine(),
            placement_request,
            to=RequestStatus.OPEN,
            party=COMMISSIONER,
            actor=actor,
        )
        PlacementRequest.objects.filter(pk=placement_request.pk).update(opened_at=timezone.now())
    elif placement_request.status != RequestStatus.OPEN:
        raise DomainError("Providers can only be invited while the request is open")
    settings = Setting.objects.in_bulk(chosen)
    matches = {
        m.setting_id: m for m in match_settings(placement_request).filter(setting_id__in=chosen)
    }
    invitations = []
    for setting_id in sorted(chosen):
        setting = settings.get(setting_id)
        if setting is None:
            raise DomainError(MSG_NOT_A_MATCH.format(name="A setting"), field="settings")
        require_enrolled(setting=setting, lot_id=placement_request.lot_id, field="settings")
        match = matches.get(setting_id)
        if match is None:
            raise DomainError(MSG_NOT_A_MATCH.format(name=setting.name), field="settings")
        if match.invited:
            raise DomainError(MSG_ALREADY_INVITED.format(name=match.setting.name), field="settings")
        invitations.append(
            RequestInvitation.objects.create(
                request=placement_request,
                setting=match.setting,
                provider_id=match.setting.provider_id,
                distance_km=km(match.distance_km),
                ceiling_weekly=match.ceiling_weekly,
                invited_by=actor,
            )
        )
    notifications.invited(invitations)
    return invitations


@transaction.atomic
def request_close(
    *, actor: User | None, placement_request: PlacementRequest, reason: str = ""
) -> PlacementRequest:
    """Close the request to offers: evaluation starts; invitations not answered lapse.

    With no actor it is the system closing a request whose deadline has passed.
    """
    party = SYSTEM if actor is None else COMMISSIONER
    if actor is not None:
        policy.require(actor, "placements.change_request", placement_request)
    transition(
        request_machine(),
        placement_request,
        to=RequestStatus.EVALUATING,
        party=party,
        actor=actor,
        reason=reason,
    )
    _lapse_unanswered(placement_request, reason="Offers closed")
    return placement_request


def _lapse_unanswered(placement_request: PlacementRequest, *, reason: str) -> None:
    for invitation in placement_request.invitations.filter(status=InvitationStatus.INVITED):
        transition(
            invitation_machine(),
            invitation,
            to=InvitationStatus.NO_RESPONSE,
            party=SYSTEM,
            reason=reason,
        )


def _end_offers(
    placement_request: PlacementRequest, *, reason: str, except_pk: int | None = None
) -> list[int]:
    """Mark every live offer unsuccessful; the ids of the responders to tell."""
    told = []
    for invitation in placement_request.invitations.filter(status=InvitationStatus.OFFERED).exclude(
        pk=except_pk
    ):
        transition(
            invitation_machine(),
            invitation,
            to=InvitationStatus.UNSUCCESSFUL,
            party=SYSTEM,
            reason=reason,
        )
        told.append(invitation.pk)
    return told


def _decide(
    placement_request: PlacementRequest, *, to: str, actor: User, reason: str
) -> PlacementRequest:
    policy.require(actor, "placements.change_request", placement_request)
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    transition(
        request_machine(), placement_request, to=to, party=COMMISSIONER, actor=actor, reason=reason
    )
    PlacementRequest.objects.filter(pk=placement_request.pk).update(
        decided_at=timezone.now(), decision_reason=reason
    )
    placement_request.decision_reason = reason
    _lapse_unanswered(placement_request, reason=reason)
    told = _end_offers(placement_request, reason=reason)
    notifications.outcome(told, placement_request=placement_request)
    return placement_request


@transaction.atomic
def request_cancel(
    *, actor: User, placement_request: PlacementRequest, reason: str
) -> PlacementRequest:
    """Cancel a request that has not been awarded; anyone who offered is told."""
    return _decide(placement_request, to=RequestStatus.CANCELLED, actor=actor, reason=reason)


@transaction.atomic
def request_none_suitable(
    *, actor: User, placement_request: PlacementRequest, reason: str, reason_code: str
) -> PlacementRequest:
    """Record that no offer meets the need, with a sufficiency code (no vacancy, cannot meet
    need, location, price, risk, other) and the reason in words; anyone who offered is told.
    The evaluation the decision was made on is frozen with it."""
    policy.require(actor, "placements.change_request", placement_request)
    if reason_code not in SufficiencyReason.values:
        raise DomainError(MSG_UNMET_CODE, field="reason_code")
    sheet = evaluation_sheet(placement_request)
    _decide(placement_request, to=RequestStatus.NONE_SUITABLE, actor=actor, reason=reason)
    PlacementRequest.objects.filter(pk=placement_request.pk).update(unmet_reason=reason_code)
    placement_request.unmet_reason = reason_code
    evaluation_freeze(
        actor=actor,
        placement_request=placement_request,
        sheet=sheet,
        outcome=EvaluationRecord.Outcome.NONE_SUITABLE,
        reason=reason,
    )
    return placement_request


def requests_close_expired(*, today: date | None = None) -> int:
    """Close every open request whose response deadline has passed (the daily beat job)."""
    today = today or timezone.localdate()
    closed = 0
    due = PlacementRequest.objects.filter(status=RequestStatus.OPEN, response_deadline__lt=today)
    for placement_request in due.iterator():
        try:
            with transaction.atomic():
                request_close(
                    actor=None,
                    placement_request=placement_request,
                    reason="The response deadline passed",
                )
        except InvalidTransition:
            continue  # the commissioner closed or cancelled it meanwhile
        closed += 1
    return closed
