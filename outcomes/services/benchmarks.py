"""Publishing the benchmarks to providers, as the quality record matching ranks by.

Each setting's benchmark for each primary need (over all its lots) goes to
`providers.services.outcome_records.outcome_records_publish`, so placements reads it from
providers and never imports outcomes. The beat schedule runs `outcome_records_refresh` nightly
(`outcomes.tasks.publish_outcome_records`).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from boroughs.models import Consortium
from placements.models import Placement
from providers.services.outcome_records import outcome_records_publish

from ..selectors.benchmarks import outcome_records


def _record(row: dict) -> dict:
    """A benchmark row as the record's fields (the figures, rounded to 3 places, as Decimals).

    `rank_bound` is the lower credible bound only where the row has a rank (enough children):
    matching ranks by it and puts the records without one after those with one."""
    figures = {"mean_progress": "mean_progress", "score": "shrunk", "lower": "lower"}
    figures["upper"] = "upper"
    ranked = row["rank"] is not None
    return {
        "setting_id": row["setting_id"],
        "need": row["need"],
        "children": row["children"],
        "percentile": row["percentile_shrunk"],
        "rank_bound": Decimal(str(row["credible_lower"])) if ranked else None,
        **{field: Decimal(str(row[key])) for field, key in figures.items()},
    }


def outcome_records_refresh(*, consortium_id: int | None = None) -> int:
    """Recompute every setting's benchmark per need from accepted returns and publish them.

    One consortium's records replace those of the settings its boroughs have placed with; with
    no consortium, every consortium's are computed and replace all records. A record is one per
    setting and need (not per consortium): where two consortia benchmark the same setting for
    the same need, the one with more children behind it is kept. Returns the records written.
    Side effects: the providers' OutcomeRecord rows (matching reads them on its next query).
    """
    consortia = (
        [consortium_id]
        if consortium_id is not None
        else list(Consortium.objects.order_by("pk").values_list("pk", flat=True))
    )
    records: dict[tuple[int, str], dict] = {}
    for consortium in consortia:
        for row in outcome_records(consortium_id=consortium):
            key = (row["setting_id"], row["need"])
            if key not in records or records[key]["children"] < row["children"]:
                records[key] = _record(row)
    scope = None
    if consortium_id is not None:
        placed = Placement.objects.filter(borough__consortium_id=consortium_id)
        scope = set(placed.values_list("setting_id", flat=True).distinct())
    return outcome_records_publish(
        records=list(records.values()), published_at=timezone.now(), setting_ids=scope
    )
