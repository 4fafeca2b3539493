"""The placements extract (CSV) and the DPS activity workbook (XLSX)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from placements.choices import PlacementStatus
from providers.choices import ApplicationStatus
from providers.models import Application

from .test_builders_contract import build, placement_at, run_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


def _rows(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- Placements extract -----------------------------------------------------------------------


def test_the_extract_carries_the_placement_with_its_sen2_and_ssda903_codes(
    consortium, placement, tmp_path
):
    result, path, _ = build(
        "placements_extract", run_for("placements_extract", consortium), tmp_path
    )

    (row,) = _rows(path)
    assert result.content_type.startswith("text/csv")
    assert result.filename.endswith(".csv")
    assert row["Placement reference"] == placement.reference
    assert (row["Borough"], row["Borough ONS code"], row["Borough DfE LA number"]) == (
        "Croydon",
        "E09000008",
        "306",
    )
    assert row["SEN2 primary need"] == "ASD"
    assert row["Setting type code (GIAS or SSDA903)"] == "10"
    assert row["Agreed weekly fee"] == "1520.00"
    assert Decimal(row["Annual saving vs DPS ceiling"]) == Decimal("4959.00")
    assert row["Committed annual cost"] == "57760.00"
    assert (row["Looked after"], row["SSDA903 legal status"], row["End reason code"]) == (
        "No",
        "",
        "",
    )


def test_the_extract_shows_the_same_figures_as_the_placement_lists_export(
    consortium, lead_analyst, placement, client_for, tmp_path
):
    _, path, _ = build("placements_extract", run_for("placements_extract", consortium), tmp_path)
    page = client_for(lead_analyst).get(reverse("placements:placement_export"))
    exported = list(csv.reader(page.content.decode().splitlines()))

    (row,) = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))[1:]
    assert row[: len(exported[0])] == exported[1]


def test_a_borough_extract_leaves_out_other_boroughs_placements(
    consortium, bromley, placement, tmp_path
):
    run = run_for("placements_extract", consortium, scope="borough", borough_id=bromley.pk)

    _, path, _ = build("placements_extract", run, tmp_path)

    assert _rows(path) == []


def test_placements_that_ended_before_the_period_are_left_out(
    consortium, alice, child, near_setting, placement, tmp_path
):
    run = run_for("placements_extract", consortium)
    placement_at(
        near_setting,
        child,
        alice,
        agreed="1000.00",
        starts_on=run.period_start - timedelta(days=400),
        ends_on=run.period_start - timedelta(days=1),
        status=PlacementStatus.ENDED,
        end_reason="E8",
    )
    ended_in_period = placement_at(
        near_setting,
        child,
        alice,
        agreed="1100.00",
        starts_on=run.period_start - timedelta(days=400),
        ends_on=run.period_start,
        status=PlacementStatus.ENDED,
        end_reason="E8",
    )

    _, path, _ = build("placements_extract", run, tmp_path)

    references = {row["Placement reference"]: row for row in _rows(path)}
    assert set(references) == {placement.reference, ended_in_period.reference}
    assert references[ended_in_period.reference]["End reason code"] == "E8"


def test_a_cell_that_would_run_as_a_formula_is_written_as_text(consortium, placement, tmp_path):
    child = placement.child
    child.reference = '=HYPERLINK("http://evil")'
    child.save()

    _, path, _ = build("placements_extract", run_for("placements_extract", consortium), tmp_path)

    assert _rows(path)[0]["Child reference"].startswith("'=")


# --- DPS activity ------------------------------------------------------------------------------


def _workbook(path):
    return load_workbook(io.BytesIO(path.read_bytes()))


def _sheet(path, title) -> dict[str, list]:
    sheet = _workbook(path)[title]
    rows = list(sheet.iter_rows(values_only=True))
    return {row[1] or row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


DAY_LOT = "Lot 1: Independent special school: day"


def test_dps_activity_counts_the_call_offs_and_their_responses_by_lot(
    consortium, placement, tmp_path
):
    result, path, _ = build("dps_activity", run_for("dps_activity", consortium), tmp_path)

    assert result.filename.endswith(".xlsx")
    workbook = _workbook(path)
    assert workbook.sheetnames == [
        "Applications",
        "Enrolments",
        "Requests",
        "Invitations and offers",
        "Notes",
    ]
    invitations = _sheet(path, "Invitations and offers")[DAY_LOT]
    assert (invitations["Invitations"], invitations["Offers"], invitations["Awarded"]) == (2, 2, 1)
    assert invitations["Response rate"] == 1 and invitations["Offer rate"] == 1
    requests = _sheet(path, "Requests")[DAY_LOT]
    assert (requests["Sent to providers"], requests["Awarded"]) == (1, 1)
    enrolments = _sheet(path, "Enrolments")[DAY_LOT]
    assert (enrolments["Settings on the lot"], enrolments["Providers on the lot"]) == (2, 2)
    assert _sheet(path, "Requests")["All lots"]["Awarded"] == 1


def test_dps_activity_sheets_have_a_frozen_header_and_formatted_rates(
    consortium, placement, tmp_path
):
    _, path, _ = build("dps_activity", run_for("dps_activity", consortium), tmp_path)

    sheet = _workbook(path)["Invitations and offers"]
    headers = [cell.value for cell in sheet[1]]
    rate = headers.index("Response rate") + 1
    assert sheet.freeze_panes == "A2"
    assert sheet[1][0].font.bold
    assert sheet.column_dimensions["B"].width >= 40
    day_row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == DAY_LOT)
    assert day_row[rate - 1].number_format == "0.0%"


def test_dps_activity_counts_applications_received_and_decided_in_the_period(
    consortium, send_dps, send_day_lot, bright_futures, other_schools, tmp_path
):
    run = run_for("dps_activity", consortium)
    inside = timezone.make_aware(
        timezone.datetime.combine(
            run.period_start + timedelta(days=10), timezone.datetime.min.time()
        )
    )
    accredited = Application.objects.create(
        provider=bright_futures[0],
        dps=send_dps,
        status=ApplicationStatus.ACCREDITED,
        submitted_at=inside,
        decided_at=inside + timedelta(days=7),
    )
    rejected = Application.objects.create(
        provider=other_schools[0],
        dps=send_dps,
        status=ApplicationStatus.REJECTED,
        submitted_at=inside - timedelta(days=400),  # received before the period
        decided_at=inside,
    )
    for application in (accredited, rejected):
        application.lots.add(send_day_lot)

    _, path, _ = build("dps_activity", run, tmp_path)

    day = _sheet(path, "Applications")[DAY_LOT]
    assert (day["Received"], day["Accredited"], day["Rejected"]) == (1, 1, 1)
