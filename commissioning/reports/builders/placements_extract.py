"""The placements extract: a CSV of the scope's placements live in the period, with SEN2 and
SSDA903 codes, for other systems (case management, the DfE and SSDA903 returns).

Its columns start with the placement list's own CSV export (`placements.exports`), row for row
the same figures, with the same protection against CSV injection; the codes returns need
follow. Rows are streamed (`iterator(chunk_size=...)`, fee history prefetched per chunk), so a
national extract never holds more than one chunk in memory.
"""

from __future__ import annotations

import pathlib
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from boroughs.spreadsheets import csv_writer
from placements.models import FeeChange, Placement
from placements.money import money_annotations

from . import BuildResult, Progress
from .base import CHUNK, filename, produced_on, scoped_placements

CSV = "text/csv; charset=utf-8"
EXTRA_COLUMNS = (
    "Borough ONS code",
    "Borough DfE LA number",
    "Setting type code (GIAS or SSDA903)",
    "Provision",
    "Weeks per year",
    "Looked after",
    "SSDA903 legal status",
)
PROGRESS_EVERY = 10_000
# Only what the columns show: at national scale building 150,000 rows of six full models (a
# setting's JSON fields decoded for each) costs more than the query.
COLUMNS_READ = (
    *("status", "end_reason", "provision", "weeks_per_year", "starts_on", "ends_on"),
    *("agreed_weekly", "ceiling_weekly", "spot_weekly"),
    *("borough__name", "borough__ons_code", "borough__dfe_la_code"),
    *("child__reference", "child__primary_need", "child__looked_after", "child__legal_status"),
    *("setting__name", "setting__urn", "setting__establishment_type"),
    *("provider__legal_name", "provider__trading_name", "lot__number", "lot__name"),
)
FEES = FeeChange.objects.order_by("effective_from").only(
    "placement_id", "effective_from", "weekly_fee"
)


def live_in_period(run: Any) -> QuerySet[Placement]:
    """Placements of the scope that were live on any day of the period, oldest first."""
    return (
        scoped_placements(run)
        .filter(starts_on__lte=run.period_end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=run.period_start))
        .select_related("borough", "child", "setting", "provider", "lot")
        .only(*COLUMNS_READ)
        .prefetch_related(Prefetch("fees", queryset=FEES))
        .annotate(**money_annotations(produced_on(run)))
        .order_by("borough__name", "starts_on", "pk")
    )


def extra_cells(placement: Placement) -> list[str]:
    child = placement.child
    return [
        placement.borough.ons_code,
        placement.borough.dfe_la_code,
        placement.setting.establishment_type,
        placement.get_provision_display(),
        str(placement.weeks_per_year),
        "Yes" if child.looked_after else "No",
        child.legal_status,
    ]


class PlacementsExtractBuilder:
    """Kind `placements_extract`."""

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        # The list's export columns, shared with its view (see docs/adr/0007-report-builders.md).
        from placements.exports import CSV_COLUMNS, csv_row

        placements = live_in_period(run)
        total = placements.count()
        progress(5, f"Writing {total:,} placements")
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_writer(handle)
            writer.writerow([*CSV_COLUMNS, *EXTRA_COLUMNS])
            for done, placement in enumerate(placements.iterator(chunk_size=CHUNK), start=1):
                writer.writerow([*csv_row(placement), *extra_cells(placement)])
                if done % PROGRESS_EVERY == 0:
                    progress(5 + 90 * done // max(total, 1), f"Written {done:,} of {total:,}")
        progress(100, "Placements extract ready")
        return BuildResult(filename=filename(run, "placements", "csv"), content_type=CSV)


placements_extract = PlacementsExtractBuilder()
