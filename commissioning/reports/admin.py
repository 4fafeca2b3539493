"""Report runs in the Django admin: read-only, for platform operators looking into a failure."""

from django.contrib import admin

from .models import ReportDownload, ReportRun, ReportRunEvent


class ReportRunEventInline(admin.TabularInline):
    model = ReportRunEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "at", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["public_id", "kind", "scope", "status", "progress", "attempts", "requested_at"]
    list_filter = ["status", "kind", "scope", "scheduled"]
    search_fields = ["public_id", "requested_by__email"]
    readonly_fields = [field.name for field in ReportRun._meta.fields]
    inlines = [ReportRunEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    list_display = ["run", "user", "at"]
    list_select_related = ["run", "user"]
    readonly_fields = ["run", "user", "at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
