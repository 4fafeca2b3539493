"""The sweeper (runs whose worker died) and the monthly schedule (Celery beat)."""

from datetime import date

import pytest
from django.conf import settings

from commissioning.reports import services, tasks
from commissioning.reports.choices import ReportKind, ReportScope, RunStatus
from commissioning.reports.models import ReportRun

from .conftest import running, stale, stored_files

pytestmark = pytest.mark.django_db


def test_the_sweeper_requeues_a_run_whose_worker_stopped_and_it_is_then_built(
    croydon_run, fake_builder, django_capture_on_commit_callbacks
):
    running(croydon_run, attempts=1, minutes_since_heartbeat=10)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert services.report_runs_sweep() == {"requeued": 1, "failed": 0, "skipped": 0}
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.QUEUED
    assert croydon_run.progress_message == "The worker stopped; waiting for another"
    assert croydon_run.events.last().reason == "worker stopped; requeued"

    for send in sent:  # the requeued build reaches a worker
        send()
    croydon_run.refresh_from_db()
    assert (croydon_run.status, croydon_run.attempts) == (RunStatus.DONE, 2)
    assert stored_files(croydon_run) == [croydon_run.file.name]


def test_the_sweeper_leaves_a_run_with_a_recent_heartbeat(croydon_run, fake_builder):
    running(croydon_run, attempts=1, minutes_since_heartbeat=2)
    assert services.report_runs_sweep() == {"requeued": 0, "failed": 0, "skipped": 0}
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.RUNNING


def test_the_sweeper_follows_the_stale_after_setting(croydon_run, fake_builder, settings):
    settings.REPORTS_STALE_AFTER = 60
    running(croydon_run, attempts=1, minutes_since_heartbeat=2)
    assert services.report_runs_sweep()["requeued"] == 1


def test_the_sweeper_fails_a_run_that_has_had_all_its_attempts(croydon_run, fake_builder):
    running(croydon_run, attempts=services.MAX_ATTEMPTS)
    assert services.report_runs_sweep() == {"requeued": 0, "failed": 1, "skipped": 0}
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.FAILED
    assert croydon_run.error == "The report stopped 4 times before it finished. Ask for it again."
    assert croydon_run.finished_at is not None
    assert fake_builder.calls == 0


def test_the_sweeper_sends_again_a_run_queued_too_long(
    croydon_run, fake_builder, django_capture_on_commit_callbacks
):
    stale(croydon_run, minutes=30)
    old_task_id = croydon_run.task_id
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_runs_sweep()["requeued"] == 1
    croydon_run.refresh_from_db()
    assert croydon_run.status == RunStatus.DONE
    assert croydon_run.task_id != old_task_id
    assert croydon_run.events.first().reason == "still queued; sent to the workers again"


def test_the_sweeper_leaves_finished_runs_alone(croydon_run, make_run, fake_builder):
    stale(croydon_run, status=RunStatus.DONE)
    stale(make_run(), status=RunStatus.FAILED)
    assert services.report_runs_sweep() == {"requeued": 0, "failed": 0, "skipped": 0}


def test_the_sweeper_task_is_the_one_beat_runs():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["sweep-stale-report-runs"]["task"] == tasks.sweep_stale_runs.name
    assert schedule["monthly-consortium-reports"]["task"] == tasks.monthly_reports.name


def test_the_monthly_schedule_makes_the_consortiums_two_reports_for_the_previous_month(
    consortium, fake_builder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.report_runs_monthly(on=date(2026, 12, 1))
    assert sorted(run.kind for run in made) == [
        ReportKind.BENCHMARKING,
        ReportKind.SAVINGS_SUMMARY,
    ]
    for run in ReportRun.objects.all():
        assert (run.period_start, run.period_end) == (date(2026, 11, 1), date(2026, 11, 30))
        assert (run.scope, run.consortium, run.requested_by) == (
            ReportScope.CONSORTIUM,
            consortium,
            None,
        )
        assert run.scheduled
        assert run.status == RunStatus.DONE


def test_the_monthly_schedule_makes_each_report_once_a_month(consortium, fake_builder):
    services.report_runs_monthly(on=date(2026, 12, 1))
    assert services.report_runs_monthly(on=date(2026, 12, 1)) == []
    assert services.report_runs_monthly(on=date(2026, 12, 15)) == []
    assert ReportRun.objects.count() == 2
    services.report_runs_monthly(on=date(2027, 1, 1))
    assert ReportRun.objects.count() == 4


def test_january_reports_cover_december(consortium):
    assert services.previous_month(date(2027, 1, 1)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_an_analysts_own_run_does_not_stop_the_monthly_one(lead_analyst, consortium, fake_builder):
    services.report_run_request(
        actor=lead_analyst,
        kind=ReportKind.SAVINGS_SUMMARY,
        scope=ReportScope.CONSORTIUM,
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
    )
    assert len(services.report_runs_monthly(on=date(2026, 12, 1))) == 2
