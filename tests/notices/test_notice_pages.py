"""The notices pages: an admin drafts a notice from a record, sees its problems or that it
validates, marks it ready and records its publication; others are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissioning.notices.models import ProcurementNotice

pytestmark = pytest.mark.django_db


def test_an_admin_drafts_checks_and_records_a_call_off_notice(client_for, admin_user, placement):
    client = client_for(admin_user)
    drafted = client.post(
        reverse("notices:notice_draft"),
        {"notice_type": "UK7", "placement": placement.reference.lower()},
        follow=True,
    )
    assert "Notice drafted" in drafted.text
    assert "The release validates against OCDS 1.1.5 with the UK extension" in drafted.text
    assert "120 days from entering into a light touch contract" in drafted.text
    notice = ProcurementNotice.objects.get()
    ready = client.post(
        reverse("notices:notice_action", args=[notice.public_id, "ready"]), follow=True
    )
    assert "Notice ready to publish" in ready.text
    published = client.post(
        reverse("notices:notice_detail", args=[notice.public_id]),
        {
            "platform_reference": "2026/S 000-012345",
            "published_on_0": "7",
            "published_on_1": "12",
            "published_on_2": "2026",
        },
        follow=True,
    )
    assert "Publication recorded" in published.text
    notice.refresh_from_db()
    assert (notice.status, notice.platform_reference) == ("published", "2026/S 000-012345")
    again = client.post(reverse("notices:notice_action", args=[notice.public_id, "redraft"]))
    assert again.status_code == 409


def test_a_notice_needs_its_subject_named_at_the_field(client_for, admin_user):
    answer = client_for(admin_user).post(
        reverse("notices:notice_draft"), {"notice_type": "UK6", "placement": "PL-999999"}
    )
    assert "Enter a placement reference of your consortium, like PL-000123" in answer.text
    assert not ProcurementNotice.objects.exists()


def test_commissioners_and_providers_are_refused(client_for, alice, pat):
    for user in (alice, pat):
        assert client_for(user).get(reverse("notices:notice_list")).status_code == 403
