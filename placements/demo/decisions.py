"""The commissioner decides through placements.services: offers close, are rated, and the
request is awarded, found to have no suitable offer, or cancelled."""

from __future__ import annotations

from decimal import Decimal

from boroughs.models import User

from .. import services
from ..choices import InvitationStatus as INV
from ..choices import RequestStatus as R
from ..models import Offer, Placement, PlacementRequest
from .run import Run
from .stamps import Timeline
from .words import AWARD_REASONS, CANCEL_REASONS, NONE_SUITABLE_REASONS

DEADLINE_PASSED = "The response deadline passed"


def decide(
    run: Run,
    actor: User,
    placement_request: PlacementRequest,
    t: Timeline,
    outcome: str,
    stage: str,
) -> Placement | None:
    """Take the request as far as `outcome` says; the placement if it was awarded."""
    if outcome in (R.DRAFT, R.OPEN):
        return None
    if stage in (R.DRAFT, R.OPEN):  # cancelled before offers closed
        reason = run.rng.choice(CANCEL_REASONS)
        services.request_cancel(actor=actor, placement_request=placement_request, reason=reason)
        return None
    services.request_close(actor=None, placement_request=placement_request, reason=DEADLINE_PASSED)
    offers = _rate(run, actor, placement_request, outcome)
    if outcome == R.AWARDED:
        return _award(run, actor, placement_request, offers)
    if outcome == R.NONE_SUITABLE:
        code, reason = run.rng.choice(NONE_SUITABLE_REASONS)
        services.request_none_suitable(
            actor=actor, placement_request=placement_request, reason=reason, reason_code=code
        )
    elif outcome == R.CANCELLED:
        services.request_cancel(
            actor=actor, placement_request=placement_request, reason=run.rng.choice(CANCEL_REASONS)
        )
    return None


def _rate(run: Run, actor: User, placement_request: PlacementRequest, outcome: str) -> list[Offer]:
    """The live offers, rated for how well they meet the need (half still unrated while the
    request is being evaluated)."""
    offers = list(
        Offer.objects.filter(invitation__request=placement_request, invitation__status=INV.OFFERED)
        .select_related("invitation")
        .order_by("pk")
    )
    fits = [0, 1, 1] if outcome == R.NONE_SUITABLE else [2, 3, 3, 4, 4]
    for offer in offers:
        offer.invitation.request = (
            placement_request  # the services read its status: spare them a query
        )
        if outcome == R.EVALUATING and run.rng.random() < 0.5:
            continue
        fit = run.rng.choice(fits)
        services.offer_rate(actor=actor, offer=offer, needs_fit=fit)
    return offers


def _award(
    run: Run, actor: User, placement_request: PlacementRequest, offers: list[Offer]
) -> Placement:
    """The best fit, cheapest first among equals; sometimes with the spot price it beat."""
    rng = run.rng
    best = max(offers, key=lambda offer: (offer.needs_fit, -offer.weekly_fee))
    spot = None
    if rng.random() < 0.35:  # what buying the same place off-framework would have cost
        spot = best.invitation.ceiling_weekly * Decimal(str(round(rng.uniform(1.06, 1.25), 3)))
        spot = (spot / 5).quantize(Decimal(1)) * 5
    placement = services.request_award(
        actor=actor,
        placement_request=placement_request,
        invitation=best.invitation,
        reason=rng.choice(AWARD_REASONS),
        spot_weekly=spot,
        # The award is made today and its dates moved into the past afterwards: in the story it
        # was made before the start date, so no reason for a past start is kept.
        start_reason="Demo history",
    )
    Placement.objects.filter(pk=placement.pk).update(start_reason="")
    placement.start_reason = ""
    return placement
