"""Loading a consortium definition (JSON) with the borough codes shipped in data/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.db import transaction

from .models import Borough, Consortium, Strand, StrandMembership

DATA_DIR = Path(__file__).resolve().parent / "data"
AUTHORITIES_CSV = DATA_DIR / "london_local_authorities.csv"
SOUTH_LONDON = DATA_DIR / "south_london_consortium.json"


class DefinitionError(ValueError):
    """The consortium definition names something the reference data does not know."""


def local_authorities(path: Path = AUTHORITIES_CSV) -> dict[str, dict[str, str]]:
    """ONS code -> {name, dfe_la_code} from the ONS/DfE list of local authorities."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["gss_code"]: {"name": row["la_name"], "dfe_la_code": row["dfe_la_code"]}
            for row in csv.DictReader(handle)
        }


@transaction.atomic
def consortium_load(*, definition_path: Path = SOUTH_LONDON) -> Consortium:
    """Create or update a consortium, its boroughs and strands from a definition file.

    Idempotent: rows are matched on their natural keys (slug, ONS code, strand kind), so loading
    twice changes nothing. Every member must be in the reference list, or nothing is saved.
    """
    definition = json.loads(definition_path.read_text(encoding="utf-8"))
    authorities = local_authorities()
    members = {code for strand in definition["strands"] for code in strand["members"]}
    unknown = sorted(members - authorities.keys())
    if unknown:
        raise DefinitionError(f"Unknown ONS codes in {definition_path.name}: {', '.join(unknown)}")

    consortium, _ = Consortium.objects.update_or_create(
        slug=definition["slug"],
        defaults={"name": definition["name"], "short_name": definition.get("short_name", "")},
    )
    boroughs = {}
    for code in sorted(members):
        authority = authorities[code]
        boroughs[code], _ = Borough.objects.update_or_create(
            ons_code=code,
            defaults={
                "consortium": consortium,
                "name": authority["name"],
                "dfe_la_code": authority["dfe_la_code"],
            },
        )
    consortium.lead_borough = boroughs[definition["lead"]]
    consortium.save(update_fields=["lead_borough"])
    for spec in definition["strands"]:
        strand, _ = Strand.objects.update_or_create(
            consortium=consortium,
            kind=spec["kind"],
            defaults={
                "slug": spec["slug"],
                "name": spec["name"],
                "description": spec["description"],
            },
        )
        for code, note in spec["members"].items():
            StrandMembership.objects.update_or_create(
                strand=strand, borough=boroughs[code], defaults={"source_note": note}
            )
        StrandMembership.objects.filter(strand=strand).exclude(
            borough__ons_code__in=spec["members"]
        ).delete()
    return consortium
