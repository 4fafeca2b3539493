"""Subject access exports of a child's record, and the runs of the retention job.

An export:

    queued ──a worker takes it──> running ──both files stored──> done
                                     └──an error, or the last retry──> failed

Every move is a conditional update (two workers can never both own an export). Finished files
live on private storage under `subject-access/<public_id>/`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from boroughs import policy
from boroughs.tenancy import TenantQuerySet
from placements.models import Child

from .choices import ACTIVE_EXPORT_STATUSES, ExportStatus, RetentionTrigger
from .storage import export_file_path, export_storage


class ExportQuerySet(TenantQuerySet):
    """A borough's own exports only, whatever the reader's role: consortium-wide roles read
    other boroughs' children, but a subject access request is answered by the borough that
    holds the record. Its own rule (boroughs.policy reads who the actor is)."""

    borough_path = "child__borough"

    def scoped_for(self, actor: policy.Actor) -> ExportQuerySet:
        if actor.is_operator:
            return self.all()
        if not actor.is_council:
            return self.none()
        return self.filter(child__borough_id=actor.borough_id)


class SubjectAccessExport(models.Model):
    """Everything the portal holds about one child, gathered for a subject access request.

    A commissioner of the child's borough asks; a worker writes a JSON file and a PDF of the
    same contents (`export/`). Asking, and each download, are written to the child's access log.
    `counts` is how many rows each part of the export holds, shown on the page. Anonymising the
    child deletes its exports and their files; the daily retention job deletes the files of
    exports older than SUBJECT_ACCESS_EXPORT_KEEP_DAYS (the row stays, as the record of the
    request).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    json_file = models.FileField(
        storage=export_storage, upload_to=export_file_path, max_length=300, blank=True
    )
    pdf_file = models.FileField(
        storage=export_storage, upload_to=export_file_path, max_length=300, blank=True
    )
    json_size = models.PositiveBigIntegerField(null=True, blank=True)
    pdf_size = models.PositiveBigIntegerField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    files_deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the retention job deleted the files."
    )

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="subject_access_progress_max"
            )
        ]

    def __str__(self) -> str:
        return f"Subject access export of {self.child} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_EXPORT_STATUSES

    @property
    def is_downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and self.files_deleted_at is None

    def filename(self, extension: str) -> str:
        """subject-access-CR-0042-2026-05-01.json: the child's reference and the day it was made."""
        day = timezone.localtime(self.requested_at).date()
        reference = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.child.reference)
        return f"subject-access-{reference}-{day:%Y-%m-%d}.{extension}"


class RetentionRun(models.Model):
    """One real run of the retention job: when, under which cut-off, how many it anonymised.

    A child is anonymised when nothing about them is live and the latest of their last
    placement's end, their last request's decision and the record's creation is on or before
    `cut_off` (`retention_years` before the run's day). Dry runs write no row.
    """

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=10, choices=RetentionTrigger.choices)
    retention_years = models.PositiveSmallIntegerField()
    cut_off = models.DateField()
    due = models.PositiveIntegerField(default=0, help_text="Records found past the cut-off.")
    anonymised = models.PositiveIntegerField(default=0)
    exports_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run {self.started_at:%Y-%m-%d %H:%M}: {self.anonymised} anonymised"
