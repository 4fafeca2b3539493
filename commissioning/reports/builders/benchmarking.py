"""The benchmarking report: outcomes benchmarks and post-16 costs as a workbook, or the
by-setting view as one flat CSV.

The database aggregates (`outcomes.selectors.benchmarks.benchmark_table`: one GROUP BY query
over accepted returns, then statistics over the groups; `outcomes.selectors.post16.post16_costs`);
pandas shapes the grouped rows (names, cost per progress point, order); openpyxl writes them.
Nothing here reads a row per return or per placement, so the report costs the same whether the
consortium has a thousand returns or a million.
"""

from __future__ import annotations

import pathlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from boroughs.spreadsheets import csv_writer

from . import BuildResult, Progress
from .base import SCOPE_CONSORTIUM, SCOPE_STRAND, filename, long_date, period_label, produced_on
from .xlsx import COUNT, DECIMAL_1, MONEY, SCORE, SHARE, XLSX, Column, Sheets

PENNY = Decimal("0.01")
CSV = "text/csv; charset=utf-8"
EXCLUSIONS = "0.00"

FIGURES = (
    Column("Children", "children", COUNT, 10),
    Column("Returns (n)", "returns", COUNT, 11),
    Column("Returns with a progress figure", "progress_returns", COUNT, 14),
    Column("Mean progress a term", "mean_progress", SCORE, 12),
    Column("Lower 95%", "lower", SCORE, 10),
    Column("Upper 95%", "upper", SCORE, 10),
    Column("Shrunken estimate", "shrunk", SCORE, 12),
    Column("Shrinkage weight", "shrinkage_weight", SCORE, 11),
    Column("Lower credible bound (ranked on)", "credible_lower", SCORE, 13),
    Column("Rank within the need", "rank", COUNT, 10),
    Column("Targets met", "targets_met_share", SHARE, 10),
    Column("Attendance (%)", "attendance_pct", DECIMAL_1, 11),
    Column("Suspension days per child-term", "exclusion_days", EXCLUSIONS, 14),
    Column("Permanent exclusions", "permanent_exclusions", COUNT, 12),
    Column("Mean weekly cost", "weekly_cost", MONEY, 14),
    Column("Cost per progress point (weekly)", "cost_per_point", MONEY, 16),
    Column("Progress per £1,000 a week", "progress_per_1000", SCORE, 13),
    Column("Percentile of the shrunken estimate (within the need)", "percentile_shrunk", COUNT, 16),
)
NEED = (Column("Need (SEN2)", "need", width=9), Column("Need", "need_label", width=34))
PROVIDER = Column("Provider", "provider_name", width=40)
SETTING = Column("Setting", "setting_name", width=40)
LOT = Column("Lot", "lot_name", width=40)

VIEWS = {
    "By provider": ("provider", (PROVIDER, *NEED, LOT, *FIGURES)),
    "By need": ("need", (*NEED, *FIGURES)),
    "By lot": ("lot", (LOT, *NEED, *FIGURES)),
}
SETTING_VIEW = (PROVIDER, SETTING, *NEED, LOT, *FIGURES)
POST_16 = (
    PROVIDER,
    *NEED,
    Column("Placements", "placements", COUNT, 11),
    Column("Mean weekly fee", "mean_weekly", MONEY, 14),
    Column("Median weekly fee", "median_weekly", MONEY, 14),
    Column("Lowest weekly fee", "min_weekly", MONEY, 14),
    Column("Highest weekly fee", "max_weekly", MONEY, 14),
    Column("Consortium median for the need", "consortium_median_weekly", MONEY, 16),
    Column("Difference from the consortium median", "difference", MONEY, 16),
)


def cost_per_point(weekly_cost: Decimal | None, mean_progress: Decimal | None) -> Decimal | None:
    """What a week of the placement costs per point of mean progress a term (progress > 0)."""
    if weekly_cost is None or mean_progress is None or mean_progress <= 0:
        return None
    return (_decimal(weekly_cost) / _decimal(mean_progress)).quantize(PENNY, rounding=ROUND_HALF_UP)


def _decimal(value) -> Decimal:
    """Decimal from a Decimal, int or float (by its shortest repr, not its binary expansion)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _borough_ids(run: Any) -> list[int] | None:
    """None asks the selectors for the whole consortium (the same rows, fewer joins)."""
    return None if run.scope == SCOPE_CONSORTIUM else list(run.scope_borough_ids())


def _strand_lot_ids(run: Any) -> set[int] | None:
    if run.scope != SCOPE_STRAND or not run.strand_id:
        return None
    from providers.models import Lot

    return set(Lot.objects.filter(dps__strand_id=run.strand_id).values_list("pk", flat=True))


def benchmark_frame(run: Any, by: str):
    """One view of the benchmarks as a DataFrame, with the cost per progress point added."""
    import pandas as pd

    from outcomes.selectors.benchmarks import benchmark_table

    rows = benchmark_table(
        consortium_id=run.consortium_id,
        by=by,
        borough_ids=_borough_ids(run),
        period=(run.period_start, run.period_end),
    )
    frame = pd.DataFrame.from_records(rows)
    if frame.empty:
        return frame
    lots = _strand_lot_ids(run)
    if lots is not None and by != "need":
        frame = frame[frame["lot_id"].isin(lots)]
    frame["cost_per_point"] = [
        cost_per_point(cost, progress)
        for cost, progress in zip(frame["weekly_cost"], frame["mean_progress"], strict=True)
    ]
    return frame


def post16_frame(run: Any):
    import pandas as pd

    from outcomes.selectors.post16 import post16_costs

    on = min(run.period_end, produced_on(run))
    frame = pd.DataFrame.from_records(
        post16_costs(consortium_id=run.consortium_id, borough_ids=_borough_ids(run), on=on)
    )
    if not frame.empty:
        frame["difference"] = frame["mean_weekly"] - frame["consortium_median_weekly"]
    return frame


def records(frame) -> list[dict]:
    """The frame's rows as dicts (pandas' missing values become empty cells)."""
    if frame.empty:
        return []
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def notes(run: Any) -> list[tuple[str, str]]:
    from outcomes.selectors.benchmark_stats import MIN_CHILDREN_TO_RANK

    on = long_date(min(run.period_end, produced_on(run)))
    strand_note = (
        " In a strand report the provider and lot views keep the strand's lots; the need view counts every placement of the strand's member boroughs."
        if run.scope == SCOPE_STRAND
        else ""
    )
    return [
        ("Report", f"Benchmarking: {run.scope_label()}, {period_label(run)}"),
        ("Consortium", run.consortium.name),
        ("Produced", long_date(produced_on(run))),
        (
            "What counts",
            "Accepted termly returns only, for terms starting in the period, for placements made by the boroughs in scope."
            + strand_note,
        ),
        (
            "Children and n",
            "Children: distinct children in the group. Returns (n): accepted returns, one per child per term. A provider with four children is not ranked like one with forty: read every figure beside its n.",
        ),
        (
            "Mean progress",
            "The mean, over the group's returns, of each return's mean progress on the child's targets since the previous term (Goal Attainment Scaling points or 1 to 5 rating points).",
        ),
        (
            "Intervals",
            "Lower and upper 95%: the mean plus or minus 1.96 standard errors. The standard error uses the group's own variance when it has two returns or more, otherwise the pooled variance of the need's groups. Empty when no group of the need has two returns.",
        ),
        (
            "Shrinkage",
            "The shrunken estimate pulls each group's mean toward the need's mean, the more so the fewer returns stand behind it (empirical Bayes per need: each group's own variance pulled toward the need's pooled variance, and the variance between groups by DerSimonian and Laird). The shrinkage weight is how much of the group's own difference from the need's mean is kept (1 keeps it all, 0 none).",
        ),
        (
            "Ranks",
            f"Groups are ranked within their need on the lower credible bound: the shrunken estimate less 1.645 times its standard error, the progress a term the group makes with 95% certainty. A group with a handful of children cannot outrank one with many unless its results are clearly better. Groups with fewer than {MIN_CHILDREN_TO_RANK} children have no rank (the cell is empty). Rank by this, not the raw mean or the shrunken estimate.",
        ),
        (
            "Percentiles",
            "Among the groups of the same need: 0 is the lowest, 100 the highest. A higher cost is a higher percentile: it places a figure, it does not judge it.",
        ),
        (
            "Costs",
            "Mean weekly cost: the agreed weekly fee averaged over the group's returns. Cost per progress point: mean weekly cost divided by mean progress a term, only where progress is above zero. Progress per £1,000 a week: mean progress divided by weekly cost in thousands.",
        ),
        (
            "Post-16",
            f"Active placements of young people in Year 12 or above on {on}, at the weekly fee in force that day, per provider and need, against the consortium's median for the need.",
        ),
        (
            "Source",
            f"{run.consortium.name} placement commissioning portal: providers' termly returns as accepted by commissioners, and placements' fees.",
        ),
    ]


class BenchmarkingXlsxBuilder:
    """Kind `benchmarking`: a sheet per view, post-16 costs and notes."""

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        sheets = Sheets()
        for index, (title, (by, columns)) in enumerate(VIEWS.items()):
            progress(5 + index * 25, f"Benchmarking {title.lower()}")
            sheets.add(title, columns, records(benchmark_frame(run, by)))
        progress(80, "Post-16 costs")
        sheets.add("Post-16", POST_16, records(post16_frame(run)))
        sheets.add_text("Notes", notes(run))
        sheets.save(path)
        progress(100, "Benchmarking report ready")
        return BuildResult(filename=filename(run, "benchmarking", "xlsx"), content_type=XLSX)


# Places a CSV figure is written to, by the column's spreadsheet format.
CSV_PLACES = {SCORE: 3, SHARE: 3, MONEY: 2, EXCLUSIONS: 2, DECIMAL_1: 1, COUNT: 0}


def csv_figure(value, number_format: str) -> Decimal | None:
    """A figure as a plain number for other tools: fixed places, no separators or symbols."""
    if value is None:
        return None
    places = CSV_PLACES[number_format]
    step = Decimal(1).scaleb(-places)
    return _decimal(value).quantize(step, rounding=ROUND_HALF_UP)


class BenchmarkingCsvBuilder:
    """Kind `benchmarking_csv`: the by-setting view, one flat CSV for other tools."""

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        progress(10, "Benchmarking by setting")
        rows = records(benchmark_frame(run, "setting"))
        progress(80, f"Writing {len(rows):,} rows")
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_writer(handle)
            writer.writerow([column.header for column in SETTING_VIEW])
            for row in rows:
                writer.writerow(
                    [
                        row.get(column.key)
                        if column.number_format is None
                        else csv_figure(row.get(column.key), column.number_format)
                        for column in SETTING_VIEW
                    ]
                )
        progress(100, "Benchmarking CSV ready")
        return BuildResult(filename=filename(run, "benchmarking", "csv"), content_type=CSV)


benchmarking_xlsx = BenchmarkingXlsxBuilder()
benchmarking_csv = BenchmarkingCsvBuilder()
