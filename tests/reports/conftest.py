"""Report-run fixtures: private storage in a temporary folder, a stand-in builder for the tests
of the machinery (queueing, retries, the sweeper), and runs in each state."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from commissioning.reports.builders import BUILDERS, BuildResult
from commissioning.reports.choices import ReportKind, ReportScope, RunStatus
from commissioning.reports.models import ReportRun
from commissioning.reports.storage import files_in_run_folder

PERIOD = {"period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31)}


@pytest.fixture
def report_files(settings, tmp_path) -> Path:
    """Private storage in a folder of this test (the storage API, as in production)."""
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


class FakeBuilder:
    """Writes a small text file naming the run and the attempt; raises `errors` first, in turn."""

    def __init__(self) -> None:
        self.errors: list[Exception] = []
        self.calls = 0
        self.during = None  # called between the progress and the file, to race the worker

    def build(self, *, run, path, progress) -> BuildResult:
        self.calls += 1
        progress(10, "Adding up")
        if self.errors:
            raise self.errors.pop(0)
        if self.during is not None:
            self.during(run)
        path.write_text(f"run {run.public_id} attempt {run.attempts}\n")
        progress(100, "Finished")
        return BuildResult(filename="fake-report.txt", content_type="text/plain")


@pytest.fixture
def fake_builder(monkeypatch, report_files) -> FakeBuilder:
    builder = FakeBuilder()
    for kind in ReportKind.values:
        monkeypatch.setitem(BUILDERS, kind, builder)
    return builder


@pytest.fixture
def make_run(consortium, croydon):
    """A run made directly (not through the service), Croydon-scoped unless told otherwise."""

    def make(**fields) -> ReportRun:
        values = {
            "kind": ReportKind.SAVINGS_SUMMARY,
            "scope": ReportScope.BOROUGH,
            "borough": croydon,
            "consortium": consortium,
            **PERIOD,
            **fields,
        }
        return ReportRun.objects.create(**values)

    return make


@pytest.fixture
def croydon_run(make_run, lead_analyst):
    return make_run(requested_by=lead_analyst)


def stale(run: ReportRun, *, minutes: int = 10, **fields) -> ReportRun:
    """Make the run look as if its worker stopped `minutes` ago."""
    long_ago = timezone.now() - timedelta(minutes=minutes)
    ReportRun.objects.filter(pk=run.pk).update(heartbeat_at=long_ago, queued_at=long_ago, **fields)
    run.refresh_from_db()
    return run


def running(run: ReportRun, *, attempts: int = 1, minutes_since_heartbeat: int = 10) -> ReportRun:
    return stale(
        run,
        minutes=minutes_since_heartbeat,
        status=RunStatus.RUNNING,
        attempts=attempts,
        started_at=timezone.now(),
    )


def stored_files(run: ReportRun) -> list[str]:
    return files_in_run_folder(run.public_id)
