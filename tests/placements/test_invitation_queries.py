"""A provider's invitation list takes the same number of queries however many rows it shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements import services

from .fixtures import request_fields

pytestmark = pytest.mark.django_db


def invite_more(alice, child, lot, setting, count: int) -> None:
    """More open requests sent to `setting`, for the same child (enough for a query count)."""
    for _ in range(count):
        request = services.request_create(actor=alice, child=child, **request_fields(lot))
        services.request_invite(actor=alice, placement_request=request, setting_ids=[setting.pk])


def test_the_invitation_list_takes_the_same_queries_for_many_rows(
    client_for,
    django_assert_max_num_queries,
    pat,
    alice,
    child,
    send_day_lot,
    near_setting,
    near_invitation,
):
    client = client_for(pat)
    page = reverse("placements:invitation_list")
    client.get(page)  # warm the session and any caches
    with CaptureQueriesContext(connection) as one_row:
        client.get(page)

    invite_more(alice, child, send_day_lot, near_setting, 4)
    with django_assert_max_num_queries(len(one_row)):
        listed = client.get(page)

    assert sum(len(rows) for _, _, rows, _ in listed.context["sections"]) == 5
