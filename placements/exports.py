"""The placements extract: its columns with the SEN2 and SSDA903 codes and money as plain
numbers. The list page's CSV download and the reports' placements extract both write rows with
it, through `boroughs.spreadsheets.csv_writer`, which keeps text from running as a formula."""

from __future__ import annotations

from decimal import Decimal

from . import selectors
from .models import Placement

CSV_COLUMNS = (
    "Placement reference",
    "Borough",
    "Child reference",
    "SEN2 primary need",
    "Setting",
    "Setting URN",
    "Provider",
    "Lot",
    "Start date",
    "End date",
    "Status",
    "End reason code",
    "Agreed weekly fee",
    "Current weekly fee",
    "Committed annual cost",
    "Annual saving vs DPS ceiling",
    "Annual saving vs spot price",
    "Cost to date",
)


def plain(value) -> Decimal | None:
    """Money for spreadsheets and other systems: 1234.56, no pound sign or separators. A number,
    so the CSV writer leaves a negative saving as one."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def csv_row(placement: Placement) -> list:
    """One placement's cells, for `boroughs.spreadsheets.csv_writer` (which guards the text)."""
    return [
        placement.reference,
        placement.borough.name,
        placement.child.reference,
        placement.child.primary_need,
        placement.setting.name,
        placement.setting.urn or "",
        placement.provider,
        placement.lot,
        placement.starts_on.isoformat(),
        placement.ends_on.isoformat() if placement.ends_on else "",
        placement.stage_label,
        placement.end_reason,
        plain(placement.agreed_weekly),
        plain(placement.current_weekly),
        plain(placement.committed_annual),
        plain(placement.saving_vs_ceiling),
        plain(placement.saving_vs_spot),
        plain(selectors.placement_cost_to_date(placement)),
    ]
