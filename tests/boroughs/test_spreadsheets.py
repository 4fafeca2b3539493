"""One guard for every cell the portal writes (docs/adr/0012): text never runs as a formula in
a CSV or a workbook, numbers stay numbers, and no module writes a spreadsheet another way."""

from __future__ import annotations

import ast
import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from boroughs.spreadsheets import Sheets, csv_writer

DANGEROUS = [
    '=HYPERLINK("http://evil","x")',
    "+SUM(1,1)",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width equals sign, which some spreadsheets take for "="
    "\uff0bSUM(1,1)",
    "\uff0d2+3",
    "\uff20cmd",
]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    number_format: str | None = None
    width: float = 14


def written_csv(*rows) -> list[list[str]]:
    handle = io.StringIO()
    csv_writer(handle).writerows(rows)
    return list(csv.reader(io.StringIO(handle.getvalue())))


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_text_that_would_run_as_a_formula_gets_a_leading_quote(text):
    assert written_csv([text, "Bright Futures"]) == [[f"'{text}", "Bright Futures"]]


def test_csv_numbers_stay_numbers_even_when_negative():
    row = [Decimal("-12.50"), -3, 2.5, None, "Sutton"]
    assert written_csv(row) == [["-12.50", "-3", "2.5", "", "Sutton"]]


def test_a_workbook_writes_every_text_as_a_string_cell_and_numbers_as_numbers(tmp_path):
    sheets = Sheets()
    rows = [{"name": text, "fee": Decimal("-1520.00")} for text in DANGEROUS]
    sheets.add("Providers", [Column("Provider", "name"), Column("Fee", "fee", "0.00")], rows)
    sheets.add_text("Notes", [("=Term", "+Explanation")])
    sheets.save(tmp_path / "book.xlsx")

    workbook = load_workbook(tmp_path / "book.xlsx")
    cells = list(workbook["Providers"].iter_rows(min_row=2))
    names = [row[0] for row in cells]
    # Written through lxml (openpyxl's writer when it is installed), every character is kept,
    # carriage returns included.
    assert [cell.value for cell in names] == DANGEROUS
    assert {cell.data_type for cell in names} == {"s"}
    assert all(cell.quotePrefix for cell in names)
    assert {(row[1].data_type, row[1].value) for row in cells} == {("n", -1520)}
    notes = next(workbook["Notes"].iter_rows())
    assert [(cell.data_type, cell.value) for cell in notes] == [
        ("s", "=Term"),
        ("s", "+Explanation"),
    ]


def test_control_characters_a_workbook_cannot_hold_are_dropped_not_fatal(tmp_path):
    sheets = Sheets()
    sheets.add("Providers", [Column("Provider", "name")], [{"name": "Bright\x01 Futures"}])
    sheets.save(tmp_path / "book.xlsx")

    sheet = load_workbook(tmp_path / "book.xlsx")["Providers"]
    assert sheet["A2"].value == "Bright Futures"


# --- No other writer ----------------------------------------------------------------------------

GUARD = Path(settings.BASE_DIR, "boroughs", "spreadsheets.py")
APPS = ("kernel", "boroughs", "providers", "placements", "outcomes", "commissioning")
# Calls that write cells without the guard, by the attribute or name called.
UNGUARDED_CALLS = {"writer", "DictWriter", "to_csv", "to_excel", "Workbook", "WriteOnlyCell"}
UNGUARDED_IMPORTS = {"xlsxwriter", "openpyxl"}


def _source_files():
    for app in APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" not in path.parts and path != GUARD:
                yield path


def _offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in UNGUARDED_CALLS:
                found.append(f"{path}:{node.lineno} calls {name}")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [node.module] if isinstance(node, ast.ImportFrom) else []
            modules += [alias.name for alias in getattr(node, "names", [])]
            for module in modules:
                if module and module.split(".")[0] in UNGUARDED_IMPORTS:
                    found.append(f"{path}:{node.lineno} imports {module}")
    return found


def test_no_module_writes_a_csv_or_a_workbook_without_the_guard():
    offences = [offence for path in _source_files() for offence in _offences(path)]
    assert offences == []
