"""The audit trail in the Django admin, for platform operators: each audited model's historical
rows as a read-only list, newest first. (Its own admin, where it has one, also gets
simple-history's History page through SimpleHistoryAdmin.) Nothing here edits or reverts."""

from __future__ import annotations

from django.contrib import admin

from .registry import as_record


class HistoryRecordAdmin(admin.ModelAdmin):
    """Read-only: who changed the record, when, how, and what made it when no one did."""

    list_display = [
        "history_date",
        "history_type",
        "record",
        "history_user",
        "history_change_reason",
    ]
    list_filter = ["history_type", "history_date"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]
    ordering = ["-history_date", "-history_id"]
    # Fields a change page may show (besides these, subclasses list the record's own).
    history_fields = ["history_date", "history_type", "history_user", "history_change_reason"]
    record_fields: list[str] = []

    @admin.display(description="record")
    def record(self, obj) -> str:
        return str(as_record(obj))

    def get_fields(self, request, obj=None):
        return [*self.history_fields, "id", *self.record_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
