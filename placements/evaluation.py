"""How a request's offers are evaluated, as one sheet the page shows and the decision freezes.

Quality is built from the evidence there is, never from a zero for evidence there is not:

- needs fit, the commissioner's 0 to 4 rating of the offer (each point 25), weight 50;
- the setting's latest Ofsted inspection, weight 30: a report card's area judgements averaged
  (Exceptional 100, Strong standard 75, Expected standard 62.5, Needs attention 37.5, Urgent
  improvement 25), or the single grade of older school and children's home inspections
  (Outstanding 100, Good 75, Requires improvement 50, Inadequate 25);
- the setting's outcomes record for the child's need, weight 20: its percentile among the
  consortium's settings for that need, where enough children stand behind it to rank it
  (ADR 6: a record too small to rank is shown but not scored).

A part with no evidence (not yet rated, never inspected, no ranked outcomes record) is left out
and the other parts' weights are scaled up to 100; the sheet says which parts are missing and
why ("quality incomplete"). With no part at all there is no quality score and no total, and the
offers are not ranked. Safeguarding judged "not met" is a flag: an award to that offer needs a
recorded reason. The price score is the lowest annual cost among the offers divided by this
offer's, times 100; the total weights quality and price by the consortium's weights.

`evaluation_sheet` returns plain data (strings, numbers, lists) so that the same sheet can be
rendered live, stored as JSON in `EvaluationRecord` at the decision, and rendered again from
there field for field.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from boroughs.choices import StrandKind
from providers.models import Inspection
from providers.selectors.outcome_records import outcome_record_for

from .choices import InvitationStatus
from .matching import OFSTED_RANK
from .models import FEE_PARTS, Offer, PlacementRequest, RequestInvitation

SHEET_VERSION = 1
TENTH = Decimal("0.1")
POINTS_PER_RANK = Decimal(25)


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    weight: int


NEEDS_FIT = Part("needs_fit", "Needs fit", 50)
INSPECTION = Part("inspection", "Ofsted inspection", 30)
OUTCOMES = Part("outcomes", "Outcomes record", 20)
QUALITY_PARTS = (NEEDS_FIT, INSPECTION, OUTCOMES)

METHOD = (
    "Quality counts for {quality}% of the total score and price for {price}%. "
    "The price score is the lowest annual cost among the offers divided by this offer's annual "
    "cost, times 100. The quality score weighs three parts: your rating of how well the offer "
    "meets the needs (each point of 4 is 25; weight 50), the setting's latest Ofsted inspection "
    "(report card areas averaged, or the single grade: Outstanding or Exceptional 100, Good or "
    "Strong standard 75, Requires improvement 50, Inadequate or Urgent improvement 25; weight "
    "30) and its outcomes record for the child's need (its percentile among the consortium's "
    "settings, where enough children stand behind it to rank; weight 20). A part with no "
    "evidence is left out and the others count for more; no part ever scores zero for missing "
    "evidence."
)


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def grade_points(grade: str) -> Decimal | None:
    rank = OFSTED_RANK.get((grade or "").strip())
    return None if rank is None else Decimal(str(rank)) * POINTS_PER_RANK


def inspection_part(inspection: Inspection | None) -> dict:
    """The inspection's points (None when there is nothing to score), in words, and the flag."""
    if inspection is None:
        return {"points": None, "detail": "Not inspected", "safeguarding_not_met": False}
    when = f" ({inspection.inspected_on:%B %Y})" if inspection.inspected_on else ""
    areas = {
        area: grade_points(grade)
        for area, grade in (inspection.judgements or {}).items()
        if grade_points(grade) is not None
    }
    if areas:
        points = _tenth(sum(areas.values()) / len(areas))
        grades = "; ".join(
            f"{area.replace('_', ' ')}: {inspection.judgements[area]}" for area in areas
        )
        detail = f"Report card{when}: {grades}"
    elif grade_points(inspection.overall) is not None:
        points = grade_points(inspection.overall)
        detail = f"{inspection.overall}{when}"
    else:
        points, detail = None, f"Inspected{when}, no grade to score"
    flag = inspection.safeguarding_met is False
    if flag:
        detail += "; safeguarding not met"
    return {"points": _text(points), "detail": detail, "safeguarding_not_met": flag}


def outcomes_part(record) -> dict:
    if record is None:
        return {"points": None, "detail": "No outcomes record for this need"}
    children = f"{record.children} child{'ren' if record.children != 1 else ''}"
    detail = (
        f"{record.score:+.2f} a term ({children}; 95% interval {record.lower:+.2f} to "
        f"{record.upper:+.2f})"
    )
    if record.rank_bound is None or record.percentile is None:
        # Too few children to rank (ADR 6): shown, but no evidence of quality either way.
        return {"points": None, "detail": f"{detail}; too few children to rank"}
    return {"points": str(record.percentile), "detail": f"{detail}; percentile {record.percentile}"}


def quality_of(parts: dict[str, dict]) -> tuple[Decimal | None, list[str]]:
    """The weighted quality over the parts with evidence, and the missing parts' labels."""
    present = [
        (part, Decimal(parts[part.key]["points"]))
        for part in QUALITY_PARTS
        if parts[part.key]["points"] is not None
    ]
    missing = [part.label for part in QUALITY_PARTS if parts[part.key]["points"] is None]
    if not present:
        return None, missing
    weight = sum(part.weight for part, _ in present)
    return _tenth(sum(points * part.weight for part, points in present) / weight), missing


def _latest_inspections(setting_ids: list[int]) -> dict[int, Inspection]:
    latest: dict[int, Inspection] = {}
    for inspection in Inspection.objects.filter(setting_id__in=setting_ids).order_by(
        "setting_id", "-inspected_on", "-pk"
    ):
        latest.setdefault(inspection.setting_id, inspection)
    return latest


def _rated_by(offer: Offer) -> str:
    return "" if offer.needs_fit_by is None else str(offer.needs_fit_by)


def _row(invitation: RequestInvitation, *, placement_request, inspection, record, lowest) -> dict:
    offer = invitation.offer
    weekly, annual = offer.weekly_fee, offer.annual_cost
    ceiling = invitation.ceiling_weekly
    needs_fit = {
        "points": None if offer.needs_fit is None else str(Decimal(offer.needs_fit) * 25),
        "detail": "Not rated yet" if offer.needs_fit is None else f"{offer.needs_fit} of 4",
    }
    parts = {
        NEEDS_FIT.key: needs_fit,
        INSPECTION.key: inspection_part(inspection),
        OUTCOMES.key: outcomes_part(record),
    }
    quality, missing = quality_of(parts)
    price = _tenth(lowest / annual * 100) if annual else Decimal(0)
    total = None
    if quality is not None:
        consortium = placement_request.borough.consortium
        total = _tenth(
            (quality * consortium.quality_weight + price * consortium.price_weight) / 100
        )
    return {
        "invitation": str(invitation.public_id),
        "setting": str(invitation.setting.public_id),
        "setting_name": invitation.setting.name,
        "provider_name": str(invitation.provider),
        "status": invitation.status,
        "status_label": invitation.get_status_display(),
        "price_lines": [
            {
                "key": part,
                "label": str(Offer._meta.get_field(part).verbose_name),
                "amount": str(getattr(offer, part)),
            }
            for part in FEE_PARTS
        ],
        "weekly_fee": str(weekly),
        "weeks_per_year": offer.weeks_per_year,
        "annual_cost": str(annual),
        "ceiling_weekly": _text(ceiling),
        "vs_ceiling": None if ceiling is None else str(weekly - ceiling),
        "above_ceiling": ceiling is not None and weekly > ceiling,
        "above_ceiling_reason": offer.above_ceiling_reason,
        "vs_budget": None
        if placement_request.budget_ceiling_weekly is None
        else str(weekly - placement_request.budget_ceiling_weekly),
        "distance_km": _text(invitation.distance_km),
        "proposed_start_on": offer.proposed_start_on.isoformat(),
        "conditions": offer.conditions,
        "needs_fit": offer.needs_fit,
        "needs_fit_by": _rated_by(offer),
        "needs_fit_at": offer.needs_fit_at.isoformat() if offer.needs_fit_at else None,
        "parts": parts,
        "quality_score": _text(quality),
        "quality_missing": missing,
        "safeguarding_not_met": parts[INSPECTION.key]["safeguarding_not_met"],
        "price_score": str(price),
        "total_score": _text(total),
    }


def live_invitations(placement_request: PlacementRequest):
    return (
        placement_request.invitations.filter(
            status__in=[InvitationStatus.OFFERED, InvitationStatus.AWARDED]
        )
        .select_related("setting", "provider", "offer", "offer__needs_fit_by")
        .order_by("pk")
    )


def evaluation_sheet(placement_request: PlacementRequest) -> dict:
    """The live offers, scored, with everything the page shows, as plain data.

    Ranked best total first when every offer has a total; otherwise in the order the settings
    were invited, with `ranked` false, so price alone never ranks the offers.
    """
    consortium = placement_request.borough.consortium
    invitations = list(live_invitations(placement_request))
    rows = []
    if invitations:
        setting_ids = [invitation.setting_id for invitation in invitations]
        inspections = _latest_inspections(setting_ids)
        send = placement_request.strand.kind == StrandKind.SEND
        records = outcome_record_for(
            setting_ids, placement_request.child.primary_need if send else None
        )
        lowest = min(invitation.offer.annual_cost for invitation in invitations)
        rows = [
            _row(
                invitation,
                placement_request=placement_request,
                inspection=inspections.get(invitation.setting_id),
                record=records.get(invitation.setting_id),
                lowest=lowest,
            )
            for invitation in invitations
        ]
    ranked = bool(rows) and all(row["total_score"] is not None for row in rows)
    if ranked:
        rows.sort(key=lambda row: (-Decimal(row["total_score"]), Decimal(row["annual_cost"])))
    return {
        "version": SHEET_VERSION,
        "request": placement_request.reference,
        "as_of": timezone.now().isoformat(),
        "quality_weight": consortium.quality_weight,
        "price_weight": consortium.price_weight,
        "parts": [{"key": p.key, "label": p.label, "weight": p.weight} for p in QUALITY_PARTS],
        "method": METHOD.format(quality=consortium.quality_weight, price=consortium.price_weight),
        "ranked": ranked,
        "rows": rows,
    }


def unrated(sheet: dict) -> list[dict]:
    """The live offers nobody has rated for needs fit yet."""
    return [
        row
        for row in sheet["rows"]
        if row["status"] == InvitationStatus.OFFERED and row["needs_fit"] is None
    ]


def row_of(sheet: dict, invitation: RequestInvitation) -> dict | None:
    return next(
        (row for row in sheet["rows"] if row["invitation"] == str(invitation.public_id)), None
    )
