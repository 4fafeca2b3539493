"""The placements extract: its columns with the SEN2 and SSDA903 codes, money as plain numbers,
and text a spreadsheet will not run as a formula. The list page's CSV download and the reports'
placements extract both write rows with it."""

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


def plain(value) -> str:
    """Money for spreadsheets and other systems: 1234.56, no pound sign or separators."""
    return "" if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def text(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    value = "" if value is None else str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_row(placement: Placement) -> list[str]:
    return [
        placement.reference,
        text(placement.borough.name),
        text(placement.child.reference),
        placement.child.primary_need,
        text(placement.setting.name),
        placement.setting.urn or "",
        text(placement.provider),
        text(placement.lot),
        placement.starts_on.isoformat(),
        placement.ends_on.isoformat() if placement.ends_on else "",
        placement.get_status_display(),
        placement.end_reason,
        plain(placement.agreed_weekly),
        plain(placement.current_weekly),
        plain(placement.committed_annual),
        plain(placement.saving_vs_ceiling),
        plain(placement.saving_vs_spot),
        plain(selectors.placement_cost_to_date(placement)),
    ]
