"""The Celery app. Settings come from Django's (CELERY_*); tasks are found in each app's tasks.py.

Every task is a `notifications.delivery.OutboxTask`: one delivered from the outbox runs once per
outbox row (ADR 16).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")

app = Celery("commissioning", task_cls="notifications.delivery:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
