"""Drafting a notice's OCDS release from the record it describes (ADR 19).

Dynamic market notices (UK13 to UK16) describe a DPS: the lead borough is the buyer and
procuring entity, every borough of the strand is a party as a buyer (the authorities joined in
the market), its lots are the tender's lots. Call-off notices (UK6, UK7, UK10, UK11) describe one
placement, as the awards release of the reports' OCDS builder does: buyer borough, supplier
(by Companies House number, else charity number; its PPON as an additional identifier), the
lot, the value. Nothing about the child is ever written: no reference, need, age, place or end
reason; identifiers are random public ids.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from boroughs.models import Borough
from commissioning.reports.builders.ocds import (
    TECHNIQUES,
    annual_value,
    buyer,
    ocid_prefix,
    supplier,
)
from commissioning.reports.builders.ocds import release as award_release
from placements.models import FeeChange, Placement
from providers.models import DynamicPurchasingSystem, Provider

from .choices import CONTRACT_DETAILS_DAYS, NoticeType

DPS_STATUS = {
    NoticeType.UK13: "planned",
    NoticeType.UK14: "active",
    NoticeType.UK15: "active",
    NoticeType.UK16: "complete",
}
DPS_TAG = {
    NoticeType.UK13: "planning",
    NoticeType.UK14: "tender",
    NoticeType.UK15: "tenderAmendment",
    NoticeType.UK16: "tenderUpdate",
}


def _now() -> str:
    return timezone.now().isoformat()


def market_authorities(dps: DynamicPurchasingSystem) -> list[Borough]:
    return list(dps.strand.boroughs.order_by("name"))


def dps_release(dps: DynamicPurchasingSystem, notice_type: str, change: str = "") -> dict:
    """A dynamic market notice: the DPS, its lots and every authority joined in it."""
    lead = dps.consortium.lead_borough
    parties = []
    for borough in market_authorities(dps):
        party = buyer(borough)
        if borough.pk == lead.pk:
            party["roles"] = ["buyer", "procuringEntity"]
        parties.append(party)
    if not any(party["id"] == f"GB-GSS-{lead.ons_code}" for party in parties):
        parties.insert(0, {**buyer(lead), "roles": ["buyer", "procuringEntity"]})
    ocid = f"{ocid_prefix()}-dps-{dps.public_id}"
    tender = {
        "id": f"dps-{dps.public_id}",
        "title": dps.name,
        "description": dps.conditions_of_membership or f"Dynamic market: {dps.name}",
        "status": DPS_STATUS[notice_type],
        "procurementMethod": "selective",
        "procurementMethodDetails": "Dynamic market (Procurement Act 2023, s.34 to 40)",
        "mainProcurementCategory": "services",
        "techniques": TECHNIQUES,
        "contractPeriod": {
            "startDate": f"{dps.starts_on.isoformat()}T00:00:00Z",
            "endDate": f"{dps.ends_on.isoformat()}T23:59:59Z",
        },
        "lots": [
            {"id": str(lot.number), "title": lot.name, "status": DPS_STATUS[notice_type]}
            for lot in dps.lots.order_by("number")
        ],
    }
    if notice_type == NoticeType.UK15:
        amendment = f"{ocid}-amendment-{timezone.now():%Y%m%d%H%M%S}"
        tender["amendments"] = [{"id": amendment, "date": _now(), "description": change}]
    return {
        "ocid": ocid,
        "id": f"{ocid}-{notice_type.lower()}-{timezone.now():%Y%m%d%H%M%S}",
        "date": _now(),
        "tag": [DPS_TAG[notice_type]],
        "initiationType": "tender",
        "language": "en",
        "buyer": {"id": f"GB-GSS-{lead.ons_code}", "name": lead.name},
        "parties": parties,
        "tender": tender,
    }


def with_ppon(party: dict, provider: Provider) -> dict:
    if provider.ppon:
        party = {**party, "additionalIdentifiers": [{"scheme": "GB-PPON", "id": provider.ppon}]}
    return party


def _call_off_head(placement: Placement, notice_type: str) -> dict:
    """The award release of the placement, re-identified for this notice."""
    release = award_release(placement)
    release["parties"] = [
        release["parties"][0],
        with_ppon(supplier(placement.provider), placement.provider),
    ]
    release["id"] = f"{release['ocid']}-{notice_type.lower()}-{timezone.now():%Y%m%d%H%M%S}"
    release["date"] = _now()
    return release


def _contract(placement: Placement, **extra) -> dict:
    return {
        "id": str(placement.public_id),
        "awardID": str(placement.offer.invitation.public_id),
        "title": f"Placement, {placement.lot.name}",
        "status": "active",
        "period": {"startDate": f"{placement.starts_on.isoformat()}T00:00:00Z"},
        "value": {"amount": float(annual_value(placement)), "currency": "GBP"},
        "dateSigned": placement.request.decided_at.isoformat(),
        **extra,
    }


def call_off_release(
    placement: Placement, notice_type: str, fee_change: FeeChange | None = None
) -> dict:
    release = _call_off_head(placement, notice_type)
    if notice_type == NoticeType.UK6:
        return release
    release.pop("awards")
    if notice_type == NoticeType.UK7:
        release["tag"] = ["contract"]
        release["contracts"] = [_contract(placement)]
    elif notice_type == NoticeType.UK10:
        release["tag"] = ["contractAmendment"]
        change = fee_change or placement.fees.order_by("-effective_from").first()
        weekly = change.weekly_fee if change else placement.agreed_weekly
        release["contracts"] = [
            _contract(
                placement,
                value={"amount": float(weekly * placement.weeks_per_year), "currency": "GBP"},
                amendments=[
                    {
                        "id": f"fee-change-{change.pk if change else 0}",
                        "date": _now(),
                        "description": (
                            f"Weekly fee £{weekly} from "
                            f"{(change.effective_from if change else placement.starts_on):%d %B %Y}"
                        ),
                    }
                ],
            )
        ]
    elif notice_type == NoticeType.UK11:
        release["tag"] = ["contractTermination"]
        ended = placement.ends_on or timezone.localdate()
        release["contracts"] = [
            _contract(
                placement,
                status="terminated",
                period={
                    "startDate": f"{placement.starts_on.isoformat()}T00:00:00Z",
                    "endDate": f"{ended.isoformat()}T23:59:59Z",
                },
            )
        ]
        release["tender"]["documents"] = [
            {
                "id": f"termination-{placement.public_id}",
                "documentType": "contractTerminationNotice",
                "title": "The placement ended",
            }
        ]
    return release


def due_by(placement: Placement | None, notice_type: str) -> date | None:
    """A contract details notice is due within 120 days of entering into the contract."""
    if placement is None or notice_type != NoticeType.UK7 or placement.request is None:
        return None
    entered = timezone.localdate(placement.request.decided_at)
    return entered + timedelta(days=CONTRACT_DETAILS_DAYS)
