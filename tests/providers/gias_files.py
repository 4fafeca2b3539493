"""Writes GIAS establishment extracts (edubasealldata*.csv) for tests and the bench."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from providers.services.gias import REQUIRED_COLUMNS, SEN_COLUMNS

# A real extract has 137 columns; the importer reads the ones it needs by name.
OTHER_COLUMNS = [f"Column{n}" for n in range(137 - len(REQUIRED_COLUMNS) - len(SEN_COLUMNS) - 2)]
HEADER = [*REQUIRED_COLUMNS, *SEN_COLUMNS, "OfstedLastInsp", "UKPRN", *OTHER_COLUMNS]


def school_row(**values) -> dict[str, str]:
    row = {column: "" for column in HEADER}
    row.update(
        {
            "URN": "140001",
            "LA (code)": "306",
            "EstablishmentNumber": "6001",
            "EstablishmentName": "Example Special School",
            "TypeOfEstablishment (code)": "10",
            "StatutoryLowAge": "5",
            "StatutoryHighAge": "19",
            "Gender (name)": "Mixed",
            "SchoolCapacity": "60",
            "Postcode": "CR0 1NX",
            "Easting": "532400",
            "Northing": "165600",
            "Section41Approved (name)": "Not approved",
            "OfstedRating (name)": "Good",
            "OfstedLastInsp": "14-03-2023",
            "SEN1 (name)": "ASD - Autistic Spectrum Disorder",
        }
    )
    row.update(values)
    return row


def write_extract(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def national_rows(count: int, *, special_share: float = 0.05, seed: int = 1) -> list[dict]:
    """A national-looking extract: mostly mainstream schools, a share of special ones."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        special = rng.random() < special_share
        rows.append(
            school_row(
                URN=f"{100000 + n}",
                EstablishmentNumber=f"{n % 9000 + 1000}",
                **{"LA (code)": f"{rng.randint(201, 938)}"},
                EstablishmentName=f"School {n}",
                **{
                    "TypeOfEstablishment (code)": rng.choice(["08", "10", "32"])
                    if special
                    else "01"
                },
                Easting=f"{rng.randint(150000, 650000)}",
                Northing=f"{rng.randint(20000, 900000)}",
            )
        )
    return rows
