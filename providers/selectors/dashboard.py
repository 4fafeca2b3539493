"""Reads for the dashboard: per-lot figures for council staff, a provider's own panel, and the
things to do of reviewers and providers' users."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.dashboard import Todo

from ..access import is_reviewer
from ..choices import ApplicationStatus, EnrolmentStatus
from ..models import (
    Application,
    DynamicPurchasingSystem,
    EvidenceDocument,
    Lot,
    Provider,
    Setting,
    provider_id_for,
)
from .accreditation import decision_working_days, review_queue
from .common import in_consortium
from .deadlines import DUE_SOON, OVERDUE, median
from .directory import consortium_lots

EXPIRY_WINDOW_DAYS = 30


@dataclass
class LotFigures:
    lot: Lot
    registered: int
    accredited: int
    enrolled: int
    median_days: float | None


@dataclass
class DpsFigures:
    dps: DynamicPurchasingSystem
    lots: list[LotFigures] = field(default_factory=list)


def lot_figures(*, actor: User) -> list[DpsFigures]:
    """Per lot: providers registered (with an application to it, drafts too), providers
    accredited, settings enrolled, and the median working days from submission to decision."""
    lots = consortium_lots(actor=actor).annotate(
        registered=Count("applications__provider", distinct=True),
        accredited=Count(
            "applications__provider",
            filter=Q(applications__status=ApplicationStatus.ACCREDITED),
            distinct=True,
        ),
        enrolled=Count(
            "enrolments",
            filter=Q(enrolments__status=EnrolmentStatus.ENROLLED),
            distinct=True,
        ),
    )
    days = decision_working_days(actor=actor)
    dpss: dict[int, DpsFigures] = {}
    for lot in lots:
        figures = dpss.setdefault(lot.dps_id, DpsFigures(dps=lot.dps))
        figures.lots.append(
            LotFigures(lot, lot.registered, lot.accredited, lot.enrolled, median(days[lot.pk]))
        )
    return list(dpss.values())


def providers_registered(*, actor: User) -> int:
    return Provider.objects.for_user(actor).count()


def evidence_expiring(*, actor: User, today: date | None = None) -> QuerySet[EvidenceDocument]:
    """Documents of the consortium's applicants that expire in the next 30 days and that no
    later-expiring document of the same type replaces."""
    today = today or timezone.localdate()
    replacement = EvidenceDocument.objects.filter(
        provider=OuterRef("provider"),
        evidence_type=OuterRef("evidence_type"),
        rejected_at__isnull=True,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    return (
        EvidenceDocument.objects.for_user(actor)
        .filter(
            in_consortium(actor, "application__dps__consortium"),
            rejected_at__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=EXPIRY_WINDOW_DAYS),
        )
        .exclude(Exists(replacement))
        .select_related("provider")
        .order_by("expires_on", "provider__legal_name")
    )


def provider_dashboard_panel(request) -> dict | None:
    """The provider's part of the dashboard: its organisation, settings and applications.

    Shown to signed-in users with no borough: a provider user, or a new account that has yet
    to register its organisation.
    """
    user = request.user
    if user.borough_id is not None or user.is_staff or user.is_borough_staff:
        return None
    provider_id = provider_id_for(user)
    provider = (
        Provider.objects.for_user(user).filter(pk=provider_id).first() if provider_id else None
    )
    return {
        "template": "providers/_dashboard_panel.html",
        "organisation": provider,
        "settings": Setting.objects.for_user(user).order_by("name") if provider else [],
        "applications": (
            Application.objects.for_user(user).select_related("dps") if provider else []
        ),
    }


def provider_todos(request) -> list[Todo]:
    """Reviewers: applications overdue or due a decision soon, the rest waiting, and evidence
    to check. A provider's users: evidence that expires within 30 days."""
    user = request.user
    items = []
    if is_reviewer(user):
        queue = review_queue(actor=user)
        overdue = sum(1 for row in queue if row.deadline and row.deadline.state == OVERDUE)
        due = sum(1 for row in queue if row.deadline and row.deadline.state == DUE_SOON)
        url = reverse("providers:accreditation_queue")
        items += [
            Todo(overdue, "DPS application{s} past the decision deadline", url, order=0),
            Todo(due, "DPS application{s} due a decision within 2 working days", url, order=5),
            Todo(len(queue) - overdue - due, "other DPS application{s} waiting for a decision",
                 url, order=35),
            Todo(
                EvidenceDocument.objects.for_user(user)
                .filter(application__isnull=True, accepted_at__isnull=True, rejected_at__isnull=True)
                .count(),
                "evidence document{s} to check",
                reverse("providers:evidence_to_check"),
                order=20,
            ),
        ]  # fmt: skip
    elif policy.actor_of(user).is_provider:
        expiring = (
            EvidenceDocument.objects.for_user(user)
            .filter(expires_on__isnull=False, expires_on__lte=timezone.localdate() + timedelta(30))
            .current()
            .count()
        )
        items.append(
            Todo(expiring, "evidence document{s} expiring within 30 days",
                 reverse("providers:evidence"), order=15)
        )  # fmt: skip
    return items
