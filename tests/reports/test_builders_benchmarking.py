"""The benchmarking report (XLSX and CSV) against a small dataset worked out by hand.

Autistic children on the SEND day lot, returns accepted for the autumn 2026 and spring 2027
terms (both start in the 2026-27 financial year, the runs' period):

  Croydon's `placement` at Bright Futures School, £1,520.00 a week: progress 1.0 and 0.5,
    mean 0.750, cost per progress point 1,520.00 / 0.75 = £2,026.67.
  Bromley's at Other Schools Sutton, £1,800.00: progress 2.0 and 1.0, mean 1.500,
    cost per point 1,800.00 / 1.5 = £1,200.00.
  By need (ASD): four returns of two children, mean (1.0 + 0.5 + 2.0 + 1.0) / 4 = 1.125.
  Shrinkage by provider (ADR 0006): own variances 0.125 and 0.5, pooled 0.3125; pulled by K = 4:
    (1.25 + 0.125) / 5 = 0.275 and (1.25 + 0.5) / 5 = 0.35; over n = 2: v = 0.1375 and 0.175.
    w = 80/11 and 40/7, mu_w = 1.08, Q = 1.8, sum(w) - sum(w^2)/sum(w) = 6.4, tau2 = 0.8 / 6.4
    = 0.125; weights 0.125 / 0.2625 = 10/21 -> 0.476 and 0.125 / 0.3 = 5/12 -> 0.417. One child
    each: too few to rank, so the rank cells are empty.
  A Year 13 young person at Bright Futures (£2,000.00 a week) is the one post-16 placement.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from outcomes.choices import ReturnStatus
from outcomes.models import TermlyReturn
from placements.models import Child

from .test_builders_contract import build, placement_at, run_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]
D = Decimal


def _return(placement, term, framework, progress, status=ReturnStatus.ACCEPTED):
    return TermlyReturn.objects.create(
        placement=placement,
        term=term,
        framework_version=framework,
        status=status,
        mean_progress=D(progress),
        attendance_pct=D("90.0"),
    )


@pytest.fixture
def dataset(consortium, placement, framework, terms, charlie, bromley_child, far_setting, alice):
    autumn, spring = [t for t in terms if t.academic_year == 2026][:2]
    bromley_child.primary_need = "ASD"
    bromley_child.save()
    bromley = placement_at(
        far_setting, bromley_child, charlie, agreed="1800.00", starts_on=date(2026, 9, 1)
    )
    for term, mine, theirs in ((autumn, "1.0", "2.0"), (spring, "0.5", "1.0")):
        _return(placement, term, framework, mine)
        _return(bromley, term, framework, theirs)
    _return(bromley, terms[-1], framework, "9.0", status=ReturnStatus.SUBMITTED)  # not counted
    young_person = Child.objects.create(
        borough=alice.borough,
        reference="CR-1300",
        date_of_birth=date(2009, 1, 10),
        sex="F",
        home_postcode="CR0 1AA",
        primary_need="ASD",
    )
    placement_at(
        placement.setting, young_person, alice, agreed="2000.00", starts_on=date(2026, 9, 1)
    )


def _workbook(path):
    return load_workbook(io.BytesIO(path.read_bytes()))


def _rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_workbook_has_a_sheet_per_view_and_notes(consortium, dataset, tmp_path):
    result, path, _ = build("benchmarking", run_for("benchmarking", consortium), tmp_path)

    assert result.filename.endswith(".xlsx")
    assert result.content_type.endswith("spreadsheetml.sheet")
    workbook = _workbook(path)
    assert workbook.sheetnames == ["By provider", "By need", "By lot", "Post-16", "Notes"]
    notes = " ".join(
        str(cell) for row in workbook["Notes"].iter_rows(values_only=True) for cell in row
    )
    assert "Shrinkage" in notes and "95%" in notes and "n" in notes
    assert "lower credible bound" in notes and "fewer than 5 children have no rank" in notes


def test_provider_by_need_shows_n_intervals_and_the_cost_per_progress_point(
    consortium, dataset, tmp_path
):
    _, path, _ = build("benchmarking", run_for("benchmarking", consortium), tmp_path)

    rows = {row["Provider"]: row for row in _rows(_workbook(path)["By provider"])}
    bright = rows["Bright Futures Education Limited"]
    other = rows["Other Schools Limited"]
    assert (bright["Children"], bright["Returns (n)"]) == (1, 2)
    assert D(str(bright["Mean progress a term"])) == D("0.750")
    assert bright["Lower 95%"] is not None and bright["Upper 95%"] is not None
    assert D(str(bright["Cost per progress point (weekly)"])) == D("2026.67")
    assert D(str(other["Cost per progress point (weekly)"])) == D("1200.00")
    assert D(str(other["Mean weekly cost"])) == D("1800.00")


def test_the_shrinkage_weight_and_lower_credible_bound_are_filled_and_small_groups_unranked(
    consortium, dataset, tmp_path
):
    _, path, _ = build("benchmarking", run_for("benchmarking", consortium), tmp_path)

    rows = {row["Provider"]: row for row in _rows(_workbook(path)["By provider"])}
    bright, other = rows["Bright Futures Education Limited"], rows["Other Schools Limited"]
    assert D(str(bright["Shrinkage weight"])) == D("0.476")
    assert D(str(other["Shrinkage weight"])) == D("0.417")
    assert bright["Lower credible bound (ranked on)"] is not None
    assert bright["Rank within the need"] is None and other["Rank within the need"] is None


def test_the_need_and_lot_views_pool_the_providers(consortium, dataset, tmp_path):
    _, path, _ = build("benchmarking", run_for("benchmarking", consortium), tmp_path)
    workbook = _workbook(path)

    (asd,) = _rows(workbook["By need"])
    assert (asd["Need (SEN2)"], asd["Children"], asd["Returns (n)"]) == ("ASD", 2, 4)
    assert D(str(asd["Mean progress a term"])) == D("1.125")
    (day_lot,) = _rows(workbook["By lot"])
    assert day_lot["Lot"] == "Independent special school: day"


def test_number_formats_widths_and_frozen_headers_are_set_for_people(consortium, dataset, tmp_path):
    _, path, _ = build("benchmarking", run_for("benchmarking", consortium), tmp_path)
    sheet = _workbook(path)["By provider"]

    headers = [cell.value for cell in sheet[1]]
    second = sheet[2]
    formats = {headers[i]: second[i].number_format for i in range(len(headers))}
    assert sheet.freeze_panes == "A2"
    assert formats["Mean progress a term"] == "0.000"
    assert formats["Targets met"] == "0.0%"
    assert formats["Mean weekly cost"] == "£#,##0.00"
    assert sheet.column_dimensions["A"].width >= 30


def test_a_borough_report_benchmarks_that_boroughs_placements_only(
    consortium, croydon, dataset, tmp_path
):
    run = run_for("benchmarking", consortium, scope="borough", borough_id=croydon.pk)

    _, path, _ = build("benchmarking", run, tmp_path)

    providers = {row["Provider"] for row in _rows(_workbook(path)["By provider"])}
    assert providers == {"Bright Futures Education Limited"}


def test_post16_costs_are_set_against_the_consortium_median(consortium, dataset, tmp_path):
    _, path, _ = build("benchmarking", run_for("benchmarking", consortium), tmp_path)

    (row,) = _rows(_workbook(path)["Post-16"])
    assert row["Provider"] == "Bright Futures Education Limited"
    assert (row["Placements"], D(str(row["Mean weekly fee"]))) == (1, D("2000.00"))
    assert D(str(row["Consortium median for the need"])) == D("2000.00")


def test_the_csv_is_the_by_setting_view(consortium, dataset, tmp_path):
    result, path, _ = build("benchmarking_csv", run_for("benchmarking_csv", consortium), tmp_path)

    assert result.filename.endswith(".csv")
    rows = {row["Setting"]: row for row in csv.DictReader(io.StringIO(path.read_text("utf-8")))}
    assert set(rows) == {"Bright Futures School", "Other Schools Sutton"}
    assert rows["Bright Futures School"]["Mean progress a term"] == "0.750"
    assert rows["Bright Futures School"]["Cost per progress point (weekly)"] == "2026.67"


def test_a_period_with_no_returns_gives_empty_sheets_not_an_error(consortium, dataset, tmp_path):
    run = run_for("benchmarking", consortium, period=(date(2020, 4, 1), date(2021, 3, 31)))

    _, path, _ = build("benchmarking", run, tmp_path)

    assert _rows(_workbook(path)["By provider"]) == []


# Trading names a provider could give itself, each a formula if a spreadsheet ran it.
FORMULA_NAMES = ('=HYPERLINK("http://evil","x")', "+SUM(1,1)")
FORMULA_SETTINGS = ("@cmd", "-2+3")


@pytest.fixture
def formula_names(dataset, placement, far_setting):
    """The dataset's two providers and settings renamed as formulas."""
    for setting, provider_name, setting_name in zip(
        (placement.setting, far_setting), FORMULA_NAMES, FORMULA_SETTINGS, strict=True
    ):
        setting.provider.trading_name = provider_name
        setting.provider.save()
        setting.name = setting_name
        setting.save()


def test_names_that_look_like_formulas_are_text_cells_in_the_workbook(
    consortium, formula_names, tmp_path
):
    _, path, _ = build("benchmarking", run_for("benchmarking", consortium), tmp_path)
    workbook = _workbook(path)

    for title in ("By provider", "Post-16"):
        sheet = workbook[title]
        providers = [row[0] for row in sheet.iter_rows(min_row=2)]
        assert {cell.value for cell in providers} <= set(FORMULA_NAMES)
        assert providers and {cell.data_type for cell in providers} == {"s"}
        figures = next(sheet.iter_rows(min_row=2))
        assert any(cell.data_type == "n" and cell.value is not None for cell in figures)


def test_names_that_look_like_formulas_are_quoted_in_the_csv(consortium, formula_names, tmp_path):
    _, path, _ = build("benchmarking_csv", run_for("benchmarking_csv", consortium), tmp_path)

    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    assert {row["Provider"] for row in rows} == {f"'{name}" for name in FORMULA_NAMES}
    assert {row["Setting"] for row in rows} == {f"'{name}" for name in FORMULA_SETTINGS}
    assert {row["Cost per progress point (weekly)"] for row in rows} == {"2026.67", "1200.00"}
