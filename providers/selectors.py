"""Reads for council staff on the DPS: the accreditation queue, the review screen, the provider
directory and the dashboard.

Scoped first (`for_user`), then to the actor's consortium (its DPSs, their lots and
applications), with the joins each page needs so that its query count does not grow with rows.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from boroughs import policy
from boroughs.geo import Location, distance_km
from boroughs.models import Postcode, User
from kernel.dashboard import Todo

from .access import access_application, access_setting, is_reviewer
from .choices import (
    ApplicationStatus,
    EnrolmentStatus,
    ExclusionGround,
    setting_type_label,
)
from .models import (
    Application,
    ApplicationEvent,
    Clarification,
    DynamicPurchasingSystem,
    Enrolment,
    EnrolmentEvent,
    EvidenceDocument,
    Inspection,
    Lot,
    PriceLine,
    Provider,
    ReviewItem,
    Setting,
    provider_id_for,
)
from .working_days import (
    DECISION_LIMIT,
    DUE_SOON_MARGIN,
    EXTENDED_DECISION_LIMIT,
    add_working_days,
    working_days_between,
)

OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.CLARIFICATION_REQUESTED,
)
DECIDED_STATUSES = (ApplicationStatus.ACCREDITED, ApplicationStatus.REJECTED)
OVERDUE, DUE_SOON = "overdue", "due soon"
EXPIRY_WINDOW_DAYS = 30
# Kilometres in one degree of latitude on the sphere boroughs.geo uses.
KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360
# The questionnaire sections a reviewer checks, besides each evidence document.
REVIEW_SECTIONS = {
    "lots": "Lots and settings",
    "questionnaire": "Exclusion grounds and insurance cover",
    "declarations": "Declarations",
    "prices": "Price schedule",
}


def _label_types(settings: Iterable[Setting]) -> None:
    for setting in settings:
        setting.type_label = setting_type_label(setting.establishment_type)


def _in_consortium(actor: User, path: str) -> Q:
    """Rows of the actor's own consortium, reached through `path` (a lookup ending at
    Consortium): what the consortium's staff work on, where providers see other consortia's."""
    who = policy.actor_of(actor)
    if who.is_operator:
        return Q()
    if not who.is_council:
        return Q(pk__in=[])
    return Q(**{f"{path}_id": who.consortium_id})


def company_number_registered(number: str, *, other_than: Provider | None = None) -> bool:
    """Whether another organisation has registered this Companies House number: registration
    is checked against the whole market, whoever asks."""
    others = Provider.objects.filter(companies_house_number=number)
    if other_than is not None:
        others = others.exclude(pk=other_than.pk)
    return others.exists()


# --- Deadlines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """Working days an application has waited for a decision, against its legal limit."""

    working_days: int
    limit: int
    due_on: date

    @property
    def state(self) -> str:
        if self.working_days > self.limit:
            return OVERDUE
        if self.working_days >= self.limit - DUE_SOON_MARGIN:
            return DUE_SOON
        return ""


def application_deadline(application: Application, *, today: date | None = None) -> Deadline | None:
    """The decision deadline of a submitted application; None before it is submitted."""
    if application.submitted_at is None:
        return None
    submitted_on = timezone.localdate(application.submitted_at)
    limit = EXTENDED_DECISION_LIMIT if application.deadline_extended else DECISION_LIMIT
    end = timezone.localdate(application.decided_at) if application.decided_at else today
    return Deadline(
        working_days=working_days_between(submitted_on, end or timezone.localdate()),
        limit=limit,
        due_on=add_working_days(submitted_on, limit),
    )


def median(values: Iterable[int]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


# --- Accreditation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    application: Application
    deadline: Deadline


def review_queue(*, actor: User) -> list[QueueRow]:
    """Applications waiting for a decision, oldest first, with their deadlines."""
    applications = (
        Application.objects.for_user(actor)
        .filter(_in_consortium(actor, "dps__consortium"), status__in=OPEN_STATUSES)
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
            _in_consortium(actor, "dps__consortium"),
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


def application_for_review(*, actor: User, public_id) -> Application:
    """One application with everything the review screen shows; 404 outside the consortium."""
    application = access_application(actor, public_id)
    if not policy.may(actor, "providers.review_application", application):
        raise Http404
    checks = ReviewItem.objects.select_related("reviewer").order_by("-reviewed_at", "-pk")
    application = (
        Application.objects.select_related("provider", "dps", "declarations_confirmed_by")
        .prefetch_related(
            Prefetch("lots", queryset=Lot.objects.order_by("number")),
            Prefetch(
                "settings",
                queryset=Setting.objects.order_by("name").prefetch_related("inspections"),
            ),
            "exclusions",
            Prefetch(
                "documents",
                queryset=EvidenceDocument.objects.order_by("evidence_type", "-uploaded_at")
                .select_related("uploaded_by")
                .prefetch_related(Prefetch("review_items", queryset=checks)),
            ),
            Prefetch(
                "prices",
                queryset=PriceLine.objects.select_related("setting", "lot").order_by(
                    "setting__name", "lot__number"
                ),
            ),
            Prefetch(
                "clarifications",
                queryset=Clarification.objects.select_related("asked_by", "answered_by"),
            ),
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor")),
            Prefetch(
                "review_items",
                queryset=checks.filter(document__isnull=True),
                to_attr="question_checks",
            ),
        )
        .get(pk=application.pk)
    )
    _label_types(application.settings.all())
    return application


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

    Needs `application_for_review`'s prefetches.
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


# --- Directory -----------------------------------------------------------------------------------


@dataclass
class DirectoryFilters:
    lot: Lot | None = None
    need: str = ""
    setting_type: str = ""
    ofsted: str = ""
    has_vacancies: bool = False
    origin: Location | None = None
    within_km: int | None = None


def consortium_lots(*, actor: User) -> QuerySet[Lot]:
    return (
        Lot.objects.for_user(actor)
        .filter(_in_consortium(actor, "dps__consortium"))
        .select_related("dps")
        .order_by("dps__name", "number")
    )


def _latest_inspection(column: str) -> Subquery:
    latest = Inspection.objects.filter(setting=OuterRef("pk")).order_by(
        F("inspected_on").desc(nulls_last=True), "-pk"
    )
    return Subquery(latest.values(column)[:1])


def _located(column: str) -> Coalesce:
    """The setting's own coordinate, else its postcode's (a care setting often has none)."""
    return Coalesce(
        column,
        Subquery(Postcode.objects.filter(postcode=OuterRef("postcode")).values(column)[:1]),
    )


def setting_directory(*, actor: User, filters: DirectoryFilters | None = None) -> QuerySet[Setting]:
    """Settings for council staff, filtered; nearest first when there is an origin.

    Each carries `latest_ofsted` and `latest_ofsted_on` (its latest inspection),
    `located_latitude` and `located_longitude`, and `consortium_enrolments` (its enrolments on
    lots of the actor's consortium, with their lots).
    """
    filters = filters or DirectoryFilters()
    enrolments = (
        Enrolment.objects.for_user(actor)
        .filter(_in_consortium(actor, "lot__dps__consortium"))
        .select_related("lot")
        .order_by("lot__dps__name", "lot__number")
    )
    settings = (
        Setting.objects.for_user(actor)
        .select_related("provider")
        .annotate(
            latest_ofsted=_latest_inspection("overall"),
            latest_ofsted_on=_latest_inspection("inspected_on"),
            located_latitude=_located("latitude"),
            located_longitude=_located("longitude"),
        )
        .prefetch_related(
            Prefetch("enrolments", queryset=enrolments, to_attr="consortium_enrolments")
        )
    )
    if filters.lot is not None:
        settings = settings.filter(
            Exists(
                Enrolment.objects.filter(
                    setting=OuterRef("pk"), lot=filters.lot, status=EnrolmentStatus.ENROLLED
                )
            )
        )
    if filters.need:
        # `needs` is a JSON list of SEN2 codes. `needs__contains=[code]` is PostgreSQL's jsonb @>
        # and SQLite refuses it, so search the JSON text for the quoted code: both databases
        # store ["ASD", "SLCN"] with the quotes, and the quotes stop "SLD" matching "PMLD"'s tail.
        settings = settings.filter(needs__icontains=f'"{filters.need}"')
    if filters.setting_type:
        settings = settings.filter(establishment_type=filters.setting_type)
    if filters.ofsted:
        settings = settings.filter(latest_ofsted=filters.ofsted)
    if filters.has_vacancies:
        settings = settings.filter(vacancies__gt=0)
    if filters.origin is None:
        return settings.order_by("name", "pk")
    return _nearest_first(settings, filters.origin, filters.within_km)


def _nearest_first(
    settings: QuerySet[Setting], origin: Location, within_km: int | None
) -> QuerySet[Setting]:
    # The flat-earth distance, squared: plain arithmetic both databases do, and within 0.1% of
    # the great-circle distance across London. Pages show boroughs.geo.distance_km instead.
    lat0, lon0 = float(origin.latitude), float(origin.longitude)
    north = (Cast("located_latitude", FloatField()) - lat0) * KM_PER_DEGREE
    east = (
        (Cast("located_longitude", FloatField()) - lon0)
        * KM_PER_DEGREE
        * math.cos(math.radians(lat0))
    )
    settings = settings.annotate(distance_squared=Cast(north * north + east * east, FloatField()))
    if within_km is not None:
        settings = settings.filter(distance_squared__lte=within_km**2)
    return settings.order_by(F("distance_squared").asc(nulls_last=True), "name", "pk")


def with_distances(settings: Iterable[Setting], origin: Location | None) -> list[Setting]:
    """Give each setting `distance_km` from the origin (None when either place is unknown) and
    `type_label`."""
    settings = list(settings)
    _label_types(settings)
    for setting in settings:
        setting.distance_km = None
        if origin is not None and setting.located_latitude is not None:
            here = Location(setting.located_latitude, setting.located_longitude, "postcode")
            setting.distance_km = distance_km(origin, here)
    return settings


def setting_for_directory(*, actor: User, public_id) -> Setting:
    """One setting with its inspections and its enrolments on the consortium's lots (with
    their history)."""
    setting = access_setting(actor, public_id)
    enrolments = (
        Enrolment.objects.for_user(actor)
        .filter(_in_consortium(actor, "lot__dps__consortium"))
        .select_related("lot__dps", "price", "application")
        .prefetch_related(
            Prefetch("events", queryset=EnrolmentEvent.objects.select_related("actor"))
        )
        .order_by("lot__dps__name", "lot__number")
    )
    setting = (
        Setting.objects.select_related("provider")
        .prefetch_related(
            "inspections",
            Prefetch("enrolments", queryset=enrolments, to_attr="consortium_enrolments"),
        )
        .get(pk=setting.pk)
    )
    _label_types([setting])
    return setting


def enrolment_for_reviewer(*, actor: User, public_id) -> Enrolment:
    """An enrolment on a lot of the actor's consortium; 404 for any other, as for a missing one."""
    enrolments = Enrolment.objects.for_user(actor).filter(
        _in_consortium(actor, "lot__dps__consortium")
    )
    return get_object_or_404(enrolments.select_related("setting", "lot"), public_id=public_id)


# --- Dashboard -----------------------------------------------------------------------------------


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
            _in_consortium(actor, "application__dps__consortium"),
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
