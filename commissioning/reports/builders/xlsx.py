"""Writing spreadsheets a person would want to open: named sheets, a bold frozen header row,
columns wide enough to read, filters, and number formats for money, scores and shares.

The workbook itself is `boroughs.spreadsheets.Sheets`, the one writer of cells, which keeps
text from running as a formula (docs/adr/0012-one-guard-for-written-cells-and-uploaded-files.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from boroughs.spreadsheets import Sheets

__all__ = ["COUNT", "DECIMAL_1", "MONEY", "SCORE", "SHARE", "TEXT", "XLSX", "Column", "Sheets"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MONEY = "£#,##0.00"
SCORE = "0.000"
SHARE = "0.0%"
COUNT = "#,##0"
DECIMAL_1 = "0.0"
TEXT = "@"


@dataclass(frozen=True)
class Column:
    """One column: its heading, the row key it shows, its number format and width (characters)."""

    header: str
    key: str
    number_format: str | None = None
    width: float = 14
