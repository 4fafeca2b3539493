"""Building a run on a worker: idempotent, one file per run, retries for transient errors."""

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError

from commissioning.reports import services
from commissioning.reports.choices import RunStatus
from commissioning.reports.models import ReportRun
from commissioning.reports.storage import report_storage
from commissioning.reports.tasks import build_report

from .conftest import running, stored_files

pytestmark = pytest.mark.django_db


def test_a_built_run_is_done_with_its_file_progress_and_timings(croydon_run, fake_builder):
    services.report_run_execute(croydon_run.pk)
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.DONE
    assert (croydon_run.progress, croydon_run.progress_message) == (100, "Done")
    assert croydon_run.started_at is not None
    assert croydon_run.finished_at >= croydon_run.started_at
    assert croydon_run.size == len(f"run {croydon_run.public_id} attempt 1\n")
    assert croydon_run.file.read().decode() == f"run {croydon_run.public_id} attempt 1\n"
    moves = [(e.from_status, e.to_status) for e in croydon_run.events.all()]
    assert moves == [("queued", "running"), ("running", "done")]


def test_executing_a_done_run_again_does_nothing_and_leaves_one_file(croydon_run, fake_builder):
    services.report_run_execute(croydon_run.pk)
    services.report_run_execute(croydon_run.pk)
    croydon_run.refresh_from_db()
    assert fake_builder.calls == 1
    assert croydon_run.attempts == 1
    assert stored_files(croydon_run) == [croydon_run.file.name]


def test_a_retried_run_replaces_what_its_dead_attempt_left(croydon_run, fake_builder):
    # The first attempt stored its file and died before marking the run done.
    storage = report_storage()
    storage.save(f"reports/{croydon_run.public_id}/fake-report.txt", ContentFile(b"attempt 1"))
    storage.save(f"reports/{croydon_run.public_id}/half-written.txt", ContentFile(b"partial"))
    running(croydon_run, attempts=1)

    services.report_run_execute(croydon_run.pk)

    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.DONE
    assert croydon_run.attempts == 2
    assert stored_files(croydon_run) == [f"reports/{croydon_run.public_id}/fake-report.txt"]
    assert croydon_run.file.read().decode().endswith("attempt 2\n")


def test_a_worker_leaves_alone_a_run_another_live_worker_is_building(croydon_run, fake_builder):
    running(croydon_run, attempts=1, minutes_since_heartbeat=0)
    services.report_run_execute(croydon_run.pk)
    croydon_run.refresh_from_db()
    assert fake_builder.calls == 0
    assert (croydon_run.status, croydon_run.attempts) == (RunStatus.RUNNING, 1)


def test_a_lasting_error_fails_the_run_with_its_message(croydon_run, fake_builder):
    fake_builder.errors = [ValueError("no placements table")]
    services.report_run_execute(croydon_run.pk)
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.FAILED
    assert croydon_run.error == "The report could not be built: no placements table"
    assert stored_files(croydon_run) == []


def test_a_transient_error_puts_the_run_back_in_the_queue_for_celery_to_retry(
    croydon_run, fake_builder
):
    fake_builder.errors = [OperationalError("the database restarted")]
    with pytest.raises(OperationalError):
        services.report_run_execute(croydon_run.pk, last_attempt=False)
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.QUEUED
    assert croydon_run.events.last().reason == "retrying after: the database restarted"


def test_a_transient_error_on_the_last_attempt_fails_the_run(croydon_run, fake_builder):
    fake_builder.errors = [OSError("disk full")]
    services.report_run_execute(croydon_run.pk, last_attempt=True)
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.FAILED
    assert croydon_run.error == "The report could not be built: disk full"


@pytest.fixture
def eager_retries(monkeypatch):
    """Eager tasks run their retries in turn only when errors do not propagate to the caller."""
    monkeypatch.setattr(build_report.app.conf, "task_eager_propagates", False)


def test_the_task_retries_a_transient_error_and_then_builds_the_run(
    croydon_run, fake_builder, eager_retries
):
    fake_builder.errors = [OSError("storage unavailable"), OperationalError("connection lost")]
    build_report.delay(croydon_run.pk)
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.DONE
    assert croydon_run.attempts == 3
    assert stored_files(croydon_run) == [croydon_run.file.name]


def test_the_task_gives_up_after_its_retries(croydon_run, fake_builder, eager_retries):
    fake_builder.errors = [OSError(f"storage unavailable {n}") for n in range(1, 5)]
    build_report.delay(croydon_run.pk)
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.FAILED
    assert croydon_run.attempts == services.MAX_ATTEMPTS == 4
    assert croydon_run.error == "The report could not be built: storage unavailable 4"


def test_the_task_is_declared_to_survive_a_dead_worker():
    assert build_report.acks_late and build_report.reject_on_worker_lost
    assert build_report.retry_backoff and build_report.max_retries == 3
    assert build_report.soft_time_limit < build_report.time_limit


def test_a_worker_whose_run_was_taken_over_stores_nothing(croydon_run, fake_builder):
    def sweeper_requeues_and_another_worker_takes_it(run):
        ReportRun.objects.filter(pk=run.pk).update(attempts=run.attempts + 1)

    fake_builder.during = sweeper_requeues_and_another_worker_takes_it
    services.report_run_execute(croydon_run.pk)
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.RUNNING  # the other worker's to finish
    assert stored_files(croydon_run) == []


def test_progress_stops_a_worker_that_no_longer_owns_its_run(croydon_run, fake_builder):
    croydon_run = running(croydon_run, attempts=1, minutes_since_heartbeat=0)
    heartbeat = services._Heartbeat(croydon_run)
    heartbeat(20, "Adding up")
    croydon_run.refresh_from_db()
    assert (croydon_run.progress, croydon_run.progress_message) == (20, "Adding up")
    ReportRun.objects.filter(pk=croydon_run.pk).update(status=RunStatus.QUEUED)
    heartbeat.written_at = 0
    with pytest.raises(services.RunTakenOver):
        heartbeat(40, "Still adding up")
