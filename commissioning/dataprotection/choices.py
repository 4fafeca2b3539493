"""Choices for subject access exports and retention runs."""

from django.db import models


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Preparing"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


ACTIVE_EXPORT_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportFormat(models.TextChoices):
    JSON = "json", "JSON"
    PDF = "pdf", "PDF"


class RetentionTrigger(models.TextChoices):
    SCHEDULE = "schedule", "Daily schedule"
    COMMAND = "command", "Management command"
