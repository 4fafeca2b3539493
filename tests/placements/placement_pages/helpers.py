"""What the tests of the placement pages share: constants and helpers that build rows and read pages."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from placements.models import FeeChange, Placement
from providers.models import Enrolment

ACTIONS = ("placement_fee_change", "placement_edit", "placement_end", "placement_move")


IDENTITY = ("Sam Example", "CR-0042", "CR0 1AA", "14 March 2016", "2016-03-14")


def url(name: str, placement: Placement) -> str:
    return reverse(f"placements:{name}", kwargs={"public_id": placement.public_id})


def date_parts(name: str, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def started(placement: Placement, *, days_ago: int) -> Placement:
    """The placement as if it had begun `days_ago` days ago at its agreed fee."""
    begun = timezone.localdate() - timedelta(days=days_ago)
    Placement.objects.filter(pk=placement.pk).update(starts_on=begun)
    FeeChange.objects.filter(placement=placement).update(effective_from=begun)
    placement.refresh_from_db()
    return placement


def copies(placement: Placement, count: int) -> None:
    """More placements like this one, each with its first fee row (for query counts)."""
    for number in range(count):
        copy = Placement.objects.create(
            borough=placement.borough,
            child=placement.child,
            setting=placement.setting,
            provider=placement.provider,
            lot=placement.lot,
            weeks_per_year=38,
            starts_on=placement.starts_on + timedelta(days=number + 1),
            agreed_weekly=Decimal("1500.00"),
            ceiling_weekly=Decimal("1650.50"),
            created_by=placement.created_by,
        )
        FeeChange.objects.create(
            placement=copy,
            effective_from=copy.starts_on,
            weekly_fee=copy.agreed_weekly,
            recorded_by=placement.created_by,
        )


def sums(rows) -> dict:
    return {
        "placements": len(rows),
        "committed_annual": sum((row.committed_annual for row in rows), Decimal("0.00")),
        "saving_vs_ceiling": sum(
            (row.saving_vs_ceiling or Decimal(0) for row in rows), Decimal("0.00")
        ),
    }


def csv_rows(response) -> list[dict]:
    content = b"".join(getattr(response, "streaming_content", [response.content]))
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def _move_to(far_setting, starts_on, **fields) -> dict:
    return {
        "setting": str(Enrolment.objects.get(setting=far_setting).public_id),
        **date_parts("starts_on", starts_on),
        "weekly_fee": "1800",
        "reason": "Needs a smaller class",
        **fields,
    }


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"
