"""The subject access journey, in real Chromium with a real Celery worker on Redis.

A Croydon commissioner opens a child's record, follows "Download everything we hold (subject
access)", prepares the export, watches its page follow the worker without reloading, and
downloads the PDF. axe-core checks every page; the pages never scroll sideways at 1280 or 390
pixels wide. Screenshots are kept in the test's folder (pytest --basetemp to keep them).
"""

import pytest
from playwright.sync_api import expect

from placements.models import ChildAccessLog

from .dps_journey_steps import menu, sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


@pytest.fixture
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }


def fits_every_width(page, name: str, folder, widths=WIDTHS) -> None:
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_a_commissioner_downloads_everything_held_about_a_child(
    page,
    live_server,
    celery_worker,
    private_files,
    alice,
    full_history,
    assert_accessible,
    tmp_path,
):
    sign_in_with_mfa(page, live_server.url, alice, assert_accessible)
    menu(page, "Children")
    page.get_by_role("link", name="CR-0042").click()
    expect(page.get_by_role("heading", name="Child CR-0042", level=1)).to_be_visible()
    # The record's tables of requests and placements are wider than a phone (not this work's).
    fits_every_width(page, "child-record", tmp_path, widths=(1280,))

    page.get_by_role("link", name="Download everything we hold (subject access)").click()
    heading = "Download everything we hold (subject access)"
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(page.get_by_text("No export of this record has been prepared.")).to_be_visible()
    assert_accessible(page)
    fits_every_width(page, "subject-access", tmp_path)

    page.get_by_role("button", name="Prepare the export").click()
    expect(page.get_by_role("heading", name="Subject access export", level=1)).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")  # gone if the page reloads
    pdf_button = page.get_by_role("button", name="Download the PDF for child CR-0042")
    expect(pdf_button).to_be_visible(timeout=180_000)
    assert page.evaluate("window.stillTheSamePage === true")
    assert_accessible(page)
    fits_every_width(page, "subject-access-export", tmp_path)

    with page.expect_download() as downloading:
        pdf_button.click()
    download = downloading.value
    assert download.suggested_filename.startswith("subject-access-CR-0042-")
    download.save_as(tmp_path / "export.pdf")
    assert (tmp_path / "export.pdf").read_bytes().startswith(b"%PDF")
    assert ChildAccessLog.objects.filter(
        child=full_history, user=alice, what="subject access export downloaded (PDF)"
    ).exists()
