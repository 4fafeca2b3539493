"""Operators' view of the outbox: what is pending (the broker was away), what failed, and why."""

from django.contrib import admin, messages

from . import outbox
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "task_name",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "done_at",
        "short_error",
    ]
    list_filter = ["status", "task_name"]
    search_fields = ["task_name", "last_error"]
    ordering = ["-created_at", "-pk"]
    actions = ["retry_now"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False  # rows are written by services, in their transactions

    @admin.display(description="Last error")
    def short_error(self, message: OutboxMessage) -> str:
        return message.last_error[:80]

    @admin.action(description="Retry now")
    def retry_now(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        sent = outbox.retry(selected)
        self.message_user(
            request,
            f"{sent} of {len(selected)} sent to the workers; the rest stay pending or were "
            "already done or running.",
            messages.SUCCESS if sent else messages.WARNING,
        )
