"""The DfE lists of independent and non-maintained special schools, loaded as settings."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from ..choices import Section41Status
from ..models import Setting

SOUTH_LONDON_SCHOOLS = (
    Path(__file__).resolve().parent.parent
    / "data"
    / ("south_london_independent_and_nonmaintained_special_2022.csv")
)
TYPE_CODES = {
    "independent special school": "10",
    "other independent special school": "10",
    "non-maintained special school": "08",
    "special post 16 institution": "32",
    "special post-16 institution": "32",  # the DfE list's spelling
}


def _section41(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("approved_provisional") or value.startswith("approved (provisional"):
        return Section41Status.APPROVED_PROVISIONAL
    if value.startswith("approved"):
        return Section41Status.APPROVED
    if value.startswith("withdrawn"):
        return Section41Status.WITHDRAWN
    return Section41Status.NOT_LISTED


@transaction.atomic
def special_schools_load(*, path: Path = SOUTH_LONDON_SCHOOLS) -> int:
    """Create or update settings by LAESTAB from a DfE list; returns how many rows it read."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # A list may name one LAESTAB twice; the last row wins, as it always did, but is written
    # once: flipping between the two on every load would fill the change history.
    last_by_laestab = {row["laestab"]: row for row in rows}
    for row in last_by_laestab.values():
        values = {
            "name": row["name"],
            "establishment_type": TYPE_CODES.get(row["type"].strip().lower(), "10"),
            "section41_status": _section41(row["section41"]),
            "dfe_la_code": row["dfe_la_code"],
        }
        # LAESTAB is not unique across GIAS history: update the newest setting that has it.
        existing = Setting.objects.filter(laestab=row["laestab"]).order_by("-pk").first()
        if existing is None:
            Setting.objects.create(laestab=row["laestab"], **values)
        elif any(getattr(existing, name) != value for name, value in values.items()):
            # Saved, not UPDATEd, so the change history records it (boroughs.audit).
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save(update_fields=list(values))
    return len(rows)
