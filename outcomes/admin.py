"""The outcomes app in the Django admin, for platform operators: read and correct, not run the
workflow. Versions are agreed, targets set and returns decided through the services (pages and
API), so statuses, sign-offs and scores are read-only here."""

from django.contrib import admin

from .models import (
    Domain,
    FrameworkVersion,
    Indicator,
    OutcomeTarget,
    ReturnEvent,
    SignOff,
    TargetScore,
    Term,
    TermlyReturn,
)


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ["order", "code", "name", "kind"]


class SignOffInline(admin.TabularInline):
    model = SignOff
    extra = 0
    can_delete = False
    fields = ["borough", "provider", "signed_by", "signed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "consortium", "status", "agreed_at"]
    list_filter = ["status", "consortium"]
    readonly_fields = ["public_id", "status", "agreed_at", "agreed_by", "created_by", "created_at"]
    inlines = [DomainInline, SignOffInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "domain", "scale"]
    list_filter = ["scale", "domain__version"]
    search_fields = ["name", "code"]
    raw_id_fields = ["domain"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "consortium", "starts_on", "ends_on", "returns_due_on"]
    list_filter = ["consortium", "academic_year"]


@admin.register(OutcomeTarget)
class OutcomeTargetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "placement", "indicator", "baseline", "target", "target_date"]
    raw_id_fields = ["placement", "indicator", "set_by"]
    readonly_fields = ["public_id", "latest_score", "set_at"]


class TargetScoreInline(admin.TabularInline):
    model = TargetScore
    extra = 0
    can_delete = False
    fields = ["target", "score", "progress", "met", "evidence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    can_delete = False
    fields = ["from_status", "to_status", "actor", "at", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TermlyReturn)
class TermlyReturnAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "late", "submitted_at", "mean_progress"]
    list_filter = ["status", "late", "term"]
    raw_id_fields = ["placement", "term", "framework_version", "submitted_by"]
    readonly_fields = ["public_id", "status", "mean_progress", "submitted_at", "decided_at"]
    inlines = [TargetScoreInline, ReturnEventInline]
