"""Loading DfE's EHC plan statistics (SEN2, January census) shipped in placements/data.

Public reference data for the demand dashboard: the consortium's boroughs plus London and England
to compare them with. Both files are read and checked in full before anything is written, and
the write is one transaction, so a bad row saves nothing. Rows are numbered as a spreadsheet
shows them (the header is row 1), so an error can be found in the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction

from boroughs.loading import local_authorities
from providers.choices import NeedCode

from .models import EhcPlanCount, EhcPlanNeed

DATA_DIR = Path(__file__).resolve().parent / "data"
TOTALS_CSV = DATA_DIR / "ehcp_totals_south_london_2010_2025.csv"
NEEDS_CSV = DATA_DIR / "ehcp_primary_need_2025_south_london.csv"

# DfE's symbols for a figure it does not publish: z not applicable, x not available,
# c confidential, u low reliability. Loaded as blank, never as zero.
NOT_PUBLISHED = frozenset({"", "z", "x", "c", "u", "low"})
GSS_CODE = re.compile(r"^[EKNSW]\d{8}$")
LA_CODE = re.compile(r"^\d{3}$")
UNKNOWN_NEED = "unknown"  # the needs file's column for plans with no recorded primary need

COUNT_COLUMNS = {
    "statements": "statements_of_sen",
    "ehc_plans": "ehc_plans",
    "in_independent_special": "in_independent_special_school",
    "in_non_maintained_special": "in_non_maintained_special_school",
    "in_special_total": "in_special_school_total",
    "in_mainstream_total": "in_mainstream_total",
}
TOTALS_HEADER = (
    "gss_code",
    "dfe_la_code",
    "geography",
    "census_january_year",
    "statements_plus_ehc_plans",
    *COUNT_COLUMNS.values(),
)
NEED_COLUMNS = (*NeedCode.values, UNKNOWN_NEED)
NEEDS_HEADER = ("dfe_la_code", "la_name", "census_january_year", "ehc_plans", *NEED_COLUMNS)


class EhcpFileError(ValueError):
    """A file or row that cannot be loaded: the message names the file, the row and the column."""


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class EhcpLoadResult:
    counts: LoadCounts = field(default_factory=LoadCounts)
    needs: LoadCounts = field(default_factory=LoadCounts)


def ehcp_load(
    *,
    totals_path: Path = TOTALS_CSV,
    needs_path: Path = NEEDS_CSV,
) -> EhcpLoadResult:
    """Create or update the EHC plan figures from DfE's files; safe to run again.

    Rows are matched on area (GSS code) and year (and need), so loading the same files twice
    changes nothing. Rows already loaded that a file no longer has are kept: a release revises
    figures, it does not withdraw areas. Raises EhcpFileError, having saved nothing, for a
    missing column or a bad row.
    """
    counts = _read(totals_path, TOTALS_HEADER, _count_values)
    _check_unique(totals_path, counts, ("ons_code", "year"))
    areas = _area_codes(counts)
    needs = [
        (line, values)
        for line, row in _rows(needs_path, NEEDS_HEADER)
        for values in _need_values(row, line, needs_path, areas)
    ]
    _check_unique(needs_path, needs, ("ons_code", "year", "need"))
    with transaction.atomic():
        return EhcpLoadResult(
            counts=_upsert(EhcPlanCount, [v for _, v in counts], ("ons_code", "year")),
            needs=_upsert(EhcPlanNeed, [v for _, v in needs], ("ons_code", "year", "need")),
        )


# --- Reading --------------------------------------------------------------------------------


def _rows(path: Path, header: Iterable[str]) -> Iterable[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in header if column not in (reader.fieldnames or [])]
        if missing:
            raise EhcpFileError(f"{path.name} is missing columns: {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, row


def _read(path: Path, header, parse) -> list[tuple[int, dict]]:
    return [(line, parse(row, line, path)) for line, row in _rows(path, header)]


def _error(path: Path, line: int, message: str) -> EhcpFileError:
    return EhcpFileError(f"{path.name}, row {line}: {message}")


def _number(row: dict, column: str, line: int, path: Path, *, required=False) -> int | None:
    value = (row.get(column) or "").strip()
    if value.lower() in NOT_PUBLISHED:
        if required:
            raise _error(path, line, f"{column} is blank; it must be a whole number")
        return None
    if not value.isdigit():
        raise _error(path, line, f"{column} is {value!r}, not a whole number")
    return int(value)


def _year(row: dict, line: int, path: Path) -> int:
    year = _number(row, "census_january_year", line, path, required=True)
    if not 1990 <= year <= 2100:
        raise _error(path, line, f"census_january_year {year} is not a census year")
    return year


def _la_code(row: dict, line: int, path: Path) -> str:
    code = (row.get("dfe_la_code") or "").strip()
    if code and not LA_CODE.match(code):
        raise _error(path, line, f"dfe_la_code {code!r} is not a 3-digit DfE LA number")
    return code


def _count_values(row: dict, line: int, path: Path) -> dict:
    ons_code = (row["gss_code"] or "").strip()
    if not GSS_CODE.match(ons_code):
        raise _error(path, line, f"gss_code {ons_code!r} is not a GSS code, like E09000008")
    name = (row["geography"] or "").strip()
    if not name:
        raise _error(path, line, "geography is blank")
    values = {
        "ons_code": ons_code,
        "dfe_la_code": _la_code(row, line, path),
        "area_name": name,
        "year": _year(row, line, path),
        "total": _number(row, "statements_plus_ehc_plans", line, path, required=True),
        "source": (row.get("source") or "").strip()[:100],
    }
    values.update({key: _number(row, column, line, path) for key, column in COUNT_COLUMNS.items()})
    parts = (values["statements"] or 0) + (values["ehc_plans"] or 0)
    if values["total"] != parts:
        raise _error(
            path,
            line,
            f"statements_plus_ehc_plans is {values['total']} but statements_of_sen plus "
            f"ehc_plans is {parts}",
        )
    return values


def _area_codes(counts: list[tuple[int, dict]]) -> dict[str, str]:
    """LA number (or, for England and regions, the name) -> GSS code, from the totals file
    first and the list of London authorities after it."""
    areas = {info["dfe_la_code"]: code for code, info in local_authorities().items()}
    for _, values in counts:
        areas[values["dfe_la_code"] or values["area_name"]] = values["ons_code"]
    return areas


def _need_values(row: dict, line: int, path: Path, areas: dict[str, str]) -> list[dict]:
    la_code = _la_code(row, line, path)
    name = (row["la_name"] or "").strip()
    ons_code = areas.get(la_code or name)
    if ons_code is None:
        area = f"dfe_la_code {la_code}" if la_code else f"la_name {name!r}"
        raise _error(path, line, f"{area} is not an area the portal knows")
    year = _year(row, line, path)
    total = _number(row, "ehc_plans", line, path, required=True)
    plans = {column: _number(row, column, line, path, required=True) for column in NEED_COLUMNS}
    if sum(plans.values()) != total:
        raise _error(
            path, line, f"the needs add up to {sum(plans.values())}, not ehc_plans ({total})"
        )
    area = {"ons_code": ons_code, "dfe_la_code": la_code, "area_name": name, "year": year}
    return [
        {**area, "need": "" if column == UNKNOWN_NEED else column, "plans": count}
        for column, count in plans.items()
    ]


def _check_unique(path: Path, rows: list[tuple[int, dict]], keys: tuple[str, ...]) -> None:
    seen: dict[tuple, int] = {}
    for line, values in rows:
        key = tuple(values[k] for k in keys)
        if key in seen:
            raise _error(
                path, line, f"{values['area_name']} {values['year']} repeats row {seen[key]}"
            )
        seen.setdefault(key, line)


# --- Writing --------------------------------------------------------------------------------


def _upsert(model: type[models.Model], rows: list[dict], keys: tuple[str, ...]) -> LoadCounts:
    """Insert new rows and update changed ones in bulk; leave identical ones alone."""
    result = LoadCounts()
    existing = {
        tuple(getattr(obj, k) for k in keys): obj
        for obj in model.objects.filter(ons_code__in={row["ons_code"] for row in rows})
    }
    new, changed = [], []
    for values in rows:
        current = existing.get(tuple(values[k] for k in keys))
        if current is None:
            new.append(model(**values))
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            changed.append(current)
    model.objects.bulk_create(new, batch_size=500)
    fields = sorted(set(rows[0]) - set(keys)) if rows else []
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=500)
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(rows) - len(new) - len(changed)
    return result
