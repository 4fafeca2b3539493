"""Fixtures the tests of the evaluation record (issue 13) share."""

from __future__ import annotations

from decimal import Decimal

import pytest

from placements import services

from ..fixtures import enrolled_setting, offer_fields, provider_with_user
from .helpers import (
    invitation_at,
    page_url,
    rate_all,
)


@pytest.fixture
def third_setting(send_day_lot, consortium):
    provider, _ = provider_with_user(
        "tess@thirdway.example.org", "Third Way Schools Limited", "05555555"
    )
    return enrolled_setting(
        provider,
        send_day_lot,
        name="Third Way Academy",
        latitude="51.3900",
        longitude="-0.0500",
        weekly_ceiling=Decimal("1500.00"),
    )


@pytest.fixture
def tess(third_setting):
    return third_setting.provider.memberships.get().user


@pytest.fixture
def three_offers(alice, draft_request, near_setting, far_setting, third_setting, pat, olly, tess,
                 emails):  # fmt: skip
    """Three uninspected settings offered: £1,520, £1,720 and £1,620 a week (the last above
    its £1,500 ceiling, with a reason); offers closed."""
    with emails():
        services.request_invite(
            actor=alice,
            placement_request=draft_request,
            setting_ids=[near_setting.pk, far_setting.pk, third_setting.pk],
        )
        invitations = {i.setting_id: i for i in draft_request.invitations.all()}
        services.offer_submit(
            actor=pat, invitation=invitations[near_setting.pk], **offer_fields("1400.00")
        )
        services.offer_submit(
            actor=olly, invitation=invitations[far_setting.pk], **offer_fields("1600.00")
        )
        services.offer_submit(
            actor=tess,
            invitation=invitations[third_setting.pk],
            **offer_fields("1500.00", above_ceiling_reason="Waking night staff for this child"),
        )
        services.request_close(actor=alice, placement_request=draft_request)
    draft_request.refresh_from_db()
    return draft_request


@pytest.fixture
def awarded(three_offers, alice, near_setting, far_setting, third_setting, client_for, emails):
    """Rated, then awarded to Third Way Academy (second on the total): the page before and
    after, and the record."""
    rate_all(alice, three_offers, {near_setting: 1, far_setting: 4, third_setting: 3})
    client = client_for(alice)
    before = client.get(page_url("request_evaluation", three_offers)).text
    with emails():
        response = client.post(
            page_url("request_award", three_offers),
            {
                "award-invitation": str(invitation_at(three_offers, third_setting).public_id),
                "award-reason": "Waking night staff, which the child needs",
                "confirm": "yes",
            },
        )
    assert response.status_code == 302
    return before, client.get(page_url("request_evaluation", three_offers)).text
