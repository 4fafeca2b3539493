"""A placement request's page and its actions, and matching and inviting settings. An action the
request's state no longer allows is a 409 that changes nothing."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from placements.models import ChildAccessLog

from .helpers import (
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_the_owner_sees_what_providers_see_and_what_only_the_borough_sees(
    draft_request, alice, client_for
):
    response = client_for(alice).get(url("request_detail", draft_request))
    page = response.text
    assert response.status_code == 200
    assert "What providers see" in page and "For the borough only" in page
    assert "£1,800.00" in page
    assert "Needs cannot be met in mainstream, even with additional support" in page
    assert 'govuk-tag--grey">Draft</strong>' in page
    for action in ("Find matching settings", "Change the request", "Cancel request"):
        assert action in page
    assert "Close offers and evaluate" not in page
    assert "Evaluate offers" not in page


def test_viewing_a_request_writes_an_access_log_row_for_the_child(
    draft_request, child, alice, client_for
):
    client_for(alice).get(url("request_detail", draft_request))
    log = ChildAccessLog.objects.get()
    assert (log.child, log.user, log.what) == (child, alice, f"request {draft_request.reference}")


def test_an_open_request_shows_its_invitations_and_can_be_closed(open_request, alice, client_for):
    page = client_for(alice).get(url("request_detail", open_request)).text
    assert "Bright Futures School" in page and "Other Schools Sutton" in page
    assert page.index("Bright Futures School") < page.index("Other Schools Sutton")
    assert "£1,650.50" in page and "£1,900.00" in page
    assert "Close offers and evaluate" in page
    assert "Change the request" not in page
    assert "draft to open for offers" in page.lower()  # the timeline


def test_an_offered_request_shows_the_offers_summary(offered_request, alice, client_for):
    page = client_for(alice).get(url("request_detail", offered_request)).text
    assert "2 offers received. The lowest is £1,520.00 a week." in page


def test_an_evaluating_request_leads_to_the_evaluation(evaluating_request, alice, client_for):
    page = client_for(alice).get(url("request_detail", evaluating_request)).text
    assert "Evaluate offers" in page
    assert url("request_evaluation", evaluating_request) in page
    assert "Find matching settings" not in page


def test_a_borough_analyst_reads_the_request_without_any_action(
    open_request, croydon_analyst, client_for
):
    page = client_for(croydon_analyst).get(url("request_detail", open_request)).text
    assert open_request.reference in page
    for action in ("Find matching settings", "Close offers and evaluate", "Cancel request"):
        assert action not in page


def test_matching_lists_near_settings_before_far_ones_with_the_criteria(
    draft_request, near_setting, far_setting, alice, client_for
):
    page = client_for(alice).get(url("request_matches", draft_request)).text
    assert page.index("Bright Futures School") < page.index("Other Schools Sutton")
    assert "2 matching settings" in page
    assert "Autistic spectrum disorder" in page
    assert "CR0: the child's home postcode" in page
    assert "£1,650.50" in page and "£1,900.00" in page
    assert re.search(r"\d+\.\d km", page)
    assert "?order=ceiling" in page and "?order=ofsted" in page


def test_sorting_by_ceiling_puts_the_cheapest_ceiling_first(
    draft_request, near_setting, far_setting, alice, client_for
):
    from decimal import Decimal

    from providers.models import PriceLine

    PriceLine.objects.filter(setting=far_setting).update(education=Decimal("1000.00"))
    client = client_for(alice)
    by_ceiling = client.get(url("request_matches", draft_request) + "?order=ceiling").text
    assert by_ceiling.index("Other Schools Sutton") < by_ceiling.index("Bright Futures School")
    by_distance = client.get(url("request_matches", draft_request)).text
    assert by_distance.index("Bright Futures School") < by_distance.index("Other Schools Sutton")


def test_inviting_two_settings_opens_the_request_and_emails_the_providers(
    draft_request, near_setting, far_setting, alice, client_for, emails
):
    chosen = [str(near_setting.public_id), str(far_setting.public_id)]
    with emails():
        response = client_for(alice).post(
            url("request_matches", draft_request), {"settings": chosen}
        )
    assert response["Location"] == url("request_detail", draft_request)
    draft_request.refresh_from_db()
    assert draft_request.status == "open"
    assert draft_request.invitations.count() == 2
    assert len(mail.outbox) >= 2


def test_settings_already_invited_are_shown_invited_and_cannot_be_chosen(
    open_request, alice, client_for
):
    page = client_for(alice).get(url("request_matches", open_request)).text
    assert page.count(">Invited</strong>") == 2
    assert page.count("disabled checked") == 2
    assert "Every matching setting has been invited." in page


def test_inviting_nothing_asks_for_a_setting(draft_request, near_setting, alice, client_for):
    response = client_for(alice).post(url("request_matches", draft_request), {})
    assert (
        f'<a href="#settings-{near_setting.public_id}">Select at least one setting to invite</a>'
        in response.text
    )
    draft_request.refresh_from_db()
    assert draft_request.status == "draft"


def test_a_borough_analyst_sees_the_matches_but_cannot_invite(
    draft_request, near_setting, croydon_analyst, client_for
):
    client = client_for(croydon_analyst)
    page = client.get(url("request_matches", draft_request)).text
    assert "Bright Futures School" in page
    assert 'name="settings"' not in page
    data = {"settings": [str(near_setting.public_id)]}
    assert client.post(url("request_matches", draft_request), data).status_code == 403
    assert not draft_request.invitations.exists()
