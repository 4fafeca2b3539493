"""Retention runs and subject access exports in the Django admin: read-only, for platform
operators and the data protection officer checking that the job runs."""

from django.contrib import admin

from .models import RetentionRun, SubjectAccessExport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "finished_at",
        "trigger",
        "retention_years",
        "cut_off",
        "due",
        "anonymised",
        "exports_deleted",
    ]
    list_filter = ["trigger"]
    readonly_fields = [field.name for field in RetentionRun._meta.fields]


@admin.register(SubjectAccessExport)
class SubjectAccessExportAdmin(ReadOnlyAdmin):
    """No files and no child's details here: status only, for looking into a failure."""

    list_display = ["public_id", "status", "attempts", "requested_at", "finished_at"]
    list_filter = ["status"]
    fields = ["public_id", "status", "progress", "progress_message", "error", "attempts"]
    readonly_fields = fields
