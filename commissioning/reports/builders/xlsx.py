"""Writing spreadsheets a person would want to open: named sheets, a bold frozen header row,
columns wide enough to read, filters, and number formats for money, scores and shares.

Workbooks are write-only (openpyxl streams each row to disk as it is appended), so a sheet of
100,000 rows costs little memory.
"""

from __future__ import annotations

import math
import pathlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MONEY = "£#,##0.00"
SCORE = "0.000"
SHARE = "0.0%"
COUNT = "#,##0"
DECIMAL_1 = "0.0"
TEXT = "@"

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    """One column: its heading, the row key it shows, its number format and width (characters)."""

    header: str
    key: str
    number_format: str | None = None
    width: float = 14


def _value(value: Any) -> Any:
    """Cells take numbers, text and dates; missing figures (None, NaN) stay empty."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal) and value.is_nan():
        return None
    return value


class Sheets:
    """A write-only workbook, one `add` per sheet, then `save`."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)

    def add(
        self, title: str, columns: Sequence[Column], rows: Iterable[dict], *, filters: bool = True
    ) -> int:
        """A sheet of `rows` (dicts keyed by each column's `key`); returns how many it wrote."""
        sheet = self.workbook.create_sheet(title=title[:31])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        sheet.append([self._cell(sheet, column.header, font=BOLD, wrap=True) for column in columns])
        count = 0
        for row in rows:
            sheet.append(
                [
                    self._cell(sheet, _value(row.get(column.key)), fmt=column.number_format)
                    for column in columns
                ]
            )
            count += 1
        if filters and columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        return count

    def add_text(self, title: str, paragraphs: Sequence[tuple[str, str]]) -> None:
        """A sheet of notes: a term in bold beside its explanation, wrapped to be read."""
        sheet = self.workbook.create_sheet(title=title[:31])
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 100
        for term, text in paragraphs:
            sheet.append(
                [self._cell(sheet, term, font=BOLD, wrap=True), self._cell(sheet, text, wrap=True)]
            )

    def save(self, path: pathlib.Path) -> None:
        self.workbook.save(str(path))

    @staticmethod
    def _cell(sheet, value, *, fmt: str | None = None, font: Font | None = None, wrap=False):
        cell = WriteOnlyCell(sheet, value=value)
        if fmt:
            cell.number_format = fmt
        if font:
            cell.font = font
        if wrap:
            cell.alignment = WRAP
        return cell
