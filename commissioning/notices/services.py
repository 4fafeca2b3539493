"""Writes for notices: draft from a record, redraft, mark ready once checked, record publication
(ADR 19). Each calls the policy first; a consortium's admins act on its own notices only."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError, InvalidTransition
from placements.models import FeeChange, Placement
from providers.models import DynamicPurchasingSystem

from . import drafting
from .choices import DYNAMIC_MARKET, NoticeStatus, NoticeType
from .models import ProcurementNotice
from .schema import problems

MSG_NO_SUBJECT = "Choose the {what} the notice is about"
MSG_NOT_A_CALL_OFF = (
    "Placement {ref} was not awarded through a call-off: it has no call-off notices"
)
MSG_NOT_ENDED = "Placement {ref} has not ended: a termination notice needs its end"
MSG_NO_CHANGE = "Say what changed in the dynamic market"
MSG_HAS_PROBLEMS = "Fix the problems listed before marking the notice ready: {count} found"
MSG_NOT_DRAFT = "Only a draft notice can be changed: this one is {status}"
MSG_NOT_READY = "Only a notice that is ready can be recorded as published: this one is {status}"
MSG_REFERENCE = "Enter the notice's reference on Find a Tender"


def _build(notice: ProcurementNotice) -> None:
    """(Re)draft the notice's release from its record and check it."""
    if notice.notice_type in DYNAMIC_MARKET:
        notice.release = drafting.dps_release(
            notice.dps, notice.notice_type, notice.change_description
        )
        notice.authorities = [
            f"GB-GSS-{borough.ons_code}" for borough in drafting.market_authorities(notice.dps)
        ]
    else:
        notice.placement = Placement.objects.select_related(
            "request", "offer__invitation", "borough", "provider", "lot__dps"
        ).get(pk=notice.placement_id)
        notice.release = drafting.call_off_release(
            notice.placement, notice.notice_type, notice.fee_change
        )
        notice.authorities = [f"GB-GSS-{notice.placement.borough.ons_code}"]
        notice.due_by = drafting.due_by(notice.placement, notice.notice_type)
    notice.problems = problems(notice.release, notice.notice_type)


@transaction.atomic
def notice_draft(
    *,
    actor: User,
    notice_type: str,
    dps: DynamicPurchasingSystem | None = None,
    placement: Placement | None = None,
    fee_change: FeeChange | None = None,
    change_description: str = "",
) -> ProcurementNotice:
    """Draft a notice of `notice_type` from a DPS (dynamic market notices) or a placement
    (call-off notices); it is checked as drafted, and keeps every problem found."""
    policy.require(actor, "notices.add_procurementnotice")
    if notice_type in DYNAMIC_MARKET:
        if dps is None or dps.consortium_id != actor.consortium_id:
            raise DomainError(MSG_NO_SUBJECT.format(what="dynamic purchasing system"), field="dps")
        if notice_type == NoticeType.UK15 and not change_description.strip():
            raise DomainError(MSG_NO_CHANGE, field="change_description")
        placement = fee_change = None
    else:
        if placement is None or placement.borough.consortium_id != actor.consortium_id:
            raise DomainError(MSG_NO_SUBJECT.format(what="placement"), field="placement")
        if placement.offer_id is None or placement.request_id is None:
            raise DomainError(MSG_NOT_A_CALL_OFF.format(ref=placement.reference), field="placement")
        if notice_type == NoticeType.UK11 and placement.ends_on is None:
            raise DomainError(MSG_NOT_ENDED.format(ref=placement.reference), field="placement")
        dps = None
    notice = ProcurementNotice(
        consortium_id=actor.consortium_id,
        notice_type=notice_type,
        dps=dps,
        placement=placement,
        fee_change=fee_change,
        change_description=change_description.strip(),
        drafted_by=actor,
    )
    _build(notice)
    notice.save()
    return notice


def _locked(notice: ProcurementNotice) -> ProcurementNotice:
    return ProcurementNotice.objects.select_for_update().get(pk=notice.pk)


@transaction.atomic
def notice_redraft(*, actor: User, notice: ProcurementNotice) -> ProcurementNotice:
    """Draft the release again from the record as it stands now."""
    policy.require(actor, "notices.change_procurementnotice", notice)
    locked = _locked(notice)
    if locked.status != NoticeStatus.DRAFT:
        raise InvalidTransition(MSG_NOT_DRAFT.format(status=locked.get_status_display().lower()))
    _build(locked)
    locked.drafted_by, locked.drafted_at = actor, timezone.now()
    locked.save()
    return locked


@transaction.atomic
def notice_mark_ready(*, actor: User, notice: ProcurementNotice) -> ProcurementNotice:
    """The admin checked the notice: it becomes ready to publish if it has no problems. Its
    release is frozen from here: a correction is a new notice."""
    policy.require(actor, "notices.change_procurementnotice", notice)
    locked = _locked(notice)
    if locked.status != NoticeStatus.DRAFT:
        raise InvalidTransition(MSG_NOT_DRAFT.format(status=locked.get_status_display().lower()))
    locked.problems = problems(locked.release, locked.notice_type)
    if locked.problems:  # the page lists them, checked afresh (`schema.problems`)
        raise DomainError(MSG_HAS_PROBLEMS.format(count=len(locked.problems)))
    locked.status = NoticeStatus.READY
    locked.checked_by, locked.checked_at = actor, timezone.now()
    locked.save(update_fields=["status", "checked_by", "checked_at", "problems"])
    return locked


@transaction.atomic
def notice_mark_published(
    *, actor: User, notice: ProcurementNotice, platform_reference: str, published_on: date
) -> ProcurementNotice:
    """Record that an admin published the ready notice on Find a Tender, and its reference."""
    policy.require(actor, "notices.change_procurementnotice", notice)
    locked = _locked(notice)
    if locked.status != NoticeStatus.READY:
        raise InvalidTransition(MSG_NOT_READY.format(status=locked.get_status_display().lower()))
    if not platform_reference.strip():
        raise DomainError(MSG_REFERENCE, field="platform_reference")
    locked.status = NoticeStatus.PUBLISHED
    locked.platform_reference = platform_reference.strip()
    locked.published_by, locked.published_on = actor, published_on
    locked.save(update_fields=["status", "platform_reference", "published_by", "published_on"])
    return locked
