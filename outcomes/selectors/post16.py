"""Post-16 placement costs by provider and need: what the post-16 cost review compares.

Active placements whose young person is in Year 12 or above on the day (national curriculum
year, `placements.models.national_curriculum_year`), at the weekly fee in force that day
(`placements.money.current_weekly_expression`). Post-16 placements are a few per cent of the
whole, so the one query fetches their fees and the medians are taken here.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from placements.choices import PlacementStatus
from placements.models import Placement
from placements.money import current_weekly_expression
from providers.choices import NeedCode
from providers.models import Provider

PENNY = Decimal("0.01")
POST_16_YEAR = 12


def academic_year_start(on: date) -> int:
    return on.year if on.month >= 9 else on.year - 1


def born_before_year(year: int, on: date) -> date:
    """Children born before this day are in national curriculum `year` or above on `on`.

    Year N on `on` holds the cohort that started reception N years before this school year,
    i.e. children born from 1 September (start - N - 5) to 31 August (start - N - 4).
    """
    return date(academic_year_start(on) - year - 4, 9, 1)


def born_in_year(year: int, on: date) -> tuple[date, date]:
    """The dates of birth of children in national curriculum `year` on `on`."""
    last = born_before_year(year, on)
    return date(last.year - 1, 9, 1), date(last.year, 8, 31)


def _pence(value) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def post16_placements(*, consortium_id: int, borough_ids=None, on: date | None = None):
    """Active placements of the consortium whose young person is in Year 12 or above on `on`."""
    on = on or timezone.localdate()
    qs = Placement.objects.filter(
        status=PlacementStatus.ACTIVE,
        starts_on__lte=on,
        borough__consortium_id=consortium_id,
        child__date_of_birth__lt=born_before_year(POST_16_YEAR, on),
    )
    if borough_ids is not None:
        qs = qs.filter(borough_id__in=list(borough_ids))
    return qs.annotate(weekly=current_weekly_expression(on))


def post16_costs(
    *, consortium_id: int, borough_ids: list[int] | None = None, on: date | None = None
) -> list[dict]:
    """Weekly fees of post-16 placements per provider and need, against the consortium's median
    for the need: placements, mean, median, lowest and highest (Decimal pounds)."""
    rows = post16_placements(consortium_id=consortium_id, borough_ids=borough_ids, on=on)
    fees: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    by_need: dict[str, list[Decimal]] = defaultdict(list)
    for provider_id, need, weekly in rows.values_list(
        "provider_id", "child__primary_need", "weekly"
    ):
        fees[provider_id, need].append(weekly)
        by_need[need].append(weekly)
    names = Provider.objects.only("public_id", "legal_name", "trading_name").in_bulk(
        {provider_id for provider_id, _need in fees}
    )
    result = [
        {
            "provider_id": provider_id,
            "provider_name": str(names[provider_id]),
            "provider_public_id": names[provider_id].public_id,
            "need": need,
            "need_label": NeedCode(need).label,
            "placements": len(values),
            "mean_weekly": _pence(sum(values) / len(values)),
            "median_weekly": _pence(statistics.median(values)),
            "min_weekly": _pence(min(values)),
            "max_weekly": _pence(max(values)),
            "consortium_median_weekly": _pence(statistics.median(by_need[need])),
        }
        for (provider_id, need), values in fees.items()
    ]
    return sorted(result, key=lambda row: (row["need_label"], row["provider_name"]))
