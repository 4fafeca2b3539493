"""Choices for report runs, in the analysts' words."""

from django.db import models


class ReportKind(models.TextChoices):
    SAVINGS_SUMMARY = "savings_summary", "Savings summary (PDF)"
    BENCHMARKING = "benchmarking", "Benchmarking report (Excel)"
    BENCHMARKING_CSV = "benchmarking_csv", "Benchmarking data (CSV)"
    DPS_ACTIVITY = "dps_activity", "DPS activity (Excel)"
    PLACEMENTS_EXTRACT = (
        "placements_extract",
        "Placements extract with SEN2 and SSDA903 codes (CSV)",
    )
    OCDS = "ocds", "Contract awards, Open Contracting Data Standard (JSON)"
    PAYMENTS_COMPLIANCE = (
        "payments_compliance",
        "Payments compliance, Procurement Act 2023 section 69 (CSV)",
    )
    PAYMENTS_OVER_30000 = (
        "payments_over_30000",
        "Payments over £30,000, Procurement Act 2023 section 70 (CSV)",
    )
    PLACEMENTS_STANDARD = (
        "placements_standard",
        "Care referrals and placements, Placements Data Standard v2 (JSON)",
    )
    PLACEMENTS_STANDARD_CSV = (
        "placements_standard_csv",
        "Care referrals and placements, Placements Data Standard v2 (CSV)",
    )


class ReportScope(models.TextChoices):
    CONSORTIUM = "consortium", "The whole consortium"
    STRAND = "strand", "One strand"
    BOROUGH = "borough", "One borough"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# The moves a run may make. Workers and the sweeper race for runs, so every move is a conditional
# update from the statuses it expects (see services.moves._move), checked against this table, and
# writes a ReportRunEvent.
RUN_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (RunStatus.QUEUED, RunStatus.RUNNING),  # a worker takes it
        (RunStatus.RUNNING, RunStatus.RUNNING),  # a dead worker's run, redelivered to another
        (RunStatus.RUNNING, RunStatus.DONE),
        (RunStatus.RUNNING, RunStatus.QUEUED),  # a transient error to retry, or the sweeper
        (RunStatus.QUEUED, RunStatus.QUEUED),  # the sweeper sends a lost message again
        (RunStatus.RUNNING, RunStatus.FAILED),
        (RunStatus.QUEUED, RunStatus.FAILED),
    }
)
ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)
