"""A consortium admin reads the change history in real Chromium: filters it to children's
records, sees each field from and to, and downloads the CSV; the page passes axe (WCAG 2.2 AA)
and never scrolls sideways, on a desktop or a phone."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from placements import services as placement_services
from providers import services as provider_services

from .dps_journey_steps import menu, sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to keep screenshots to look at


def snap(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_admin_reads_filters_and_downloads_the_change_history(
    page, live_server, admin_user, alice, pat, child, near_setting, assert_accessible
):
    placement_services.child_save(actor=alice, child=child, name="Sam Changed", primary_need="SEMH")
    provider_services.setting_save(actor=pat, setting=near_setting, vacancies=5)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_with_mfa(page, live_server.url, admin_user, assert_accessible)
    menu(page, "Change history")
    expect(page.get_by_role("heading", name="Change history", exact=True)).to_be_visible()
    assert_accessible(page)
    assert no_sideways_scroll(page)

    page.get_by_label("Kind of record").select_option(label="Child's record")
    page.get_by_role("button", name="Apply filters").click()
    card = page.locator(".govuk-summary-card").first
    expect(card).to_contain_text("Changed: child's record CR-0042 (Croydon)")
    expect(card.get_by_role("row", name="Name")).to_contain_text("Sam Example")
    expect(card.get_by_role("row", name="Name")).to_contain_text("Sam Changed")
    expect(card).to_contain_text(alice.email)
    assert_accessible(page)
    assert no_sideways_scroll(page)
    snap(page, "change-history-1280.png")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these changes (CSV)").click()
    assert "Sam Changed" in Path(download.value.path()).read_text(encoding="utf-8")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert no_sideways_scroll(page)
    snap(page, "change-history-390.png")
