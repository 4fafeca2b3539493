"""Worker settings that keep a killed worker's work from waiting (ADR 14)."""

from __future__ import annotations

from django.conf import settings

from commissioning.celery import app
from commissioning.reports import tasks


def _registered_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_can_be_sent_its_soft_limit_within_its_hard_one():
    wrong = {
        name: (task.soft_time_limit, task.time_limit)
        for name, task in _registered_tasks().items()
        if task.soft_time_limit and task.time_limit and task.soft_time_limit > task.time_limit
    }
    assert wrong == {}  # Celery refuses to send these (the sweeper could never run)


def test_the_visibility_timeout_is_a_little_above_the_longest_task():
    longest = max(task.time_limit or 0 for task in _registered_tasks().values())
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert longest == settings.CELERY_LONGEST_TASK_SECONDS
    assert longest < visibility <= longest + 10 * 60


def test_the_broker_is_given_up_on_quickly():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 1
    assert options["socket_connect_timeout"] <= 1
    assert settings.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS["retry_policy"]["timeout"] <= 1


def test_a_starting_worker_sweeps_now_and_once_a_dead_workers_run_would_be_stale(
    monkeypatch, settings
):
    settings.REPORTS_STALE_AFTER = 300
    sent = []
    monkeypatch.setattr(tasks.sweep_stale_runs, "apply_async", lambda **kw: sent.append(kw))
    tasks.sweep_when_a_worker_starts()
    assert sent == [{}, {"countdown": 330}]


def test_the_sweeper_runs_on_the_schedule_the_settings_give():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-stale-report-runs"]
    assert entry["schedule"].minute == set(range(0, 60, settings.REPORTS_SWEEP_EVERY_MINUTES))


def test_a_worker_whose_broker_goes_away_keeps_trying_until_it_is_back():
    # How it survives the broker's going away: tests/faults/test_worker_reconnects.py.
    assert app.conf.broker_connection_retry and app.conf.broker_connection_max_retries is None
    assert app.conf.worker_consumer == "commissioning.worker:Consumer"
