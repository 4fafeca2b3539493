"""Import of special schools from a GIAS establishment extract (edubasealldata*.csv).

Takes the establishment types the SEND strand commissions (08, 10, 32) and creates or updates
their settings by URN (or, for a setting first loaded from the DfE lists, by LAESTAB). The whole
file is checked before anything is written: one bad row and nothing of the run is saved, and
every bad row is reported with its row number and reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from pyproj import Transformer
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from boroughs.audit.records import current_reason

from ..choices import (
    COMMISSIONED_ESTABLISHMENT_TYPES,
    InspectionFramework,
    SchoolGrade,
    Section41Status,
    Sex,
)
from ..models import UKPRN_SHAPE, Inspection, Setting

REQUIRED_COLUMNS = (
    "URN",
    "LA (code)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Gender (name)",
    "SchoolCapacity",
    "Postcode",
    "Easting",
    "Northing",
    "Section41Approved (name)",
    "OfstedRating (name)",
)
SEN_COLUMNS = tuple(f"SEN{n} (name)" for n in range(1, 14))

# GIAS names SEN provision "ASD - Autistic Spectrum Disorder"; the part before " - " is the code.
SEN_PREFIXES = {
    "SPLD": "SPLD",
    "MLD": "MLD",
    "SLD": "SLD",
    "PMLD": "PMLD",
    "SEMH": "SEMH",
    "SLCN": "SLCN",
    "HI": "HI",
    "VI": "VI",
    "MSI": "MSI",
    "PD": "PD",
    "ASD": "ASD",
    "OTH": "OTH",
    "BESD": "SEMH",  # behaviour, emotional and social difficulties: SEMH's name before 2014
}
GENDERS = {
    "mixed": Sex.MIXED,
    "boys": Sex.BOYS,
    "girls": Sex.GIRLS,
    "not applicable": Sex.MIXED,
    "": Sex.MIXED,
}
SECTION_41 = {
    "approved": Section41Status.APPROVED,
    "not approved": "",
    "not applicable": "",
    "": "",
}
GRADES = {grade.value.lower(): grade.value for grade in SchoolGrade}
GRADES["serious weaknesses"] = SchoolGrade.INADEQUATE.value
GRADES["special measures"] = SchoolGrade.INADEQUATE.value
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")

_osgb_to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    reason: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.reason}"


class GiasImportError(Exception):
    """The file or some rows are wrong; nothing was saved."""

    def __init__(self, errors: list[RowError] | str):
        self.errors = [RowError(1, errors)] if isinstance(errors, str) else errors
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows of types the strand does not commission
    inspections: int = 0
    rows: list[dict] = field(default_factory=list, repr=False)


def _int(
    value: str, label: str, errors: list[str], *, low: int = 0, high: int = 10**6
) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        errors.append(f"{label} must be a whole number from {low} to {high}, not {value!r}")
        return None
    return int(value)


def _date(value: str) -> date | None:
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_row(row: dict[str, str], number: int) -> tuple[dict | None, list[RowError]]:
    """One extract row as setting fields, or None for a type we do not import."""
    type_code = (row.get("TypeOfEstablishment (code)") or "").strip().zfill(2)
    if type_code not in COMMISSIONED_ESTABLISHMENT_TYPES:
        return None, []
    problems: list[str] = []
    urn = (row.get("URN") or "").strip()
    if not re.fullmatch(r"[0-9]{6}", urn):
        problems.append(f"URN must be 6 digits, not {urn!r}")
    ukprn = (row.get("UKPRN") or "").strip()
    if ukprn and not re.fullmatch(UKPRN_SHAPE, ukprn):
        problems.append(f"UKPRN must be 8 digits starting with 1, not {ukprn!r}")
    name = (row.get("EstablishmentName") or "").strip()
    if not name:
        problems.append("EstablishmentName is empty")
    la_code = (row.get("LA (code)") or "").strip()
    estab = (row.get("EstablishmentNumber") or "").strip()
    laestab = f"{la_code}{estab.zfill(4)}" if la_code.isdigit() and estab.isdigit() else ""
    age_low = _int(row.get("StatutoryLowAge", ""), "StatutoryLowAge", problems, high=25)
    age_high = _int(row.get("StatutoryHighAge", ""), "StatutoryHighAge", problems, high=25)
    if age_low is not None and age_high is not None and age_low > age_high:
        problems.append(f"StatutoryLowAge {age_low} is above StatutoryHighAge {age_high}")
    gender = (row.get("Gender (name)") or "").strip().lower()
    if gender not in GENDERS:
        problems.append(f"Gender {row.get('Gender (name)')!r} is not Mixed, Boys or Girls")
    capacity = _int(row.get("SchoolCapacity", ""), "SchoolCapacity", problems)
    postcode = " ".join((row.get("Postcode") or "").upper().split())
    if postcode and not POSTCODE.match(postcode):
        problems.append(f"Postcode {postcode!r} is not a UK postcode")
    easting = _int(row.get("Easting", ""), "Easting", problems, high=700_000)
    northing = _int(row.get("Northing", ""), "Northing", problems, high=1_300_000)
    s41 = (row.get("Section41Approved (name)") or "").strip().lower()
    if s41 not in SECTION_41:
        problems.append(f"Section41Approved {row.get('Section41Approved (name)')!r} is not known")
    needs = []
    for column in SEN_COLUMNS:
        value = (row.get(column) or "").strip()
        if not value:
            continue
        code = SEN_PREFIXES.get(value.split(" - ")[0].strip().upper())
        if code is None:
            problems.append(f"{column} {value!r} is not a SEN provision type")
        elif code not in needs:
            needs.append(code)
    rating = (row.get("OfstedRating (name)") or "").strip()
    grade = GRADES.get(rating.lower()) if rating else None
    if rating and grade is None:
        problems.append(f"OfstedRating {rating!r} is not an Ofsted grade")
    if problems:
        return None, [RowError(number, reason) for reason in problems]
    return {
        "urn": urn,
        "laestab": laestab,
        "ukprn": ukprn,
        "name": name,
        "establishment_type": type_code,
        "age_low": age_low,
        "age_high": age_high,
        "sex": GENDERS[gender],
        "capacity": capacity,
        "postcode": postcode,
        "dfe_la_code": la_code,
        "section41_status": SECTION_41[s41],
        "needs": needs,
        "_easting": easting,
        "_northing": northing,
        "_grade": grade,
        "_inspected_on": _date(row.get("OfstedLastInsp", "") or ""),
    }, []


def read_extract(
    lines: Iterable[str], *, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Checks every row; raises GiasImportError listing all bad rows, or returns the good ones."""
    reader = csv.DictReader(lines)
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise GiasImportError(
            f"The file is not a GIAS extract: missing columns {', '.join(missing)}"
        )
    result, errors, seen = ImportResult(), [], {}
    for number, row in enumerate(reader, start=2):
        if None in row:
            errors.append(RowError(number, "the row has more values than the header has columns"))
            continue
        parsed, row_errors = parse_row(row, number)
        errors.extend(row_errors)
        if parsed is None:
            result.skipped += not row_errors
        elif parsed["urn"] in seen:
            errors.append(
                RowError(number, f"URN {parsed['urn']} is also on row {seen[parsed['urn']]}")
            )
        else:
            seen[parsed["urn"]] = number
            result.rows.append(parsed)
        if progress:
            progress(1)
    if errors:
        raise GiasImportError(errors)
    _add_coordinates(result.rows)
    return result


def _add_coordinates(rows: list[dict]) -> None:
    located = [row for row in rows if row["_easting"] and row["_northing"]]
    if not located:
        return
    longitudes, latitudes = _osgb_to_wgs84.transform(
        [row["_easting"] for row in located], [row["_northing"] for row in located]
    )
    for row, longitude, latitude in zip(located, longitudes, latitudes, strict=True):
        row["latitude"] = Decimal(f"{latitude:.5f}")
        row["longitude"] = Decimal(f"{longitude:.5f}")


SETTING_FIELDS = (
    "urn",
    "laestab",
    "ukprn",
    "name",
    "establishment_type",
    "age_low",
    "age_high",
    "sex",
    "capacity",
    "postcode",
    "dfe_la_code",
    "section41_status",
    "needs",
    "latitude",
    "longitude",
)


@transaction.atomic
def gias_import(*, file: io.TextIOBase | Iterable[str], progress=None) -> ImportResult:
    """Create or update settings from a GIAS extract; all of it or, on any bad row, none."""
    result = read_extract(file, progress=progress)
    rows = result.rows
    by_urn = Setting.objects.in_bulk([row["urn"] for row in rows], field_name="urn")
    # Settings first loaded from the DfE lists have no URN yet: match those on LAESTAB.
    laestabs = [row["laestab"] for row in rows if row["laestab"] and row["urn"] not in by_urn]
    by_laestab = {
        setting.laestab: setting
        for setting in Setting.objects.filter(urn__isnull=True, laestab__in=laestabs)
    }
    new, changed, changed_fields, unchanged = [], [], set(), 0
    for row in rows:
        values = {name: row.get(name) for name in SETTING_FIELDS}
        setting = by_urn.get(row["urn"]) or by_laestab.pop(row["laestab"], None)
        if setting is None:
            setting = Setting(**values)
            new.append(setting)
        else:
            # A re-import writes only the rows, and the columns, that the extract changed.
            differing = {name for name, value in values.items() if getattr(setting, name) != value}
            if differing:
                for name in differing:
                    setattr(setting, name, values[name])
                changed.append(setting)
                changed_fields |= differing
            else:
                unchanged += 1
        row["_setting"] = setting
    # With history (boroughs.audit): one more INSERT per batch, so a re-import that changes
    # a school shows in the change history as changed by the import.
    reason = current_reason() or "GIAS import"
    bulk_create_with_history(new, Setting, batch_size=1000, default_change_reason=reason)
    if changed:
        bulk_update_with_history(
            changed,
            Setting,
            sorted(changed_fields),
            batch_size=1000,
            default_change_reason=reason,
        )
    result.created, result.updated, result.unchanged = len(new), len(changed), unchanged
    result.inspections = _record_ratings(rows)
    return result


def _record_ratings(rows: list[dict]) -> int:
    """GIAS carries the latest single-grade judgement; keep it as an inspection record.

    Three queries whatever the number of rows: read the existing records, create, update.
    """
    rated = [row for row in rows if row["_grade"]]
    setting_ids = [row["_setting"].pk for row in rated]
    existing = {
        (inspection.setting_id, inspection.inspected_on): inspection
        for inspection in Inspection.objects.filter(
            setting_id__in=setting_ids, framework=InspectionFramework.SCHOOL_GRADED
        )
    }
    new, changed = [], []
    for row in rated:
        key = (row["_setting"].pk, row["_inspected_on"])
        inspection = existing.get(key)
        if inspection is None:
            existing[key] = inspection = Inspection(
                setting_id=key[0],
                framework=InspectionFramework.SCHOOL_GRADED,
                inspected_on=key[1],
                overall=row["_grade"],
                source="GIAS extract",
            )
            new.append(inspection)
        elif inspection.overall != row["_grade"]:
            inspection.overall, inspection.source = row["_grade"], "GIAS extract"
            changed.append(inspection)
    Inspection.objects.bulk_create(new, batch_size=1000)
    Inspection.objects.bulk_update(changed, ["overall", "source"], batch_size=1000)
    return len(rated)
