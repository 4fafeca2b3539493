"""The accreditation queue, with its working-day deadlines, and who may see it."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from providers.models import Application
from providers.working_days import working_days_between

pytestmark = pytest.mark.django_db


# --- The queue -----------------------------------------------------------------------------------


def _submitted_days_ago(application, working_days: int) -> date:
    """Move the submission back until `working_days` working days have passed since it."""
    today = timezone.localdate()
    day = today
    while working_days_between(day, today) < working_days:
        day -= timedelta(days=1)
    submitted_at = timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
    return day


def test_the_queue_shows_working_days_and_an_overdue_tag(
    client_for, reviewer, submitted_application
):
    _submitted_days_ago(submitted_application, 12)
    response = client_for(reviewer).get(reverse("providers:accreditation_queue"))
    assert response.status_code == 200
    assert "Bright Futures Education Limited" in response.text
    assert "12 of 10" in response.text
    assert "Overdue" in response.text
    assert "Lot 1: Independent special school: day" in response.text


def test_the_queue_says_due_soon_from_the_eighth_working_day(
    client_for, reviewer, submitted_application
):
    _submitted_days_ago(submitted_application, 8)
    response = client_for(reviewer).get(reverse("providers:accreditation_queue"))
    assert "8 of 10" in response.text
    assert "Due soon" in response.text
    assert "Overdue" not in response.text


def test_an_extended_deadline_counts_against_fifteen_working_days(
    client_for, reviewer, submitted_application
):
    _submitted_days_ago(submitted_application, 12)
    Application.objects.filter(pk=submitted_application.pk).update(deadline_extended=True)
    response = client_for(reviewer).get(reverse("providers:accreditation_queue"))
    assert "12 of 15" in response.text
    assert "Overdue" not in response.text
    assert "Due soon" not in response.text  # from day 13 of 15


def test_the_queue_leaves_out_drafts_and_decided_applications(
    client_for, reviewer, draft_application
):
    response = client_for(reviewer).get(reverse("providers:accreditation_queue"))
    assert "No applications are waiting for a decision" in response.text


def test_the_queue_shows_the_median_working_days_to_a_decision(
    client_for, reviewer, accredited_application
):
    Application.objects.filter(pk=accredited_application.pk).update(
        submitted_at=timezone.make_aware(datetime(2026, 12, 24, 10)),
        decided_at=timezone.make_aware(datetime(2027, 1, 12, 16)),
    )
    response = client_for(reviewer).get(reverse("providers:accreditation_queue"))
    assert "Median time from submission to decision" in response.text
    assert "10 working days" in response.text


def test_a_consortium_admin_works_the_queue_too(client_for, admin_user, submitted_application):
    response = client_for(admin_user).get(reverse("providers:accreditation_queue"))
    assert response.status_code == 200
    assert "Bright Futures Education Limited" in response.text


@pytest.mark.parametrize("who", ["charlie", "lead_analyst", "provider_alice"])
def test_only_reviewers_see_the_queue(client_for, request, who, submitted_application):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("providers:accreditation_queue")).status_code == 403
