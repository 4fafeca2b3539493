"""Awards as open data: an Open Contracting Data Standard (1.1) release package in JSON.

One `award` release per placement awarded in the period through a call-off from the DPS: the
buyer borough (by its GSS code), the supplier (by its Companies House number), the lot, and the
award's annual value (agreed weekly fee x weeks a year, in GBP). The tender carries the
techniques extension's DPS fields. Nothing about the child is published: no reference, need,
age, place or distance, and identifiers are the request's and invitation's random public ids.

Releases are written one at a time, so the file grows without the package being held in memory.
"""

from __future__ import annotations

import json
import pathlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from placements.models import Placement
from providers.models import Provider

from . import BuildResult, Progress
from .base import CHUNK, datetime_filter, filename, scoped_placements

JSON = "application/json"
DEFAULT_OCID_PREFIX = "ocds-xxxxxx-slcp"  # a placeholder until the consortium registers one
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
]
TECHNIQUES = {"hasDynamicPurchasingSystem": True, "dynamicPurchasingSystem": {"type": "open"}}
PROGRESS_EVERY = 5_000


def ocid_prefix() -> str:
    return getattr(settings, "OCDS_OCID_PREFIX", None) or DEFAULT_OCID_PREFIX


def awards_in_period(run: Any) -> QuerySet[Placement]:
    """Placements of the scope made by an award (not a move) decided in the period."""
    return (
        scoped_placements(run)
        .filter(offer__isnull=False, **datetime_filter(run, "request__decided_at"))
        .select_related("request", "offer__invitation", "borough", "provider", "lot__dps")
        .order_by("request__decided_at", "pk")
    )


def buyer(borough) -> dict:
    """A borough as an OCDS organisation, identified by its GSS (ONS) code."""
    return {
        "id": f"GB-GSS-{borough.ons_code}",
        "name": borough.name,
        "identifier": {"scheme": "GB-GSS", "id": borough.ons_code, "legalName": borough.name},
        "roles": ["buyer"],
    }


def supplier(provider: Provider) -> dict:
    """A provider by its Companies House number (else its charity number, else the portal's id)."""
    if provider.companies_house_number:
        scheme, number = "GB-COH", provider.companies_house_number
    elif provider.charity_number:
        number = provider.charity_number
        scheme = "GB-SC" if number.upper().startswith("SC") else "GB-CHC"
    else:
        return {
            "id": f"{ocid_prefix()}-provider-{provider.public_id}",
            "name": str(provider),
            "roles": ["supplier"],
        }
    return {
        "id": f"{scheme}-{number}",
        "name": str(provider),
        "identifier": {"scheme": scheme, "id": number, "legalName": provider.legal_name},
        "roles": ["supplier"],
    }


def annual_value(placement: Placement) -> Decimal:
    return placement.agreed_weekly * placement.weeks_per_year


def release(placement: Placement) -> dict:
    placement_request, lot = placement.request, placement.lot
    ocid = f"{ocid_prefix()}-{placement_request.public_id}"
    decided = placement_request.decided_at.isoformat()
    lot_id = str(lot.number)
    party_buyer, party_supplier = buyer(placement.borough), supplier(placement.provider)
    return {
        "ocid": ocid,
        "id": f"{ocid}-award",
        "date": decided,
        "tag": ["award"],
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": party_buyer["id"], "name": party_buyer["name"]},
        "parties": [party_buyer, party_supplier],
        "tender": {
            "id": str(placement_request.public_id),
            "title": f"Call-off for a placement: {lot.name}",
            "status": "complete",
            "procurementMethod": "selective",
            "procurementMethodDetails": f"Call-off from the dynamic purchasing system {lot.dps.name}",
            "mainProcurementCategory": "services",
            "techniques": TECHNIQUES,
            "lots": [{"id": lot_id, "title": lot.name, "status": "complete"}],
        },
        "awards": [
            {
                "id": str(placement.offer.invitation.public_id),
                "title": f"Placement, {lot.name}",
                "status": "active",
                "date": decided,
                "value": {"amount": float(annual_value(placement)), "currency": "GBP"},
                "suppliers": [{"id": party_supplier["id"], "name": party_supplier["name"]}],
                "relatedLots": [lot_id],
                "contractPeriod": {"startDate": placement.starts_on.isoformat()},
            }
        ],
    }


def package_head(run: Any, name: str) -> dict:
    return {
        "uri": f"{settings.PORTAL_BASE_URL.rstrip('/')}/reports/ocds/{name}",
        "version": "1.1",
        "publishedDate": run.requested_at.isoformat(),
        "publisher": {"name": run.consortium.name},
        "license": OGL,
        "extensions": EXTENSIONS,
    }


class OcdsBuilder:
    """Kind `ocds`."""

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        name = filename(run, "ocds-awards", "json")
        awards = awards_in_period(run)
        total = awards.count()
        progress(5, f"Writing {total:,} award releases")
        head = json.dumps(package_head(run, name), indent=2, ensure_ascii=False)
        with path.open("w", encoding="utf-8") as handle:
            handle.write(head[:-2] + ',\n  "releases": [')
            for done, placement in enumerate(awards.iterator(chunk_size=CHUNK), start=1):
                handle.write(
                    ("\n    " if done == 1 else ",\n    ") + json.dumps(release(placement))
                )
                if done % PROGRESS_EVERY == 0:
                    progress(5 + 90 * done // max(total, 1), f"Written {done:,} of {total:,}")
            handle.write("\n  ]\n}\n")
        progress(100, "Open contracting data ready")
        return BuildResult(filename=name, content_type=JSON)


ocds = OcdsBuilder()
