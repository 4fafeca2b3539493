"""What the DPS API reads: each viewset's rows, scoped to the user first and then joined so
a list's query count does not grow with its rows; and the filters its lists take."""

from __future__ import annotations

from django.db.models import Prefetch
from django_filters import rest_framework as filters

from ..access import can_read_documents
from ..choices import EnrolmentStatus, LotKind, NeedCode
from ..models import (
    Application,
    Clarification,
    DynamicPurchasingSystem,
    Enrolment,
    EvidenceDocument,
    PriceLine,
    Provider,
    Setting,
)


def dps_rows(*, actor):
    return (
        DynamicPurchasingSystem.objects.for_user(actor)
        .select_related("strand")
        .prefetch_related("lots")
    )


def provider_rows(*, actor):
    return Provider.objects.for_user(actor)


def setting_rows(*, actor):
    # Enrolments are each consortium's own: staff see their consortium's, a provider its own.
    current = (
        Enrolment.objects.for_user(actor)
        .filter(status=EnrolmentStatus.ENROLLED)
        .select_related("lot")
    )
    return (
        Setting.objects.for_user(actor)
        .select_related("provider")
        .prefetch_related(Prefetch("enrolments", queryset=current, to_attr="current_enrolments"))
    )


def application_rows(*, actor):
    return (
        Application.objects.for_user(actor)
        .select_related("provider", "dps")
        .prefetch_related(
            "lots",
            "settings",
            "exclusions",
            "clarifications",
            "events",
            Prefetch(
                "prices",
                queryset=PriceLine.objects.for_user(actor).select_related("setting", "lot"),
            ),
        )
    )


def document_rows(*, actor):
    # Borough analysts see applications but not the evidence behind them (providers.access).
    if not can_read_documents(actor):
        return EvidenceDocument.objects.none()
    return EvidenceDocument.objects.for_user(actor).select_related("provider", "application")


def clarification_rows(*, actor):
    return Clarification.objects.for_user(actor).select_related("application")


def enrolment_rows(*, actor):
    return (
        Enrolment.objects.for_user(actor)
        .select_related("setting__provider", "lot__dps", "application", "price")
        .prefetch_related("events")
        .order_by("lot__dps", "lot__number", "setting__name", "pk")
    )


class SettingFilter(filters.FilterSet):
    establishment_type = filters.CharFilter(help_text="GIAS type code or SSDA903 code, like 10.")
    lot = filters.ChoiceFilter(
        choices=LotKind.choices, method="enrolled_on", help_text="Enrolled on a lot of this kind."
    )
    need = filters.ChoiceFilter(
        choices=NeedCode.choices, method="caters_for", help_text="Caters for this SEN2 need."
    )
    has_vacancies = filters.BooleanFilter(method="with_vacancies")

    class Meta:
        model = Setting
        fields = ["establishment_type", "lot", "need", "has_vacancies"]

    def enrolled_on(self, queryset, name, value):
        return queryset.filter(
            enrolments__lot__kind=value, enrolments__status=EnrolmentStatus.ENROLLED
        ).distinct()

    def caters_for(self, queryset, name, value):
        # SQLite has no JSON containment; the quoted code matches one list element exactly,
        # and `value` is one of the need codes, so it cannot carry a quote of its own.
        return queryset.filter(needs__icontains=f'"{value}"')

    def with_vacancies(self, queryset, name, value):
        return queryset.filter(vacancies__gt=0) if value else queryset.filter(vacancies=0)


class EnrolmentFilter(filters.FilterSet):
    lot = filters.ChoiceFilter(field_name="lot__kind", choices=LotKind.choices)
    status = filters.ChoiceFilter(choices=EnrolmentStatus.choices)
    setting = filters.UUIDFilter(field_name="setting__public_id")

    class Meta:
        model = Enrolment
        fields = ["lot", "status", "setting"]
