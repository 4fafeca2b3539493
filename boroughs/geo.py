"""Postcode geography: normalising postcodes, finding where they are, distances between them.

The reference data is OS Code-Point Open (August 2014), shipped in data/ and loaded by
`postcodes_load`; pages that show anything derived from it must carry its attribution
(data/README.md).
"""

from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from django.db import models, transaction

from .loading import DATA_DIR, local_authorities
from .models import Outcode, Postcode

POSTCODES_CSV = DATA_DIR / "south_london_postcodes_codepoint2014.csv"
OUTCODES_CSV = DATA_DIR / "london_outcode_centroids_codepoint2014.csv"
BATCH_SIZE = 5_000
# The conventional haversine radius, so a check against any online calculator agrees.
EARTH_RADIUS_KM = 6371.0
TENTH = Decimal("0.1")

OUTCODE_SHAPE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
ONS_CODE_SHAPE = re.compile(r"[EWSN][0-9]{8}")
POSTCODE_SHAPE = re.compile(rf"{OUTCODE_SHAPE.pattern} [0-9][A-Z]{{2}}")

Progress = Callable[[int], None]


class PostcodeFileError(ValueError):
    """A postcode or outcode file has a row that cannot be loaded; nothing was saved."""


@dataclass(frozen=True)
class Location:
    """A point (WGS84) and how precise it is: the postcode itself, or only its outcode."""

    latitude: Decimal
    longitude: Decimal
    precision: Literal["postcode", "outcode"]


def normalise_postcode(text: str) -> str | None:
    """Upper case with one space before the last three characters ("cr01nx" -> "CR0 1NX").

    None for text that is not shaped like a UK postcode, whether or not the postcode exists.
    """
    compact = "".join((text or "").split()).upper()
    candidate = f"{compact[:-3]} {compact[-3:]}"
    return candidate if POSTCODE_SHAPE.fullmatch(candidate) else None


def outcode_of(postcode: str) -> str:
    """The part before the space ("CR0 1NX" -> "CR0"); ValueError if it is not a postcode."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        raise ValueError(f"Not a UK postcode: {postcode!r}")
    return normalised.partition(" ")[0]


def postcode_location(postcode: str) -> Location | None:
    """Where a postcode is: its own position, else its outcode's centroid, else None.

    Postcodes created after 2014 are not in the data, so they get their outcode's centroid.
    None for an outcode outside the data (beyond London) and for text that is not a postcode.
    """
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    point = _point(Postcode.objects.filter(postcode=normalised))
    if point is not None:
        return Location(*point, precision="postcode")
    point = _point(Outcode.objects.filter(outcode=normalised.partition(" ")[0]))
    return Location(*point, precision="outcode") if point is not None else None


def postcode_la_code(postcode: str) -> str | None:
    """The DfE LA number of the local authority a postcode is in ("CR0 1NX" -> "306").

    The postcode's own authority where the data has it, else the authority with most of its
    outcode's postcodes (right for most, but not all, postcodes near a boundary). None for text
    that is not a postcode, and where the authority is not one the data knows (outside London).
    """
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    ons_code = (
        Postcode.objects.filter(postcode=normalised)
        .exclude(lad_code="")
        .values_list("lad_code", flat=True)
        .first()
    )
    if ons_code is None:
        outcode = Outcode.objects.filter(outcode=normalised.partition(" ")[0]).first()
        ons_code = next(iter(outcode.ons_codes), None) if outcode else None
    return _la_numbers().get(ons_code) if ons_code else None


@functools.cache
def _la_numbers() -> dict[str, str]:
    return {code: authority["dfe_la_code"] for code, authority in local_authorities().items()}


def _point(queryset: models.QuerySet) -> tuple[Decimal, Decimal] | None:
    return queryset.values_list("latitude", "longitude").first()


def distance_km(a: Location, b: Location) -> Decimal:
    """The great-circle distance between two points in km, to 0.1 km (haversine).

    A sphere is within about 0.5% of the true ellipsoidal distance: ample for "how far from
    home", and as straight-line distance it understates the journey anyway.
    """
    lat1, lon1, lat2, lon2 = (
        math.radians(float(value)) for value in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
    return Decimal(str(km)).quantize(TENTH, rounding=ROUND_HALF_UP)


@transaction.atomic
def postcodes_load(
    *,
    postcodes_path: Path = POSTCODES_CSV,
    outcodes_path: Path = OUTCODES_CSV,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Create or update postcodes and outcodes from Code-Point Open CSVs; (postcodes, outcodes).

    Idempotent: rows are matched on the postcode or outcode and overwritten, so loading twice
    changes nothing and a corrected file updates in place. Rows missing from a newer file are
    kept: a postcode is never reused, and an old address should still be found. All or nothing:
    a bad row names its line and nothing is saved. `progress` is called with the number of rows
    read after each batch.
    """
    outcodes = _upsert(Outcode, "outcode", _outcode_rows(outcodes_path), progress)
    postcodes = _upsert(Postcode, "postcode", _postcode_rows(postcodes_path), progress)
    return postcodes, outcodes


def _upsert(
    model: type[models.Model], key: str, rows: Iterable[dict[str, Any]], progress: Progress | None
) -> int:
    update_fields = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != key
    ]
    seen: set[str] = set()
    for batch in _batches(rows, BATCH_SIZE):
        # PostgreSQL refuses to update one row twice in a statement: the last duplicate wins.
        unique = {row[key]: row for row in batch}
        model._default_manager.bulk_create(
            [model(**row) for row in unique.values()],
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=[key],
            update_fields=update_fields,
        )
        seen.update(unique)
        if progress is not None:
            progress(len(batch))
    return len(seen)


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _postcode_rows(path: Path) -> Iterator[dict[str, Any]]:
    for line, row in _read(path, {"postcode", "latitude", "longitude"}):
        if row.get("positional_quality") == "90":
            continue  # Code-Point's "no coordinates": the outcode is the best there is
        postcode = normalise_postcode(row["postcode"])
        if postcode is None:
            raise PostcodeFileError(f"{path.name} line {line}: not a postcode: {row['postcode']!r}")
        lad_code = (row.get("lad_code") or "").strip().upper()
        if lad_code and not ONS_CODE_SHAPE.fullmatch(lad_code):
            raise PostcodeFileError(f"{path.name} line {line}: not an ONS code: {lad_code!r}")
        yield {
            "postcode": postcode,
            "outcode": postcode.partition(" ")[0],
            "lad_code": lad_code,
            **_coordinates(row, path, line),
        }


def _outcode_rows(path: Path) -> Iterator[dict[str, Any]]:
    columns = {"outcode", "latitude", "longitude", "lad_codes_with_counts"}
    for line, row in _read(path, columns):
        outcode = row["outcode"].strip().upper()
        if not OUTCODE_SHAPE.fullmatch(outcode):
            raise PostcodeFileError(f"{path.name} line {line}: not an outcode: {outcode!r}")
        yield {
            "outcode": outcode,
            "boroughs": row["lad_codes_with_counts"],
            **_coordinates(row, path, line),
        }


def _read(path: Path, columns: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = columns - set(reader.fieldnames or ())
        if missing:
            raise PostcodeFileError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        for row in reader:
            yield reader.line_num, row


def _coordinates(row: dict[str, str], path: Path, line: int) -> dict[str, Decimal]:
    try:
        latitude, longitude = Decimal(row["latitude"]), Decimal(row["longitude"])
        valid = abs(latitude) <= 90 and abs(longitude) <= 180
    except InvalidOperation:  # not a number, or NaN (which refuses to be compared)
        valid = False
    if not valid:
        raise PostcodeFileError(
            f"{path.name} line {line}: not a latitude and longitude: "
            f"{row['latitude']!r}, {row['longitude']!r}"
        )
    return {"latitude": latitude, "longitude": longitude}
