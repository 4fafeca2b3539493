"""Reading a borough's SEN2 return: the XML it files with the DfE, or a CSV of placement items.

The XML is read for what reconciliation compares, wherever the return's version puts it: each
`Person`'s `PersonBirthDate`, and under its `ActivePlans` each placement detail (an element
holding a `URN` or `UKPRN`) with its `EntryDate`, `LeavingDate`, `AttendancePattern`,
`PlacementRank`, `SENsetting` and `Res`, and the rank 1 `SENtype` of the plan it sits in. Namespaces are ignored. `Res` holds a
residential code when the placement is residential, so any value but "N" reads as residential.

The CSV has a header row with the extract's column names (placements.returns.sen2.COLUMNS; any
order, any case; at least PersonBirthDate, EntryDate and URN or UKPRN). An item with neither
names its setting by a SENsetting code, as the return does.

The file is read in memory and never kept: it holds names and pupil numbers the portal does not.
Every problem is named by its row (CSV) or person (XML), and a file with any is refused whole.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from kernel.errors import DomainError

from .sen2 import COLUMNS, setting_key

MAX_PROBLEMS = 20
REQUIRED = ("PersonBirthDate", "EntryDate")
DATE_FIELDS = ("PersonBirthDate", "EntryDate", "LeavingDate")
URN = re.compile(r"^[0-9]{6}$")
UKPRN = re.compile(r"^1[0-9]{7}$")
MSG_EMPTY = "The selected file has no placements in it"
MSG_NOT_A_RETURN = "The selected file must be a SEN2 return (XML) or a CSV of placement items"
MSG_CHOOSE_FILE = "Select your SEN2 return"
MSG_NOT_TEXT = "The selected file must be a SEN2 return (XML) or a CSV file saved as UTF-8"


@dataclass(frozen=True)
class ReturnItem:
    """One placement detail as the borough's return states it; `where` names it for people."""

    where: str
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def setting_key(self) -> str:
        return setting_key(self.get("URN"), self.get("UKPRN"), self.get("SENsetting"))


class ReturnRefused(DomainError):
    """The file is not a return the portal can read; `problems` names each place."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        if more:
            shown.append(f"and {more} more problems")
        super().__init__("; ".join(shown), field="file")
        self.problems = shown


def read_return(data: bytes) -> list[ReturnItem]:
    """The placement items of an uploaded SEN2 return (XML) or CSV; ReturnRefused if bad."""
    text = data.decode("utf-8-sig", errors="replace").lstrip()
    found = read_xml(text) if text.startswith("<") else read_csv(text)
    if not found:
        raise ReturnRefused([MSG_EMPTY])
    return found


def read_csv(text: str) -> list[ReturnItem]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    names = {column.lower(): column for column in COLUMNS}
    columns = [names.get(cell.strip().lower(), "") for cell in header]
    missing = [name for name in REQUIRED if name not in columns]
    if not ("URN" in columns or "UKPRN" in columns):
        missing.append("URN or UKPRN")
    if missing:
        raise ReturnRefused([f"{MSG_NOT_A_RETURN}: the header has no {', '.join(missing)}"])
    found, problems = [], []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: cell.strip() for name, cell in zip(columns, row, strict=False) if name}
        where = f"Row {number}"
        problems += checked(where, values)
        found.append(ReturnItem(where, values))
    if problems:
        raise ReturnRefused(problems)
    return found


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child_text(element, name: str) -> str:
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def read_xml(text: str) -> list[ReturnItem]:
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ReturnRefused([f"{MSG_NOT_A_RETURN}: {error}"]) from error
    found, problems = [], []
    for number, person in enumerate((e for e in root.iter() if local(e.tag) == "Person"), 1):
        birth = next((e.text or "" for e in person.iter() if local(e.tag) == "PersonBirthDate"), "")
        # Module 5 (active plans) holds the placements; a named plan's settings (module 4) are
        # what a new plan names, not placements, and are not compared.
        for plan in (e for e in person.iter() if local(e.tag) == "ActivePlans"):
            need = primary_need(plan)
            details = [e for e in plan if any(local(c.tag) in ("URN", "UKPRN") for c in e)]
            for index, detail in enumerate(details, 1):
                values = {
                    "PersonBirthDate": birth.strip(),
                    **({"SENtype": need} if need else {}),
                    **{local(c.tag): (c.text or "").strip() for c in detail if len(c) == 0},
                }
                res = values.pop("Res", None)
                if res is not None:
                    values["Residential"] = "N" if res.upper() in ("", "N") else "Y"
                where = f"Person {number}, placement {index}"
                problems += checked(where, values)
                found.append(ReturnItem(where, values))
    if problems:
        raise ReturnRefused(problems)
    return found


def primary_need(plan) -> str:
    for need in (e for e in plan.iter() if local(e.tag) in ("SENneed", "SENNeed")):
        if child_text(need, "SENtypeRank") in ("1", ""):
            return child_text(need, "SENtype")
    return ""


def checked(where: str, values: dict[str, str]) -> list[str]:
    """What is wrong with one item, each problem naming where it is."""
    problems = []
    for name in DATE_FIELDS:
        value = values.get(name, "")
        if not value:
            if name in REQUIRED:
                problems.append(f"{where}: {name} is empty")
            continue
        try:
            values[name] = date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            problems.append(f"{where}: {name} {value!r} is not a date like 2025-09-01")
    urn, ukprn = values.get("URN", ""), values.get("UKPRN", "")
    if not (urn or ukprn or values.get("SENsetting")):
        problems.append(f"{where}: give a URN, a UKPRN or a SENsetting code")
    if urn and not URN.match(urn):
        problems.append(f"{where}: URN {urn!r} is not 6 digits")
    if ukprn and not UKPRN.match(ukprn):
        problems.append(f"{where}: UKPRN {ukprn!r} is not 8 digits starting with 1")
    return problems
