"""Every cell the portal writes into a spreadsheet, CSV or XLSX, goes through this module.

Text in an export comes from people outside the council: a provider's trading name, a child's
reference, a reason typed into a form. A spreadsheet runs a cell that starts with `=`, `+`, `-`
or `@` (and some tools also a tab or carriage return, or the full-width forms of those signs)
as a formula, so `=HYPERLINK("http://evil", "x")` as a trading name would become a live link
in a commissioner's copy of the benchmarking workbook (formula or "CSV" injection). One guard:

- in XLSX, text is always a string cell (never a formula), with Excel's quote prefix on text
  that looks like a formula so editing the cell does not turn it into one; numbers and
  Decimals stay numbers;
- in CSV, where every cell is text, text that starts with a dangerous character gets a
  leading `'`; numbers (int, float, Decimal) are written as they are, so a negative saving
  stays a number.

`tests/boroughs/test_spreadsheets.py` fails if a module writes CSV or XLSX another way
(docs/adr/0012-one-guard-for-written-cells-and-uploaded-files.md).
"""

from __future__ import annotations

import csv
import math
import numbers
import pathlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Signs a spreadsheet starts a formula with, and the characters some tools skip before one.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet could run: its first character starts a formula."""
    return text[:1] in FORMULA_STARTS


def _is_number(value: Any) -> bool:
    # numbers.Number takes Decimal and numpy's numbers too; bool is an int to Python but
    # text ("True") to a reader of the file.
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _missing(value: Any) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    return value is None


# --- CSV -----------------------------------------------------------------------------------------


def csv_cell(value: Any) -> str | int | float | Decimal:
    """One CSV cell: numbers as they are, dates in ISO 8601, everything else as guarded text."""
    if value is None:
        return ""
    if _is_number(value):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class CsvWriter:
    """`csv.writer` with every cell through `csv_cell`: the only CSV writer the portal uses."""

    def __init__(self, handle: _Writable) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> Any:
        """Returns what the handle's `write` returned (a streamed response yields it)."""
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: _Writable) -> CsvWriter:
    return CsvWriter(handle)


# --- XLSX ----------------------------------------------------------------------------------------


def xlsx_value(value: Any) -> Any:
    """What a cell holds: numbers, dates and text; missing figures (None, NaN) stay empty."""
    if _missing(value):
        return None
    if _is_number(value) or isinstance(value, date | datetime):
        return value
    # Control characters are not allowed in the file format: openpyxl would refuse the sheet.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def xlsx_cell(sheet, value: Any, *, fmt: str | None = None, font=None, wrap=False) -> WriteOnlyCell:
    """One write-only cell. Text is set as a string cell after the value, because openpyxl
    otherwise makes any text starting with `=` a formula."""
    value = xlsx_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    if fmt:
        cell.number_format = fmt
    if font:
        cell.font = font
    if wrap:
        cell.alignment = WRAP
    return cell


class _Column(Protocol):
    header: str
    key: str
    number_format: str | None
    width: float


class Sheets:
    """A write-only workbook (openpyxl streams each row to disk as it is appended, so a sheet
    of 100,000 rows costs little memory), one `add` per sheet, then `save`."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)

    def add(
        self, title: str, columns: Sequence[_Column], rows: Iterable[dict], *, filters: bool = True
    ) -> int:
        """A sheet of `rows` (dicts keyed by each column's `key`); returns how many it wrote."""
        sheet = self.workbook.create_sheet(title=title[:31])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        sheet.append([xlsx_cell(sheet, column.header, font=BOLD, wrap=True) for column in columns])
        count = 0
        for row in rows:
            sheet.append(
                [
                    xlsx_cell(sheet, row.get(column.key), fmt=column.number_format)
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
                [xlsx_cell(sheet, term, font=BOLD, wrap=True), xlsx_cell(sheet, text, wrap=True)]
            )

    def save(self, path: pathlib.Path) -> None:
        self.workbook.save(str(path))
