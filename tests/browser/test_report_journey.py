"""Issue 6's browser journey, in real Chromium with a real Celery worker on Redis.

The lead-borough analyst asks for the consortium's savings summary, watches its page follow the
build without reloading (htmx polls the status panel), and downloads the PDF, which holds the
saving worked out here by hand. axe-core checks every page on the way.
"""

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commissioning.reports.builders import BUILDERS
from commissioning.reports.models import ReportDownload, ReportRun

from ..conftest import require_service
from ..reports.slow_worker import SlowBuilder
from .dps_journey_steps import menu, sign_in_with_mfa, status_tag
from .test_placement_journey import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

CEILING, AGREED, WEEKS = Decimal("1650.50"), Decimal("1520.00"), 38  # the `placement` fixture
REPORT = "Savings summary (PDF)"


@pytest.fixture
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }


@pytest.fixture
def unhurried_builds(monkeypatch):
    """The worker (a thread of this process) takes a few seconds, so the page shows progress."""
    builder = SlowBuilder(BUILDERS["savings_summary"], ticks=12, seconds=0.5)
    monkeypatch.setitem(BUILDERS, "savings_summary", builder)


def test_an_analyst_requests_a_report_watches_it_progress_and_downloads_it(
    page,
    live_server,
    celery_worker,
    private_files,
    unhurried_builds,
    lead_analyst,
    placement,
    assert_accessible,
):
    saving = (CEILING - AGREED) * WEEKS
    assert saving == Decimal("4959.00")
    start = date(placement.starts_on.year - (placement.starts_on.month < 4), 4, 1)

    sign_in_with_mfa(page, live_server.url, lead_analyst, assert_accessible)
    menu(page, "Reports")
    expect(page.get_by_text("No reports have been asked for yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Request a report").click()
    expect(page.get_by_role("heading", name="Request a report", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(REPORT).check()
    page.get_by_label("The whole consortium").check()
    fill_date(page, "First day of the period", start.day, start.month, start.year)
    fill_date(page, "Last day of the period", 31, 3, start.year + 1)
    page.get_by_role("button", name="Request report").click()

    expect(page.get_by_role("heading", name=REPORT, level=1)).to_be_visible()
    expect(page.get_by_text("Report requested")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")  # gone if the page reloads
    expect(page.get_by_text(re.compile(r"\d+% complete: "))).to_be_visible()
    expect(status_tag(page)).to_have_text("Running")
    assert_accessible(page)

    expect(status_tag(page)).to_have_text("Done", timeout=30_000)
    assert page.evaluate("window.stillTheSamePage") is True
    assert_accessible(page)

    with page.expect_download() as downloading:
        page.get_by_role("button", name=re.compile(r"^Download savings-summary-")).click()
    download = downloading.value
    assert download.suggested_filename.endswith(".pdf")
    assert f"£{saving:,.2f}" in pdf_text(download.path())
    run = ReportRun.objects.get()
    assert ReportDownload.objects.filter(run=run, user=lead_analyst).count() == 1

    page.get_by_role("link", name="Back to reports").click()
    row = page.get_by_role("row", name=re.compile(re.escape(REPORT)))
    expect(row).to_contain_text("South London Commissioning Programme")
    expect(row).to_contain_text(lead_analyst.full_name)
    expect(row).to_contain_text("Done")
    assert_accessible(page)


def pdf_text(path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        require_service("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
