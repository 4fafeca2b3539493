"""Issue 6's "done when", with real workers on Redis and PostgreSQL.

A worker builds a savings summary whose PDF holds the saving this test works out by hand; the
benchmarking workbook opens in openpyxl with a sheet per view and the figures of an accepted
return; and a worker killed in the middle of a run leaves it swept, retried by another worker
and finished, with one file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from commissioning.celery import app as celery_app
from commissioning.reports import services
from commissioning.reports.choices import ReportKind, ReportScope, RunStatus
from commissioning.reports.models import ReportRun
from outcomes.choices import ReturnStatus
from outcomes.models import TermlyReturn

from ..conftest import require_service
from .conftest import running, stored_files

pytestmark = [pytest.mark.services]

CEILING, AGREED, WEEKS = Decimal("1650.50"), Decimal("1520.00"), 38  # the `placement` fixture
ROOT = Path(settings.BASE_DIR)


def financial_year_of(day: date) -> tuple[date, date]:
    start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return start, date(start.year + 1, 3, 31)


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


def finished(run: ReportRun, timeout: float = 60) -> ReportRun:
    def done():
        run.refresh_from_db()
        return run.status in (RunStatus.DONE, RunStatus.FAILED)

    wait_for(done, timeout=timeout, what=f"run {run.public_id} to finish")
    assert run.status == RunStatus.DONE, run.error
    return run


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        require_service("pdftotext (poppler-utils) is not installed")
    answer = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return answer.stdout


def test_a_worker_builds_the_savings_summary_with_the_saving_worked_out_here(
    celery_worker, report_files, client_for, lead_analyst, placement
):
    saving = (CEILING - AGREED) * WEEKS
    assert saving == Decimal("4959.00")
    start, end = financial_year_of(placement.starts_on)

    response = client_for(lead_analyst).post(
        reverse("reports:run_create"),
        {
            "kind": ReportKind.SAVINGS_SUMMARY,
            "scope": ReportScope.CONSORTIUM,
            **{
                f"period_start_{i}": part
                for i, part in enumerate((start.day, start.month, start.year))
            },
            **{f"period_end_{i}": part for i, part in enumerate((end.day, end.month, end.year))},
        },
    )
    assert response.status_code == 302
    run = finished(ReportRun.objects.get())

    assert run.content_type == "application/pdf"
    assert run.attempts == 1
    assert stored_files(run) == [run.file.name]
    text = pdf_text(report_files / run.file.name)
    assert f"£{saving:,.2f}" in text
    assert "South London Commissioning Programme" in text


def test_a_worker_builds_the_benchmarking_workbook_with_a_sheet_per_view(
    celery_worker, report_files, lead_analyst, placement, framework, terms
):
    autumn = next(t for t in terms if t.starts_on >= placement.starts_on)
    TermlyReturn.objects.create(
        placement=placement,
        term=autumn,
        framework_version=framework,
        status=ReturnStatus.ACCEPTED,
        mean_progress=Decimal("0.800"),
        attendance_pct=Decimal("95.0"),
    )
    run = services.report_run_request(
        actor=lead_analyst,
        kind=ReportKind.BENCHMARKING,
        scope=ReportScope.CONSORTIUM,
        period_start=autumn.starts_on,
        period_end=autumn.ends_on,
    )
    run = finished(run)

    workbook = load_workbook(report_files / run.file.name, read_only=True)
    assert workbook.sheetnames == ["By provider", "By need", "By lot", "Post-16", "Notes"]
    by_provider = [row for row in workbook["By provider"].iter_rows(values_only=True) if any(row)]
    header, rows = by_provider[0], by_provider[1:]
    assert len(rows) == 1  # one provider, one need, one lot, one accepted return
    figures = dict(zip(header, rows[0], strict=True))
    assert "Bright Futures Education Limited" in figures.values()
    assert Decimal(str(figures["Mean progress a term"])) == Decimal("0.8")
    assert Decimal(str(figures["Mean weekly cost"])) == AGREED
    assert Decimal(str(figures["Cost per progress point (weekly)"])) == Decimal("1900")  # / 0.8


# --- A worker killed in the middle of a run -------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(media_root: Path, *, seconds: float) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "true",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "REPORTS_SLOW_TICKS": "20",
        "REPORTS_SLOW_SECONDS": str(seconds),
    }
    return subprocess.Popen([sys.executable, "-m", "tests.reports.slow_worker"], cwd=ROOT, env=env)


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.fixture
def real_broker(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        require_service("the kill test needs PostgreSQL and Redis shared with a worker process")
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()  # nothing an earlier test left may reach these workers
    yield


def test_a_worker_killed_mid_run_leaves_the_run_retried_and_finished_with_one_file(
    real_broker, report_files, settings, lead_analyst, placement
):
    start, end = financial_year_of(placement.starts_on)
    first = _start_worker(report_files, seconds=1.0)
    second = None
    try:
        run = services.report_run_request(
            actor=lead_analyst,
            kind=ReportKind.SAVINGS_SUMMARY,
            scope=ReportScope.CONSORTIUM,
            period_start=start,
            period_end=end,
        )

        def well_under_way():
            run.refresh_from_db()
            return run.status == RunStatus.RUNNING and run.progress >= 2

        wait_for(well_under_way, timeout=30, what="the first worker to be building the run")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

        second = _start_worker(report_files, seconds=0.05)  # it starts while the run waits

        run.refresh_from_db()
        assert (run.status, run.attempts) == (RunStatus.RUNNING, 1)  # nobody knows it died
        settings.REPORTS_STALE_AFTER = 1
        # No heartbeat for longer than that: the dead worker's last one, moved back in time.
        ReportRun.objects.filter(pk=run.pk).update(
            heartbeat_at=timezone.now() - timedelta(seconds=1.5)
        )
        assert services.report_runs_sweep()["requeued"] == 1
        run = finished(run, timeout=45)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)

    assert run.attempts == 2
    assert "worker stopped; requeued" in [event.reason for event in run.events.all()]
    assert stored_files(run) == [run.file.name]
    assert f"£{(CEILING - AGREED) * WEEKS:,.2f}" in pdf_text(report_files / run.file.name)


# --- A worker that starts after one died ----------------------------------------------------------


def test_a_run_left_running_by_a_dead_worker_is_requeued_when_a_worker_starts_without_beat(
    real_broker, report_files, make_run, lead_analyst, placement
):
    start, end = financial_year_of(placement.starts_on)
    run = make_run(requested_by=lead_analyst, period_start=start, period_end=end)
    run = running(run, attempts=1, minutes_since_heartbeat=10)  # its worker was killed; no beat

    worker = _start_worker(report_files, seconds=0.05)
    try:
        run = finished(run, timeout=60)
    finally:
        _stop(worker)

    assert run.attempts == 2
    assert "worker stopped; requeued" in [event.reason for event in run.events.all()]
    assert stored_files(run) == [run.file.name]
