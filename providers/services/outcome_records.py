"""Outcome records: each setting's outcomes benchmark for one primary need, beside its inspections.

The outcomes app computes the benchmarks from accepted termly returns and publishes them here
(it sits above providers, so it calls this service); placements' matching reads them through
`outcome_record_for` and the `OutcomeRecord` model, never importing outcomes. A record's `score`
is the shrunken estimate of mean progress per term and its `rank_bound` the lower credible bound
matching ranks by, empty below the children a rank needs (ADR 0006), so a setting with two
children does not outrank one with forty without evidence that it is better.

This module writes them; providers.selectors.outcome_records reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from ..models import OutcomeRecord

RECORD_FIELDS = (
    "children",
    "mean_progress",
    "score",
    "lower",
    "upper",
    "rank_bound",
    "percentile",
    "published_at",
)


@transaction.atomic
def outcome_records_publish(
    *,
    records: list[dict],
    published_at: datetime,
    setting_ids: Iterable[int] | None = None,
) -> int:
    """Replace the published records with `records`, in one transaction; the count written.

    Each record names `setting_id`, `need`, `children`, `mean_progress`, `score`, `lower`,
    `upper`, `rank_bound` (None: not ranked) and `percentile`. Records are upserted on (setting, need), then every other record
    in scope is removed: the scope is `setting_ids` (one consortium's settings) or, when None,
    every record. Readers see the old set or the new one, never a mix. No side effects beyond
    the rows: matching reads the new records on its next query.
    """
    rows = [
        OutcomeRecord(
            setting_id=record["setting_id"],
            need=record["need"],
            published_at=published_at,
            **{field: record[field] for field in RECORD_FIELDS if field != "published_at"},
        )
        for record in records
    ]
    # An upsert, so two refreshes racing cannot trip the one-record-per-need constraint.
    OutcomeRecord.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["setting", "need"],
        update_fields=list(RECORD_FIELDS),
    )
    stale = OutcomeRecord.objects.exclude(published_at=published_at)
    if setting_ids is not None:
        stale = stale.filter(setting_id__in=list(setting_ids))
    stale.delete()
    return len(rows)
