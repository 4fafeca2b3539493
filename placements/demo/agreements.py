"""The demo's agreements: every placement has one (drafted at its award or move); the newest
running placements' agreements are signed by both sides, the rest wait for the beat job to
render their PDFs and for someone to sign them in the portal."""

from __future__ import annotations

from .. import services
from ..models import PlacementAgreement
from .run import Run

SIGNED = 12  # rendering is a second each: a dozen signed is enough to show the journey


def sign_some(run: Run) -> int:
    """Render and sign the newest running placements' agreements; answers how many."""
    agreements = (
        PlacementAgreement.objects.filter(placement__status="active")
        .select_related("placement", "placement__created_by")
        .order_by("-placement__starts_on", "-pk")[:SIGNED]
    )
    for agreement in agreements:
        placement = agreement.placement
        provider = run.provider_users[placement.provider_id]
        commissioner = placement.created_by
        services.agreement_render(agreement_id=agreement.pk)
        services.agreement_sign(
            actor=provider,
            agreement=agreement,
            name=provider.full_name or provider.email,
            role="Registered manager",
        )
        services.agreement_countersign(
            actor=commissioner,
            agreement=agreement,
            name=commissioner.full_name or commissioner.email,
            role="Commissioning manager",
        )
        services.agreement_render(agreement_id=agreement.pk)
    return len(agreements)
