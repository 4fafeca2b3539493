"""Report runs: an analyst (or the monthly schedule) asks for a report, a worker builds the file.

    queued ──worker takes it──> running ──file stored──> done
      ^  │                        │  │
      │  └──────────┐             │  └──a lasting error, or the last retry──> failed
      └─transient error or dead worker (the sweeper)─┘

Every move is a conditional update (two workers can never both own a run) and writes a
ReportRunEvent. Finished files live on private storage under `reports/<public_id>/`, one file
per run; each download is logged as a ReportDownload.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from boroughs import policy
from boroughs.choices import Role
from boroughs.tenancy import TenantQuerySet

from .choices import ACTIVE_STATUSES, ReportKind, ReportScope, RunStatus
from .storage import report_file_path, report_storage

STRAND_LABELS = {"send": "SEND strand", "care": "Care strand"}


class ReportRunQuerySet(TenantQuerySet):
    """Analysts' runs: the lead borough's analysts (and consortium admins) see every run of their
    consortium; a borough analyst sees the runs scoped to their own borough; nobody else any.

    Its own rule (boroughs.policy reads who the actor is): runs are scoped by what they report
    on, not by who owns them.
    """

    consortium_path = "consortium"
    council_roles = frozenset({Role.LEAD_ANALYST, Role.BOROUGH_ANALYST, Role.CONSORTIUM_ADMIN})
    run_path = ""

    def scoped_for(self, actor: policy.Actor) -> ReportRunQuerySet:
        if actor.is_operator:
            return self.all()
        prefix = f"{self.run_path}__" if self.run_path else ""
        if not actor.is_council:
            return self.none()
        if actor.is_lead_borough and actor.has_role(Role.LEAD_ANALYST, Role.CONSORTIUM_ADMIN):
            return self.filter(**{f"{prefix}consortium_id": actor.consortium_id})
        if actor.has_role(Role.BOROUGH_ANALYST):
            return self.filter(
                **{f"{prefix}scope": ReportScope.BOROUGH, f"{prefix}borough_id": actor.borough_id}
            )
        return self.none()


class ReportRunPartQuerySet(ReportRunQuerySet):
    consortium_path = "run__consortium"
    run_path = "run"


class ReportRun(models.Model):
    """One report asked for: its kind, scope and period, its progress and, once done, its file.

    `requested_by` is empty for the runs the monthly schedule makes (`scheduled`).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=30, choices=ReportKind.choices)
    scope = models.CharField(max_length=20, choices=ReportScope.choices)
    consortium = models.ForeignKey(
        "boroughs.Consortium", on_delete=models.PROTECT, related_name="report_runs"
    )
    strand = models.ForeignKey(
        "boroughs.Strand", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    borough = models.ForeignKey(
        "boroughs.Borough", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()

    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)

    file = models.FileField(
        storage=report_storage, upload_to=report_file_path, max_length=300, blank=True
    )
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)  # last sent to the queue
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=255, blank=True)
    scheduled = models.BooleanField(default=False)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="report_run_sweep")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max"),
            models.CheckConstraint(
                condition=(
                    Q(scope=ReportScope.CONSORTIUM, strand__isnull=True, borough__isnull=True)
                    | Q(scope=ReportScope.STRAND, strand__isnull=False, borough__isnull=True)
                    | Q(scope=ReportScope.BOROUGH, strand__isnull=True, borough__isnull=False)
                ),
                name="report_scope_matches",
            ),
            # The monthly schedule makes each report once a period, however often beat fires.
            models.UniqueConstraint(
                fields=["consortium", "kind", "scope", "period_start", "period_end"],
                condition=Q(scheduled=True),
                name="one_scheduled_run_a_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.scope_label()}, {self.period_label}"

    def scope_borough_ids(self) -> list[int]:
        """The boroughs the report covers: the consortium's, the strand's members, or one."""
        from boroughs.models import Borough

        if self.scope == ReportScope.BOROUGH:
            return [self.borough_id]
        if self.scope == ReportScope.STRAND:
            return list(
                Borough.objects.filter(strands=self.strand_id)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        return list(
            Borough.objects.filter(consortium_id=self.consortium_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def scope_label(self) -> str:
        """What the report covers, as its title names it: "Croydon", "SEND strand"."""
        if self.scope == ReportScope.BOROUGH:
            return self.borough.name
        if self.scope == ReportScope.STRAND:
            return STRAND_LABELS.get(self.strand.kind, f"{self.strand.name} strand")
        return self.consortium.name

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def duration(self) -> timedelta | None:
        """From asking to the file being ready (what the analyst waited)."""
        if self.finished_at is None:
            return None
        return self.finished_at - self.requested_at

    @property
    def duration_text(self) -> str:
        """The duration in words ("2 minutes 5 seconds"); empty while unfinished."""
        return duration_words(self.duration) if self.duration is not None else ""

    @property
    def requester_name(self) -> str:
        if self.requested_by is None:
            return "Monthly schedule"
        return str(self.requested_by)


def duration_words(delta: timedelta) -> str:
    """A short duration as people say it: "less than a second", "1 minute 4 seconds"."""
    seconds = round(delta.total_seconds())
    if seconds < 1:
        return "less than a second"
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute"), (seconds, "second")]
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words[:2])


class ReportRunEvent(models.Model):
    """A move of a run: who made it (a worker, the sweeper) is in the reason."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=RunStatus.choices)
    to_status = models.CharField(max_length=10, choices=RunStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300, blank=True)

    objects = ReportRunPartQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.from_status} to {self.to_status} at {self.at:%H:%M:%S}"


class ReportDownload(models.Model):
    """Who downloaded a finished report, and when."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = ReportRunPartQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.run_id} at {self.at:%Y-%m-%d %H:%M}"
