"""The daily beat job, run by a real Celery worker through Redis: expired insurance suspends."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from commissioning.celery import app as celery_app
from providers.choices import EnrolmentStatus, EvidenceType
from providers.models import Enrolment, EvidenceDocument

pytestmark = pytest.mark.services


def test_the_beat_job_suspends_an_enrolment_whose_insurance_expired(
    celery_worker, accredited_application
):
    EvidenceDocument.objects.filter(evidence_type=EvidenceType.EMPLOYERS_LIABILITY).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    job = settings.CELERY_BEAT_SCHEDULE["check-evidence-expiry"]
    result = celery_app.send_task(job["task"])
    assert result.get(timeout=30) == {"reminded": 0, "suspended": 1}
    enrolment = Enrolment.objects.get()
    assert enrolment.status == EnrolmentStatus.SUSPENDED
    assert enrolment.events.get().reason == "Evidence expired: employer's liability insurance"
    # The suspension email is a task of its own, queued when the check committed.
    deadline = time.monotonic() + 10
    while not any("suspended" in m.subject for m in mail.outbox) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox if "suspended" in m.subject] == [
        ["alice@brightfutures.example.org"]
    ]
