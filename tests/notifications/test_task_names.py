"""Side effects name their tasks instead of importing them: every name written in the code (the
apps' notifications, the beat schedule) must be a task Celery knows."""

import importlib
import re

from django.conf import settings

from commissioning.celery import app as celery_app

from ..test_import_cycles import PACKAGES, ROOT

TASK_NAME = re.compile(rf"""["']((?:{"|".join(PACKAGES)})\.(?:\w+\.)*tasks\.\w+)["']""")


def task_names_in_the_code() -> set[str]:
    names = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            names.update(TASK_NAME.findall(path.read_text()))
    return names


def test_every_task_named_in_the_code_is_a_registered_task():
    names = task_names_in_the_code()
    assert "boroughs.tasks.send_invitation_email" in names
    assert {job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()} <= names
    for name in sorted(names):
        importlib.import_module(name.rpartition(".")[0])
    assert sorted(names - set(celery_app.tasks)) == []


def test_beat_relays_the_outbox_every_minute():
    job = settings.CELERY_BEAT_SCHEDULE["relay-outbox"]
    assert job["task"] == "notifications.tasks.relay_pending"
    assert job["schedule"].minute == set(range(60))
