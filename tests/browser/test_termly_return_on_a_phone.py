"""A provider on a phone (390 px): overdue returns first, nothing wider than the screen, and the
return form shows last term's score beside each target. axe checks each page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from outcomes.services.returns_beat import returns_flag_overdue

from ..outcomes.test_returns_helpers import placed_since, submit
from .dps_journey_steps import sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_provider_on_a_phone_sees_overdue_returns_first_and_the_previous_scores(
    page, live_server, pat, placement, targets, terms, assert_accessible
):
    placed = placed_since(placement)
    submit(pat, placed, terms[4], targets, communication=-1, travel=3)
    returns_flag_overdue()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_with_mfa(page, live_server.url, pat, assert_accessible)

    page.goto(f"{live_server.url}/outcomes/returns/")
    to_submit = page.get_by_role("region", name="To submit")
    expect(to_submit.get_by_role("row").nth(1)).to_contain_text("Overdue")
    assert_accessible(page)
    no_sideways_scroll(page)

    kwargs = {"public_id": placed.public_id, "term_id": terms[5].pk}
    page.goto(live_server.url + reverse("outcomes:return_create", kwargs=kwargs))
    expect(page.get_by_text("Previous term: 3 (Spring 2025/26).")).to_be_visible()
    expect(page.get_by_label("Days of suspension this term")).to_be_visible()
    assert_accessible(page)
    no_sideways_scroll(page)
