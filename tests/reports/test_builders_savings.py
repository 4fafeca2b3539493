"""The savings summary PDF: the dashboard's figures for the same scope and period, laid out."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
import zlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.reports.builders.savings import render_html
from commissioning.reports.builders.savings_figures import savings_figures
from providers.choices import ApplicationStatus
from providers.models import Application

from .test_builders_contract import build, placement_at, run_for

pytestmark = pytest.mark.django_db

SAVINGS = reverse("placements:savings")
# (1,650.50 ceiling - 1,520.00 agreed) x 38 weeks
CEILING_SAVING = (Decimal("1650.50") - Decimal("1520.00")) * 38


def pdf_text(path) -> str:
    pdftotext = shutil.which("pdftotext")
    for _ in range(6):  # poppler-utils may still be installing on a fresh machine
        if pdftotext:
            break
        time.sleep(10)
        pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed to read the PDF"
    done = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def bromley_placement(charlie, bromley_child, far_setting, placement):
    """Bromley's: £1,800.00 a week against Other Schools' £1,900.00 ceiling, with a spot price."""
    return placement_at(
        far_setting,
        bromley_child,
        charlie,
        agreed="1800.00",
        starts_on=placement.starts_on,
        spot_weekly=Decimal("2000.00"),
    )


def _dashboard(client):
    context = client.get(SAVINGS).context
    keys = ("placements", "committed_annual", "saving_vs_ceiling", "saving_vs_spot")
    tables = {
        by: [(row["label"], *(row[key] for key in keys)) for row in context[f"by_{by}"]]
        for by in ("year", "strand", "borough", "lot")
    }
    return {key: context["totals"][key] for key in keys}, tables


def _report(run):
    figures = savings_figures(run)
    keys = ("placements", "committed_annual", "saving_vs_ceiling", "saving_vs_spot")
    tables = {
        by: [(row["label"], *(row[key] for key in keys)) for row in figures.by[by]]
        for by in ("year", "strand", "borough", "lot")
    }
    return {key: figures.totals[key] for key in keys}, tables


def test_the_pdf_shows_the_saving_against_the_ceiling_worked_out_by_hand(
    consortium, placement, tmp_path
):
    result, path, progress = build(
        "savings_summary", run_for("savings_summary", consortium), tmp_path
    )

    assert Decimal("4959.00") == CEILING_SAVING
    assert path.read_bytes().startswith(b"%PDF")
    assert result.content_type == "application/pdf"
    assert result.filename.startswith("savings-summary-south-london")
    assert result.filename.endswith(".pdf")
    text = pdf_text(path)
    assert "£4,959.00" in text
    assert "£57,760.00" in text  # committed: £1,520.00 x 38, the fee in force today
    assert consortium.name in text
    assert "Croydon" in text and "Bromley" in text  # the members in scope
    assert "Open Government Licence" in text
    assert progress.calls[0][0] < 100


def test_the_summary_fits_on_the_first_page_and_the_detail_follows(consortium, placement, tmp_path):
    _, path, _ = build("savings_summary", run_for("savings_summary", consortium), tmp_path)

    pages = pdf_text(path).split("\f")
    assert "Headline figures" in pages[0] and "£4,959.00" in pages[0]
    assert "Savings in detail" not in pages[0]
    assert "Savings in detail" in pages[1]


def test_a_consortium_report_equals_the_lead_analysts_savings_dashboard(
    consortium, lead_analyst, placement, bromley_placement, client_for
):
    run = run_for("savings_summary", consortium)

    assert _report(run) == _dashboard(client_for(lead_analyst))
    totals, _ = _report(run)
    assert totals["placements"] == 2
    assert totals["saving_vs_ceiling"] == CEILING_SAVING + Decimal("100.00") * 38
    assert totals["saving_vs_spot"] == Decimal("200.00") * 38


def test_a_borough_report_equals_that_boroughs_savings_dashboard(
    consortium, croydon, alice, placement, bromley_placement, client_for
):
    run = run_for("savings_summary", consortium, scope="borough", borough_id=croydon.pk)

    assert _report(run) == _dashboard(client_for(alice))
    totals, tables = _report(run)
    assert totals["placements"] == 1
    assert totals["saving_vs_ceiling"] == CEILING_SAVING
    assert [row[0] for row in tables["borough"]] == ["Croydon"]


def test_placements_that_started_outside_the_period_are_left_out(consortium, placement):
    after = placement.starts_on + timedelta(days=1)
    run = run_for("savings_summary", consortium, period=(after, after + timedelta(days=30)))

    figures = savings_figures(run)

    assert figures.totals["placements"] == 0
    assert figures.totals["saving_vs_ceiling"] == Decimal("0.00")
    assert figures.by["year"] == []


def test_one_shared_accreditation_avoids_the_other_boroughs_accrediting_again(
    consortium, send_dps, bright_futures, settings
):
    settings.REPORTS_ACCREDITATION_UNIT_COST = Decimal("1000.00")
    run = run_for("savings_summary", consortium)
    inside = timezone.make_aware(
        timezone.datetime.combine(run.period_start, timezone.datetime.min.time())
    )
    for decided_at, status in [
        (inside, ApplicationStatus.ACCREDITED),
        (inside + timedelta(days=3), ApplicationStatus.ACCREDITED),
        (inside + timedelta(days=4), ApplicationStatus.REJECTED),
        (inside - timedelta(seconds=1), ApplicationStatus.ACCREDITED),  # the day before
    ]:
        Application.objects.create(
            provider=bright_futures[0], dps=send_dps, status=status, decided_at=decided_at
        )

    saving = savings_figures(run).accreditation

    boroughs = len(run.scope_borough_ids())
    assert (saving.boroughs, saving.accreditations) == (boroughs, 2)
    assert saving.avoided == (boroughs - 1) * 2 * Decimal("1000.00")


def test_a_single_borough_avoids_no_accreditation_cost(
    consortium, croydon, send_dps, bright_futures
):
    run = run_for("savings_summary", consortium, scope="borough", borough_id=croydon.pk)
    Application.objects.create(
        provider=bright_futures[0],
        dps=send_dps,
        status=ApplicationStatus.ACCREDITED,
        decided_at=timezone.make_aware(
            timezone.datetime.combine(run.period_start, timezone.datetime.min.time())
        ),
    )

    assert savings_figures(run).accreditation.avoided == Decimal("0.00")


def test_the_average_weekly_fee_is_compared_with_the_consortium_median(
    consortium, croydon, charlie, bromley_child, near_setting, placement
):
    bromley_child.primary_need = "ASD"
    bromley_child.save()
    for agreed in ("1400.00", "1700.00", "1800.00"):
        placement_at(
            near_setting, bromley_child, charlie, agreed=agreed, starts_on=placement.starts_on
        )
    croydon_run = run_for("savings_summary", consortium, scope="borough", borough_id=croydon.pk)

    (croydon_asd,) = savings_figures(croydon_run).fees
    (consortium_asd,) = savings_figures(run_for("savings_summary", consortium)).fees

    assert (croydon_asd.need, croydon_asd.setting_type, croydon_asd.placements) == ("ASD", "10", 1)
    assert croydon_asd.mean_weekly == Decimal("1520.00")
    # The median of 1,400, 1,520, 1,700 and 1,800: every member's ASD placements at type 10.
    assert croydon_asd.consortium_median == Decimal("1610.00")
    assert croydon_asd.difference == Decimal("-90.00")
    assert consortium_asd.placements == 4
    assert consortium_asd.mean_weekly == Decimal("1605.00")
    assert consortium_asd.setting_type_label == "Other independent special school (10)"


def test_the_pdf_names_the_borough_the_period_and_the_day_it_was_produced(
    consortium, croydon, placement
):
    run = run_for("savings_summary", consortium, scope="borough", borough_id=croydon.pk)

    html = render_html(run, savings_figures(run))

    today = timezone.localdate()
    assert f"{today.day} {today:%B %Y}" in html
    assert f"1 April {run.period_start.year} to 31 March {run.period_end.year}" in html
    assert "Savings summary: Croydon" in html
    assert 'role="img"' in html and "<title" in html  # the charts are labelled images


def test_a_strand_report_equals_the_dashboards_row_for_that_strand(
    consortium, lead_analyst, placement, bromley_placement, client_for, send_dps
):
    run = run_for("savings_summary", consortium, scope="strand", strand_id=send_dps.strand_id)

    totals, _ = _report(run)

    _, tables = _dashboard(client_for(lead_analyst))
    (send,) = [row for row in tables["strand"] if row[0] == send_dps.strand.name]
    assert (totals["placements"], totals["committed_annual"]) == send[1:3]
    assert (totals["saving_vs_ceiling"], totals["saving_vs_spot"]) == send[3:5]


def test_the_pdf_speaks_to_readers_not_to_the_people_who_configure_the_portal(
    consortium, placement, tmp_path
):
    _, path, _ = build("savings_summary", run_for("savings_summary", consortium), tmp_path)

    text = pdf_text(path)
    assert "Cost avoided by one shared accreditation" in text
    assert "REPORTS_" not in text
    assert "(setting" not in text


def test_the_pdf_is_tagged_for_screen_readers_with_its_language_and_title(
    consortium, placement, tmp_path
):
    _, path, _ = build("savings_summary", run_for("savings_summary", consortium), tmp_path)

    def pdfinfo(*options):
        pdfinfo = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
        done = subprocess.run([pdfinfo, *options, str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    info = pdfinfo()
    assert "Tagged:          yes" in info  # the catalogue's MarkInfo says Marked
    assert "Title:           Savings summary: " in info
    structure = pdfinfo("-struct")  # the StructTreeRoot, element by element
    assert "H1" in structure and "Table" in structure
    assert b"/Lang (en-GB)" in _inflated(path.read_bytes())


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams hold the catalogue) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
    return b"".join(parts)


def test_a_placement_above_its_ceiling_is_listed_as_an_exception_in_the_pdf(
    consortium, charlie, bromley_child, far_setting, placement, tmp_path
):
    over = placement_at(
        far_setting, bromley_child, charlie, agreed="1950.00", starts_on=placement.starts_on
    )
    figures = savings_figures(run_for("savings_summary", consortium))
    assert [(row["reference"], row["over_annual"]) for row in figures.exceptions] == [
        (over.reference, Decimal("1900.00"))  # (1,950 - 1,900) x 38
    ]
    _, path, _ = build("savings_summary", run_for("savings_summary", consortium), tmp_path)
    text = " ".join(pdf_text(path).split())
    assert "After 1 placement above its ceiling, £1,900.00 a year more than the ceiling" in text
    assert "Exceptions: placements above the DPS ceiling" in text
    assert over.reference in text and "Not recorded" in text
