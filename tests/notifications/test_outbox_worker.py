"""A real broker and a real worker: an invitation made while the broker was unreachable is
delivered by the relay once it is back, and sent once though its row is delivered twice."""

import time

import pytest
from django.core import mail

from boroughs.choices import Role
from boroughs.services import invitation_create
from commissioning.celery import app as celery_app
from notifications import outbox
from notifications.models import OutboxMessage, OutboxStatus

from .test_outbox import DEAD_BROKER, a_minute_later

pytestmark = pytest.mark.services

EMAIL = "outbox.worker@example.org"


def until(check, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_relay_delivers_through_a_real_worker_once_the_broker_is_back(
    celery_worker, admin_user, bromley, caplog
):
    live = celery_app.conf.broker_url
    celery_app.conf.broker_url = DEAD_BROKER
    try:
        started = time.monotonic()
        invitation_create(actor=admin_user, email=EMAIL, borough=bromley, role=Role.COMMISSIONER)
        seconds = time.monotonic() - started
    finally:
        celery_app.conf.broker_url = live
    message = OutboxMessage.objects.get()
    assert seconds < 3.0
    assert message.status == OutboxStatus.PENDING

    a_minute_later()
    assert outbox.relay() == {"sent": 1}
    outbox._publish(message)  # the same row delivered a second time (an answer lost)
    # The solo worker takes messages in order: once this one has run, both deliveries have.
    assert celery_app.send_task("notifications.tasks.relay_pending").get(timeout=30) == {}

    until(lambda: OutboxMessage.objects.get().status == OutboxStatus.DONE)
    assert [m.to for m in mail.outbox if m.to == [EMAIL]] == [[EMAIL]]
    assert f"outbox message {message.pk} already delivered; not run again" in caplog.text
