"""Agreements walked through the services, as both sides would in the portal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from placements import services
from placements.models import PlacementAgreement


def agreement_of(placement) -> PlacementAgreement:
    return PlacementAgreement.objects.get(placement=placement)


def signed_agreement(placement, pat, alice, emails) -> PlacementAgreement:
    agreement = agreement_of(placement)
    services.agreement_sign(actor=pat, agreement=agreement, name="Pat Provider", role="Head")
    with emails():
        services.agreement_countersign(
            actor=alice, agreement=agreement, name="Alice Commissioner", role="Commissioner"
        )
    agreement.refresh_from_db()
    return agreement


def signed_fee_change(agreement, pat, alice, *, on: date, lines: dict[str, str], reason="Uplift"):
    """A fee change proposed, accepted and signed: the fee in force changes from `on`."""
    variation = services.variation_propose_fee(
        actor=alice,
        agreement=agreement,
        effective_on=on,
        lines={part: Decimal(amount) for part, amount in lines.items()},
        reason=reason,
    )
    services.variation_accept(actor=pat, variation=variation, name="Pat Provider", role="Head")
    services.variation_sign(actor=alice, variation=variation, name="Alice C", role="Commissioner")
    variation.refresh_from_db()
    return variation


def without_agreement(placement):
    """The placement as one made before agreements (old records, history loaded by the demo):
    its fee is still changed directly."""
    PlacementAgreement.objects.filter(placement=placement).delete()
    return placement
