"""Reads for the accreditation queue and the review screen: applications waiting for a decision,
with their deadlines, and what a reviewer checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from boroughs.models import User

from ..choices import ApplicationStatus, ExclusionGround
from ..models import Application, EvidenceDocument, Lot, ReviewItem
from ..working_days import working_days_between
from .common import in_consortium
from .deadlines import Deadline, application_deadline

OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.CLARIFICATION_REQUESTED,
)
DECIDED_STATUSES = (ApplicationStatus.ACCREDITED, ApplicationStatus.REJECTED)
# The questionnaire sections a reviewer checks, besides each evidence document.
REVIEW_SECTIONS = {
    "lots": "Lots and settings",
    "questionnaire": "Exclusion grounds and insurance cover",
    "declarations": "Declarations",
    "prices": "Price schedule",
}


@dataclass(frozen=True)
class QueueRow:
    application: Application
    deadline: Deadline


def review_queue(*, actor: User) -> list[QueueRow]:
    """Applications waiting for a decision, oldest first, with their deadlines."""
    applications = (
        Application.objects.for_user(actor)
        .filter(in_consortium(actor, "dps__consortium"), status__in=OPEN_STATUSES)
        .select_related("provider", "dps")
        .prefetch_related(Prefetch("lots", queryset=Lot.objects.order_by("number")))
        .order_by("submitted_at", "pk")
    )
    today = timezone.localdate()
    return [QueueRow(a, application_deadline(a, today=today)) for a in applications]


def decision_working_days(*, actor: User) -> dict[int | None, list[int]]:
    """Working days from submission to decision of decided applications, per lot id.

    The key None holds every decided application once, whatever its lots.
    """
    rows = (
        Application.objects.for_user(actor)
        .filter(
            in_consortium(actor, "dps__consortium"),
            status__in=DECIDED_STATUSES,
            submitted_at__isnull=False,
            decided_at__isnull=False,
        )
        .values_list("pk", "submitted_at", "decided_at", "lots")
    )
    days: dict[int | None, list[int]] = defaultdict(list)
    seen = set()
    for pk, submitted_at, decided_at, lot_id in rows:
        taken = working_days_between(
            timezone.localdate(submitted_at), timezone.localdate(decided_at)
        )
        if lot_id is not None:
            days[lot_id].append(taken)
        if pk not in seen:
            seen.add(pk)
            days[None].append(taken)
    return days


def exclusion_answers(application: Application) -> list:
    """The application's exclusion answers in the questionnaire's order."""
    order = {ground.value: n for n, ground in enumerate(ExclusionGround)}
    return sorted(application.exclusions.all(), key=lambda answer: order.get(answer.ground, 99))


@dataclass
class ChecklistItem:
    """One thing a reviewer checks: an evidence document or a questionnaire section."""

    subject: str
    label: str
    checks: list[ReviewItem]
    document: EvidenceDocument | None = None
    form: Any = None  # the page's form to record a check, while the review is open

    @property
    def latest(self) -> ReviewItem | None:
        return self.checks[0] if self.checks else None


def review_checklist(application: Application) -> list[ChecklistItem]:
    """Sections first, then documents; each with its checks, newest first.

    Needs `access_application_for_review`'s prefetches (providers.access).
    """
    by_question = defaultdict(list)
    for check in application.question_checks:
        by_question[check.question].append(check)
    items = [
        ChecklistItem(subject=key, label=label, checks=by_question[key])
        for key, label in REVIEW_SECTIONS.items()
    ]
    items += [
        ChecklistItem(
            subject=str(document.public_id),
            label=document.get_evidence_type_display(),
            checks=list(document.review_items.all()),
            document=document,
        )
        for document in application.documents.all()
    ]
    return items
