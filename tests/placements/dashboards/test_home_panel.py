"""The placements panel on the home dashboard."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from placements import selectors
from placements.dashboard import placements_dashboard_panel

from .helpers import (
    DEMAND,
    _page,
    _panel_for,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_council_staff_see_their_open_requests_active_placements_and_saving(
    alice, started, open_request, client_for
):
    panel = _panel_for(alice)

    assert panel["template"] == "placements/dashboards/_panel.html"
    assert (panel["open_requests"], panel["awaiting_evaluation"]) == (0, 0)
    assert (panel["active_placements"], panel["saving"]) == (1, Decimal("4959.00"))
    html = render_to_string(panel["template"], {"panel": panel})
    assert "£4,959.00" in html
    assert reverse("placements:savings") in html


def test_a_placement_awarded_but_not_yet_started_is_not_counted_as_active(
    alice, placement, client_for
):
    assert placement.starts_on > timezone.localdate()  # awarded to start in 60 days

    assert _panel_for(alice)["active_placements"] == 0
    context = _page(client_for(alice), DEMAND).context
    assert context["placed"]["placements"] == 0
    assert [row["placed"] for row in context["children_by_need"]] == [0]
    assert selectors.placement_cost_to_date(placement) == Decimal("0.00")


def test_requests_awaiting_evaluation_are_counted_for_their_borough_only(
    alice, charlie, evaluating_request
):
    assert _panel_for(alice)["awaiting_evaluation"] == 1
    assert _panel_for(charlie)["awaiting_evaluation"] == 0


def test_an_invitation_a_provider_has_answered_no_longer_awaits_it(pat, offered_request):
    assert _panel_for(pat)["invitations_awaiting"] == 0


def test_a_provider_sees_an_invitation_it_has_not_answered(pat, open_request):
    panel = _panel_for(pat)

    assert panel["invitations_awaiting"] == 1
    html = render_to_string(panel["template"], {"panel": panel})
    assert "1 invitation awaiting your response." in html


def test_someone_with_no_role_in_either_gets_no_panel(provider_user, rf):
    request = rf.get("/")
    request.user = provider_user  # a provider role, but no organisation yet

    assert placements_dashboard_panel(request) is None
