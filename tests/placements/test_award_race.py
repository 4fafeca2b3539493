"""Two awards racing for a setting's last vacancy end with exactly one placement.

Real concurrent transactions on PostgreSQL: each award runs in its own thread (its own
connection) and holds its transaction open for a moment after taking the vacancy, so the other
award's conditional update has to wait on the row lock and then finds no vacancy left.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from kernel.errors import DomainError
from placements import services
from placements.models import Placement

from ..conftest import require_service
from .fixtures import offer_fields, request_fields

pytestmark = pytest.mark.django_db(transaction=True)


def _second_request(alice, pat, lot, setting):
    child = services.child_save(
        actor=alice,
        reference="CR-0043",
        date_of_birth=date(2015, 11, 2),
        sex="M",
        home_postcode="CR0 1AA",
        primary_need="ASD",
    )
    request = services.request_create(actor=alice, child=child, **request_fields(lot))
    services.request_invite(actor=alice, placement_request=request, setting_ids=[setting.pk])
    invitation = request.invitations.get()
    services.offer_submit(actor=pat, invitation=invitation, **offer_fields("1500.00"))
    services.request_close(actor=alice, placement_request=request)
    request.refresh_from_db()
    invitation.refresh_from_db()
    return request, invitation


def _hold_until_the_other_award_waits(timeout: float = 5) -> None:
    """Keep the vacancy's row lock until another connection waits on a lock (or the deadline
    passes, when the other award was refused before it reached the row)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)


def test_two_awards_racing_for_the_last_vacancy_make_exactly_one_placement(
    alice, pat, evaluating_request, near_invitation, near_setting, send_day_lot
):
    if connection.vendor != "postgresql":
        require_service("the race needs PostgreSQL: set DATABASE_URL")
    second, second_invitation = _second_request(alice, pat, send_day_lot, near_setting)
    near_setting.vacancies = 1
    near_setting.save()
    near_invitation.refresh_from_db()
    contenders = [(evaluating_request, near_invitation), (second, second_invitation)]
    start = threading.Barrier(len(contenders))
    outcomes: list[str] = []

    def award(request, invitation):
        try:
            start.wait(timeout=10)
            with transaction.atomic():
                services.request_award(
                    actor=alice,
                    placement_request=request,
                    invitation=invitation,
                    reason="Best offer",
                    unrated_reason="The race is for the vacancy, not the rating",
                )
                _hold_until_the_other_award_waits()
            outcomes.append("placed")
        except DomainError as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award, args=pair) for pair in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == sorted(
        ["placed", "Bright Futures School has no vacancy left: it may have just been filled"]
    )
    assert Placement.objects.count() == 1
    near_setting.refresh_from_db()
    assert near_setting.vacancies == 0
    # The loser's request rolled back whole: still evaluating, its offer still live.
    statuses = sorted(type(r).objects.get(pk=r.pk).status for r, _ in contenders)
    assert statuses == ["awarded", "evaluating"]
