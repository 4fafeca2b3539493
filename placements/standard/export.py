"""The Placements Data Standard export: one record per care referral, with its placement.

A record is the referral the commissioner answered on the request form (or imported through the
API), the child as a pseudonym (`pseudonyms.child_id`: never the name nor the borough's
reference), and once awarded the actual placement and its quality-assurance fields, read from
the portal's own records when the export is made:

- totalWeeklyCost: the weekly fee in force on the day of the export, in whole pounds (half up);
- placementLocation: the setting's postcode district (outward code, like "CR0");
- preferabilityLocation: no preferred location given, or the setting's district or address
  matches it;
- educationContinuity: the setting is within `EDUCATION_CONTINUITY_KM` of the child's home (the
  portal records no school move: distance is the proxy);
- providerURN: the setting's Ofsted URN (its DfE URN for a school);
- siblingsPlacedTogether: 0 (the portal places one child per request);
- placementType: from the lot's kind;
- the officers and dates: who raised the request and when, who awarded it (created the
  placement) and when, who recorded the fee in force and when.

A care request whose referral is not complete (raised before the form asked the questions, or a
draft) is left out and counted, so the document always validates. Every export is validated
against the derived schema before it is served (`SchemaRefused` otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from boroughs import policy
from boroughs.choices import StrandKind
from kernel.errors import NotAllowed
from providers.choices import LotKind

from ..models import FeeChange, Placement, PlacementRequest
from ..sufficiency import district
from .pseudonyms import child_id
from .schema import (
    PLACEMENT_ENTITIES,
    REFERRAL_ENTITIES,
    entities,
    fields_of,
    problems,
    standard_stamp,
)

EDUCATION_CONTINUITY_KM = Decimal("20")
PLACEMENT_TYPES = {
    LotKind.FOSTERING: "Foster",
    LotKind.CHILDRENS_HOME: "Residential",
    LotKind.PARENT_AND_CHILD: "Residential",
    LotKind.SUPPORTED_ACCOMMODATION: "Supported Accommodation",
}
# The CSV's columns: every field of the standard, named as the standard names it, in its order.
CSV_COLUMNS = tuple(f["name"] for entity in entities() for f in fields_of(entity))


class SchemaRefused(Exception):
    """The export does not validate against the derived schema: a fault, never served."""

    def __init__(self, found: list[dict]):
        super().__init__(f"Placements Data Standard export invalid: {found[:5]}")
        self.problems = found


@dataclass
class Export:
    """An export's document and what it left out."""

    document: dict
    incomplete: int = 0
    records: list[dict] = field(default_factory=list)


def care_requests(requests: QuerySet[PlacementRequest]) -> QuerySet[PlacementRequest]:
    """The care referrals of `requests` (already scoped to the user), with what records read."""
    placements = (
        Placement.objects.order_by("starts_on", "pk")
        .select_related("setting", "lot", "created_by")
        .prefetch_related(
            Prefetch(
                "fees", FeeChange.objects.select_related("recorded_by").order_by("effective_from")
            )
        )
    )
    return (
        requests.filter(strand__kind=StrandKind.CARE)
        .select_related("child", "created_by")
        .prefetch_related(Prefetch("placements", placements))
        .order_by("borough_id", "created_at", "pk")
    )


def _name(user) -> str:
    return (user.full_name or user.email) if user else ""


def _fee_in_force(placement: Placement, on) -> FeeChange | None:
    fees = [fee for fee in placement.fees.all() if fee.effective_from <= on]
    return fees[-1] if fees else next(iter(placement.fees.all()), None)


def _placed(placement_request: PlacementRequest, placement: Placement, on) -> dict:
    setting, fee = placement.setting, _fee_in_force(placement, on)
    weekly = fee.weekly_fee if fee else placement.agreed_weekly
    preferred = (placement_request.standard.get("PlacementAvailability") or {}).get(
        "preferredLocation", ""
    )
    where = district(setting.postcode)
    preferable = not preferred or preferred.strip().upper() in (
        f"{where} {setting.address} {setting.postcode}".upper()
    )
    near = placement.distance_km is not None and placement.distance_km <= EDUCATION_CONTINUITY_KM
    quality = {
        "referralOfficerName": _name(placement_request.created_by),
        "referralDate": timezone.localdate(placement_request.created_at).isoformat(),
        "placementOfficerName": _name(placement.created_by),
        "placementDate": timezone.localdate(placement.created_at).isoformat(),
    }
    if fee is not None:
        quality["costOfficerName"] = _name(fee.recorded_by)
        quality["costDate"] = timezone.localdate(fee.recorded_at).isoformat()
    else:
        quality["costDate"] = quality["placementDate"]
    return {
        "ActualPlacement": {
            "totalWeeklyCost": int(weekly.quantize(Decimal("1"), rounding=ROUND_HALF_UP)),
            "placementLocation": where,
            "preferabilityLocation": preferable,
            "educationContinuity": near,
            "providerURN": setting.ofsted_urn or setting.urn or "",
            "siblingsPlacedTogether": 0,
            "placementType": PLACEMENT_TYPES.get(placement.lot.kind, "Residential"),
        },
        "QualityAssurance": quality,
    }


def record(placement_request: PlacementRequest, on) -> dict | None:
    """The request's record, or None while its referral is not complete."""
    answers = placement_request.standard or {}
    if not answers:
        return None
    # An entity with no answer given is empty (availability has no required field but childId).
    built = {entity: dict(answers.get(entity) or {}) for entity in REFERRAL_ENTITIES}
    built["PlacementAvailability"] = {
        "childId": child_id(placement_request.child),
        **built["PlacementAvailability"],
    }
    if problems(built, "Referral"):
        return None
    placement = next(iter(placement_request.placements.all()), None)
    if placement is not None:
        built.update(_placed(placement_request, placement, on))
    return built


def build(requests: QuerySet[PlacementRequest], on=None) -> Export:
    """The export of the care referrals among `requests`, validated before it is returned."""
    on = on or timezone.localdate()
    records, incomplete = [], 0
    for placement_request in care_requests(requests).iterator(chunk_size=500):
        built = record(placement_request, on)
        if built is None:
            incomplete += 1
        else:
            records.append(built)
    document = {"standard": standard_stamp(), "records": records}
    found = problems(document)
    if found:
        raise SchemaRefused(found)
    return Export(document=document, incomplete=incomplete, records=records)


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def csv_rows(records: Iterable[dict]) -> Iterable[list[str]]:
    """The header, then one row per record: each field under its standard name."""
    yield list(CSV_COLUMNS)
    for built in records:
        flat = {}
        for entity in REFERRAL_ENTITIES + PLACEMENT_ENTITIES:
            flat.update(built.get(entity, {}))
        yield [_cell(flat.get(name)) for name in CSV_COLUMNS]


BOROUGH, CONSORTIUM = "borough", "consortium"
SCOPES = {BOROUGH: "Your borough", CONSORTIUM: "The consortium (regional view)"}
MSG_NOT_CONSORTIUM = "Only lead analysts and consortium admins can export the whole consortium"


def scopes_for(user) -> list[str]:
    """The scopes `user` may export: their borough, and the consortium for its wide roles."""
    return [BOROUGH, CONSORTIUM] if user.sees_whole_consortium else [BOROUGH]


def export_for(user, scope: str, on=None) -> Export:
    """The export of the user's borough or, for consortium-wide roles, of the consortium."""
    policy.require(user, "placements.export_standard")
    if scope not in scopes_for(user):
        raise NotAllowed(MSG_NOT_CONSORTIUM)
    requests = PlacementRequest.objects.for_user(user)
    if scope == BOROUGH:
        requests = requests.filter(borough_id=user.borough_id)
    return build(requests, on)
