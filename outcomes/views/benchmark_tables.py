"""The benchmark pages' tables as CSV downloads (boroughs.tables): the same rows the page shows,
with every figure as a number (rank, estimates and bounds to 2 decimals, shares to 1, money to
the penny) and the page's filters kept. The benchmarks table downloads every row of the filter,
not only the page of 25 on screen."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from boroughs.tables import Table


def _number(value, places: int = 2):
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


BENCHMARK_COLUMNS = (
    "Setting",
    "Provider",
    "Lot",
    "Primary need",
    "Rank in need",
    "Children",
    "Child-terms",
    "Progress a term",
    "95% interval from",
    "95% interval to",
    "Shrunken estimate",
    "Lower credible bound",
    "Targets met (%)",
    "Attendance (%)",
    "Suspension days a term",
    "Permanent exclusions",
    "Weekly cost",
    "Progress per £1,000 a week",
)


def benchmark_rows(rows) -> Iterator[tuple]:
    """Lazily: a page builds its tables only to link to them; the rows are made for a download."""
    return (
        (
            row.get("setting_name", ""),
            row.get("provider_name", ""),
            row.get("lot_name", ""),
            row["need_label"],
            row.get("rank"),
            row["children"],
            row["returns"],
            _number(row.get("mean_progress")),
            _number(row.get("lower")),
            _number(row.get("upper")),
            _number(row.get("shrunk")),
            _number(row.get("credible_lower")),
            _number(row.get("targets_met_pct"), 1),
            _number(row.get("attendance_pct"), 1),
            _number(row.get("exclusion_days")),
            row.get("permanent_exclusions"),
            _number(row.get("weekly_cost")),
            _number(row.get("progress_per_1000")),
        )
        for row in rows
    )


def benchmarks_table(rows) -> Table:
    return Table("benchmarks", "Benchmarks", BENCHMARK_COLUMNS, benchmark_rows(rows))


def strong_providers_table(rows) -> Table:
    return Table("settings-for-need", "Settings for this need, in rank order", BENCHMARK_COLUMNS,
                 benchmark_rows(rows))  # fmt: skip


def post16_tables(context: dict) -> list[Table]:
    return [
        Table(
            "median-by-need",
            "Median weekly fee of post-16 placements by primary need",
            ("Primary need", "Median weekly fee"),
            [(label, _number(median)) for label, median in context["medians"]],
        ),
        Table(
            "fees-by-provider",
            "Post-16 weekly fees by provider and primary need",
            (
                "Provider",
                "Primary need",
                "Placements",
                "Mean",
                "Median",
                "Lowest",
                "Highest",
                "Consortium median for the need",
            ),
            [
                (
                    row["provider_name"],
                    row["need_label"],
                    row["placements"],
                    *(
                        _number(row[key])
                        for key in (
                            "mean_weekly",
                            "median_weekly",
                            "min_weekly",
                            "max_weekly",
                            "consortium_median_weekly",
                        )
                    ),
                )
                for row in context["rows"]
            ],
        ),
    ]


def transitions_tables(context: dict) -> list[Table]:
    summary = context["summary"]
    return [
        Table(
            "phase-transfers",
            "Children with active placements in a phase-transfer year, by borough",
            ("Borough", *(label for _, label in summary["phase_years"])),
            [
                *(
                    (row["borough_name"], row["year_6"], row["year_11"])
                    for row in summary["boroughs"]
                ),
                ("Total", summary["totals"]["year_6"], summary["totals"]["year_11"]),
            ],
        ),
        Table(
            "pathways",
            "Young people by Preparing for Adulthood pathway",
            ("Pathway", "Young people"),
            list(context["totals"]),
        ),
        Table(
            "pathways-by-borough",
            "Preparing for Adulthood pathways by borough",
            ("Borough", *(label for _, label in summary["pathways"])),
            [(row["borough_name"], *row["pathways"].values()) for row in summary["boroughs"]],
        ),
    ]


def _quartiles(figures: dict | None, places: int) -> tuple:
    if not figures:
        return (None, None, None)
    return tuple(_number(figures[key], places) for key in ("q1", "median", "q3"))


def provider_tables(sections: list[dict]) -> list[Table]:
    """A provider's benchmark: its settings' rows and the consortium's distribution, for each
    consortium it has placements in (a second consortium's tables are numbered 2, 3, ...).
    A need with too few settings to show has no quartiles, as on the page."""
    tables = []
    for number, section in enumerate(sections, start=1):
        suffix = "" if number == 1 else f"-{number}"
        tables.append(
            Table(
                f"settings{suffix}",
                f"Settings by need and lot, {section['consortium']}",
                BENCHMARK_COLUMNS,
                benchmark_rows(section["rows"]),
            )
        )
        columns = ["Primary need", "Settings"]
        for figure in ("Shrunken estimate", "Targets met (share)", "Attendance (%)", "Weekly cost"):
            columns += [
                f"{figure}: lower quartile",
                f"{figure}: median",
                f"{figure}: upper quartile",
            ]
        tables.append(
            Table(
                f"distribution{suffix}",
                f"The consortium's distribution by need, {section['consortium']}",
                columns,
                [
                    (
                        entry["need_label"],
                        entry["groups"],
                        *_quartiles(entry.get("shrunk") if entry.get("shown") else None, 2),
                        *_quartiles(
                            entry.get("targets_met_share") if entry.get("shown") else None, 2
                        ),
                        *_quartiles(entry.get("attendance_pct") if entry.get("shown") else None, 1),
                        *_quartiles(entry.get("weekly_cost") if entry.get("shown") else None, 2),
                    )
                    for entry in section["distribution"]
                ],
            )
        )
    return tables
