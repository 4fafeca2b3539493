"""The Placements Data Standard v2 export as a report run: the scope's care referrals raised in
the period, with their placements, as JSON validated against the schema derived from the
standard's field list, or as CSV under the standard's field names (placements.standard.export,
the same records the page and the API serve). Children are the standard's pseudonym only."""

from __future__ import annotations

import json
import pathlib
from typing import Any

from boroughs.spreadsheets import csv_writer
from placements.models import PlacementRequest

from . import BuildResult, Progress
from .base import SCOPE_STRAND, datetime_filter, filename, produced_on

JSON = "application/json"
CSV = "text/csv; charset=utf-8"


def referrals_in_period(run: Any):
    """The scope's requests raised on a day of the period (the export keeps the care ones)."""
    requests = PlacementRequest.objects.filter(
        borough_id__in=run.scope_borough_ids(), **datetime_filter(run, "created_at")
    )
    if run.scope == SCOPE_STRAND and run.strand_id:
        requests = requests.filter(strand_id=run.strand_id)
    return requests


class PlacementsStandardBuilder:
    """Kinds `placements_standard` (JSON) and `placements_standard_csv`."""

    def __init__(self, extension: str) -> None:
        self.extension = extension

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        from placements.standard.export import build, csv_rows

        progress(5, "Reading the care referrals")
        built = build(referrals_in_period(run), produced_on(run))
        progress(80, f"Writing {len(built.records):,} records")
        name = filename(run, "placements-standard-v2", self.extension)
        with path.open("w", newline="", encoding="utf-8") as handle:
            if self.extension == "json":
                json.dump(built.document, handle, indent=2, ensure_ascii=False)
            else:
                writer = csv_writer(handle)
                for row in csv_rows(built.records):
                    writer.writerow(row)
        progress(100, "Placements Data Standard export ready")
        return BuildResult(filename=name, content_type=JSON if self.extension == "json" else CSV)


placements_standard = PlacementsStandardBuilder("json")
placements_standard_csv = PlacementsStandardBuilder("csv")
