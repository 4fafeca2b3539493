"""The daily jobs: overdue returns flagged, reminders before the due date; both idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outcomes.choices import ReturnStatus
from outcomes.models import ReturnEvent, TermlyReturn
from outcomes.selectors.returns import terms_overdue
from outcomes.services.returns import returns_flag_overdue, returns_remind_due
from outcomes.tasks import flag_overdue_returns, remind_returns_due
from placements.models import Placement

from .test_returns_helpers import placed_since, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


@pytest.fixture
def placed(placement, targets, terms):
    return placed_since(placement)


def test_a_placement_with_no_return_by_the_due_date_gets_an_overdue_one(placed, terms, framework):
    on = terms[0].returns_due_on + timedelta(days=1)

    assert returns_flag_overdue(on=on) == 1
    assert returns_flag_overdue(on=on) == 0  # idempotent

    overdue = TermlyReturn.objects.get()
    assert (overdue.term, overdue.status, overdue.framework_version) == (
        terms[0],
        ReturnStatus.OVERDUE,
        framework,
    )
    event = ReturnEvent.objects.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "overdue", None)


def test_no_overdue_return_on_the_due_date_or_where_a_return_is_in(pat, placed, targets, terms):
    assert returns_flag_overdue(on=terms[0].returns_due_on) == 0

    submit(pat, placed, terms[0], targets, 0, 3)
    assert returns_flag_overdue(on=terms[1].returns_due_on + timedelta(days=1)) == 1
    assert list(placed.returns.values_list("term", "status")) == [
        (terms[1].pk, "overdue"),
        (terms[0].pk, "submitted"),
    ]


def test_placements_not_active_during_a_term_are_not_flagged(placement, targets, terms):
    placed_since(placement, terms[1].starts_on)
    Placement.objects.filter(pk=placement.pk).update(
        status="ended", ends_on=terms[1].ends_on, end_reason="E11"
    )

    assert returns_flag_overdue(on=terms[2].returns_due_on + timedelta(days=1)) == 1
    assert list(placement.returns.values_list("term", flat=True)) == [terms[1].pk]


def test_an_overdue_return_is_submitted_late_in_its_place(pat, placed, targets, terms):
    returns_flag_overdue(on=terms[0].returns_due_on + timedelta(days=1))

    made = submit(pat, placed, terms[0], targets, 0, 3, on=date(2025, 2, 1))

    assert (made.status, made.late) == (ReturnStatus.SUBMITTED, True)
    assert TermlyReturn.objects.count() == 1
    assert [(e.from_status, e.to_status, e.actor) for e in made.events.all()] == [
        ("", "overdue", None),
        ("overdue", "submitted", pat),
    ]


def test_the_beat_task_flags_with_todays_date(placed, terms):
    expected = terms_overdue(on=timezone.localdate()).count()

    assert flag_overdue_returns.delay().get() == expected
    assert flag_overdue_returns.delay().get() == 0


def test_providers_are_reminded_seven_days_and_one_day_before_the_due_date(
    pat, placed, terms, emails
):
    due = terms[0].returns_due_on
    mail.outbox.clear()
    with emails():
        counts = [returns_remind_due(on=due - timedelta(days=days)) for days in (8, 7, 6, 1, 0)]

    assert counts == [0, 1, 0, 1, 0]
    assert [m.to for m in mail.outbox] == [[pat.email], [pat.email]]
    assert "due in 7 days" in mail.outbox[0].subject
    assert "due tomorrow" in mail.outbox[1].subject
    assert placed.reference in mail.outbox[0].body
    assert "CR-0042" not in mail.outbox[0].body


def test_no_reminder_once_the_return_is_in(pat, placed, targets, terms, emails):
    submit(pat, placed, terms[0], targets, 0, 3, on=terms[0].ends_on)
    mail.outbox.clear()
    with emails():
        assert returns_remind_due(on=terms[0].returns_due_on - timedelta(days=1)) == 0

    assert mail.outbox == []


def test_the_reminder_task_runs_with_todays_date(placed, terms):
    today = timezone.localdate()
    expected = sum(
        t.returns_due_on - today in (timedelta(days=7), timedelta(days=1)) for t in terms
    )

    assert remind_returns_due.delay().get() == expected
