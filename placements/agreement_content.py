"""What an individual placement agreement says: the snapshot taken at award, which the page and
the PDF show and which never changes afterwards (placements.models.PlacementAgreement).

The child is never named. The PDF both sides sign identifies the child by the placement's
reference; the borough's case reference is kept for council staff alone (providers' pages never
show it, as on every provider page).
"""

from __future__ import annotations

from decimal import Decimal

from .models import FEE_PARTS, AgreementTemplate, Placement
from .money import pence

NO_OUTCOMES = "As in the EHC plan"
NO_SERVICES = "None beyond the fee schedule"

PART_LABELS = {
    "education": "Education",
    "care": "Care",
    "therapies": "Therapies",
    "one_to_one": "One-to-one staffing",
    "transport": "Transport",
    "other": "Other",
    "fee": "Weekly fee",
}


def fee_lines(schedule: dict) -> list[dict]:
    """Every part of the fee in the offer's order, as strings of pounds and pence."""
    order = [*FEE_PARTS, "fee"]
    return [
        {"part": part, "label": PART_LABELS[part], "weekly": str(pence(Decimal(amount)))}
        for part, amount in sorted(schedule.items(), key=lambda item: order.index(item[0]))
    ]


def _schedule(placement: Placement) -> dict:
    first = placement.fees.order_by("effective_from").first()
    if first is not None:
        return first.schedule()
    return {"fee": placement.agreed_weekly}


def _outcomes(placement: Placement) -> list[str]:
    """Outcomes targets from the EHC plan, where the request holds them; the plan otherwise."""
    placement_request = placement.request
    targets = getattr(placement_request, "outcomes_targets", None) if placement_request else None
    return list(targets) if targets else [NO_OUTCOMES]


def agreement_content(placement: Placement, template: AgreementTemplate) -> dict:
    """The snapshot of everything the agreement shows, as JSON."""
    setting, provider, lot = placement.setting, placement.provider, placement.lot
    dps = lot.dps
    weekly = pence(placement.agreed_weekly)
    offer = placement.offer
    conditions = offer.conditions.strip() if offer is not None else ""
    return {
        "title": template.title,
        "template_version": template.version,
        "strand": template.strand.name,
        "borough": placement.borough.name,
        "provider": provider.legal_name,
        "companies_house_number": provider.companies_house_number,
        "child_reference": placement.child.reference,
        "placement_reference": placement.reference,
        "setting": setting.name,
        "urn": setting.urn or setting.ofsted_urn or "",
        "provision": placement.get_provision_display(),
        "starts_on": placement.starts_on.isoformat(),
        "review_dates": [placement.next_review_on.isoformat()] if placement.next_review_on else [],
        "notice": template.notice,
        "termination": template.termination,
        "fee_lines": fee_lines(_schedule(placement)),
        "weekly_fee": str(weekly),
        "weeks_per_year": placement.weeks_per_year,
        "annual_fee": str(pence(weekly * placement.weeks_per_year)),
        "additional_services": conditions or NO_SERVICES,
        "outcomes": _outcomes(placement),
        "dps": {"name": dps.name, "regime": dps.get_regime_display(), "lot": lot.name},
        "sections": template.sections,
    }
