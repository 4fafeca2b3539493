"""National price bands for independent special schools: loading a publication and reading where
a weekly fee sits in it.

DfE said it would publish national price bands (a need band, price bands within it, a weekly
range each); until it does, none are loaded and pages say so. A publication comes as CSV, one
band a row: need_band, needs (the primary need codes the need band covers, separated by spaces),
price_band, weekly_min, weekly_max. Loading is all or nothing: any bad row is named and nothing
is kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError
from providers.choices import NeedCode

from .models import PriceBand, PriceBandSet
from .templatetags.money import pounds

COLUMNS = ("need_band", "needs", "price_band", "weekly_min", "weekly_max")
MSG_COLUMNS = "The file must have the columns " + ", ".join(COLUMNS)
MSG_EMPTY = "The file has no bands"
MSG_SOURCE = "Enter where the bands were published"
NONE_LOADED = "No national price bands are loaded"


@dataclass(frozen=True)
class Where:
    """Where a weekly fee sits: `band` (None when outside every band of its need) and words."""

    band: PriceBand | None
    text: str


def _money(value: str) -> Decimal | None:
    try:
        amount = Decimal(value.replace("£", "").replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount if amount >= 0 and amount == amount.quantize(Decimal("0.01")) else None


def parse(text: str) -> list[dict]:
    """The bands in `text`, or a DomainError naming every bad row (row 1 is the header)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or set(COLUMNS) - {f.strip() for f in reader.fieldnames}:
        raise DomainError(MSG_COLUMNS, field="file")
    bands, problems = [], []
    for number, row in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in row.items() if key}
        needs = row["needs"].upper().split()
        low, high = _money(row["weekly_min"]), _money(row["weekly_max"])
        wrong = [
            *(["need_band is empty"] if not row["need_band"] else []),
            *(["price_band is empty"] if not row["price_band"] else []),
            *[f"{code} is not a need code" for code in needs if code not in NeedCode.values],
            *(["needs is empty"] if not needs else []),
            *(["weekly_min is not an amount in pounds"] if low is None else []),
            *(["weekly_max is not an amount in pounds"] if high is None else []),
            *(
                ["weekly_max is below weekly_min"]
                if low is not None and high is not None and high < low
                else []
            ),
        ]
        if wrong:
            problems.append(f"Row {number}: {'; '.join(wrong)}")
            continue
        bands.append({**row, "needs": needs, "weekly_min": low, "weekly_max": high})
    if problems:
        raise DomainError(". ".join(problems), field="file")
    if not bands:
        raise DomainError(MSG_EMPTY, field="file")
    return bands


@transaction.atomic
def price_bands_load(*, actor: User, text: str, source: str, published_on: date) -> PriceBandSet:
    """Load a publication: every row or none."""
    policy.require(actor, "placements.add_pricebandset")
    if not source.strip():
        raise DomainError(MSG_SOURCE, field="source")
    bands = parse(text)
    band_set = PriceBandSet.objects.create(
        source=source.strip(), published_on=published_on, loaded_by=actor.email
    )
    PriceBand.objects.bulk_create(PriceBand(band_set=band_set, **band) for band in bands)
    return band_set


def current_set() -> PriceBandSet | None:
    return PriceBandSet.objects.prefetch_related("bands").first()


def where(weekly: Decimal | None, need: str, band_set: PriceBandSet | None) -> Where:
    """Where `weekly` sits among the bands of the need band that covers `need`."""
    if band_set is None:
        return Where(None, NONE_LOADED)
    bands = [band for band in band_set.bands.all() if need in band.needs]
    if not bands or weekly is None:
        return Where(None, f"No national price band covers {need}")
    for band in bands:
        if band.weekly_min <= weekly <= band.weekly_max:
            return Where(
                band,
                f"{band.need_band}, price band {band.price_band} "
                f"({pounds(band.weekly_min)} to {pounds(band.weekly_max)} a week)",
            )
    lowest = min(bands, key=lambda b: b.weekly_min)
    highest = max(bands, key=lambda b: b.weekly_max)
    if weekly > highest.weekly_max:
        return Where(
            None,
            f"Above every price band of {highest.need_band} (up to {pounds(highest.weekly_max)} a week)",
        )
    if weekly < lowest.weekly_min:
        return Where(
            None,
            f"Below every price band of {lowest.need_band} (from {pounds(lowest.weekly_min)} a week)",
        )
    return Where(None, f"Between the price bands of {lowest.need_band}")
