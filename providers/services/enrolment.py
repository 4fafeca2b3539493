"""Writes for enrolments and the evidence behind them: suspension, reinstatement, removal, accepted
evidence, and the daily check of expiring evidence."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError
from kernel.workflow import transition

from .. import notifications
from ..choices import EXPIRING_EVIDENCE, EnrolmentStatus
from ..models import DocumentDownload, Enrolment, EvidenceDocument, EvidenceReminder
from ..workflow import REVIEWER, SYSTEM, enrolment_machine
from .common import MSG_REASON_REQUIRED

REMINDER_DAYS = (30, 7)


def _move_enrolment(enrolment: Enrolment, *, to: str, actor: User | None, reason: str) -> Enrolment:
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    party = SYSTEM if actor is None else REVIEWER
    if actor is not None:
        policy.require(actor, "providers.decide_enrolment", enrolment)
    return transition(
        enrolment_machine(), enrolment, to=to, party=party, actor=actor, reason=reason.strip()
    )


@transaction.atomic
def enrolment_suspend(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    return _move_enrolment(enrolment, to=EnrolmentStatus.SUSPENDED, actor=actor, reason=reason)


@transaction.atomic
def enrolment_reinstate(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    enrolment = _move_enrolment(enrolment, to=EnrolmentStatus.ENROLLED, actor=actor, reason=reason)
    Enrolment.objects.filter(pk=enrolment.pk).update(suspended_for_expiry=False)
    return enrolment


@transaction.atomic
def enrolment_remove(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    """Remove a setting from a lot, for example because its provider is an excluded supplier."""
    return _move_enrolment(enrolment, to=EnrolmentStatus.REMOVED, actor=actor, reason=reason)


def _missing_current_evidence(provider_id: int, on: date) -> list[str]:
    current = set(
        EvidenceDocument.objects.filter(provider_id=provider_id, accepted_at__isnull=False)
        .current(on)
        .values_list("evidence_type", flat=True)
    )
    return [evidence for evidence in EXPIRING_EVIDENCE if evidence not in current]


@transaction.atomic
def evidence_accept(*, actor: User, document: EvidenceDocument) -> EvidenceDocument:
    """Accept a (replacement) document; the provider's enrolments on the reviewer's own
    consortium's lots that were suspended for expired evidence come back once nothing required
    is missing any more. Another consortium's enrolments are that consortium's to restore."""
    policy.require(actor, "providers.accept_evidence", document)
    document.accepted_at, document.rejected_at = timezone.now(), None
    document.save(update_fields=["accepted_at", "rejected_at"])
    if not _missing_current_evidence(document.provider_id, timezone.localdate()):
        suspended = Enrolment.objects.filter(
            lot__dps__consortium_id=policy.actor_of(actor).consortium_id,
            setting__provider_id=document.provider_id,
            status=EnrolmentStatus.SUSPENDED,
            suspended_for_expiry=True,
        )
        restored = list(suspended)
        for enrolment in restored:
            transition(
                enrolment_machine(),
                enrolment,
                to=EnrolmentStatus.ENROLLED,
                party=SYSTEM,
                actor=None,
                reason=f"Valid {document.get_evidence_type_display().lower()} accepted",
            )
        Enrolment.objects.filter(pk__in=[e.pk for e in restored]).update(suspended_for_expiry=False)
    return document


@transaction.atomic
def evidence_expiry_check(*, today: date | None = None) -> dict[str, int]:
    """The daily check: remind providers 30 and 7 days before insurance expires, and suspend
    the enrolments of a provider whose accepted insurance has lapsed with no valid replacement.

    Idempotent: a reminder is sent once per document and lead time; a suspended enrolment is
    not suspended again.
    """
    today = today or timezone.localdate()
    reminded = 0
    for days in REMINDER_DAYS:
        due = EvidenceDocument.objects.filter(
            accepted_at__isnull=False,
            evidence_type__in=EXPIRING_EVIDENCE,
            expires_on=today + timedelta(days=days),
        ).exclude(reminders__days_before=days)
        for document in due:
            EvidenceReminder.objects.create(document=document, days_before=days)
            notifications.evidence_email(document, "expiring", days=days)
            reminded += 1
    suspended = 0
    enrolled = Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED).select_related("setting")
    for provider_id in set(enrolled.values_list("setting__provider_id", flat=True)):
        missing = _missing_current_evidence(provider_id, today)
        if not missing:
            continue
        labels = ", ".join(
            EvidenceDocument(evidence_type=m).get_evidence_type_display().lower() for m in missing
        )
        for enrolment in enrolled.filter(setting__provider_id=provider_id):
            transition(
                enrolment_machine(),
                enrolment,
                to=EnrolmentStatus.SUSPENDED,
                party=SYSTEM,
                actor=None,
                reason=f"Evidence expired: {labels}",
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(suspended_for_expiry=True)
            suspended += 1
        notifications.provider_suspended_email(provider_id, labels)
    return {"reminded": reminded, "suspended": suspended}


def document_download(*, actor: User, document: EvidenceDocument):
    """Open a document for the actor (fetched with access_document) and log the download."""
    DocumentDownload.objects.create(document=document, user=actor)
    return document.file.open("rb")
