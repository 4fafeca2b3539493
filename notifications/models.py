"""The outbox's one table."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class OutboxMessage(models.Model):
    """A side effect to deliver: a Celery task by name with its arguments, written in the same
    transaction as the change that causes it, so it exists exactly when the change commits.

        pending --(Celery accepts it)--> sent --(the task runs to the end)--> done
        pending --(the broker refused it OUTBOX_MAX_ATTEMPTS times)--> failed
        sent --(the task failed on its last retry)--> failed
        failed --(an operator's "Retry now")--> pending

    `run_by` is the Celery task id of the delivery that ran it: a second delivery of the same
    row (the relay sent it again after losing the answer) carries another id and is skipped.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    # A fixed Celery task id the caller tracks (a report run's); blank: a new one per send.
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Sends tried so far")
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    run_by = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The relay's question: which pending messages are due?
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outbox_pending_due",
            ),
            models.Index(fields=["status", "task_name"], name="outbox_status_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk} ({self.status})"
