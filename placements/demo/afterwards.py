"""A placement's life after the award, through placements.services: an uplift most Aprils,
perhaps an end or a move to another setting, and the next annual review."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from boroughs.choices import StrandKind
from boroughs.geo import Location, distance_km
from boroughs.models import User
from providers.models import Setting

from .. import services
from ..choices import EndReason, Provision
from ..matching import age_on
from ..models import Child, FeeChange, Placement, PlacementAgreement
from .data import MAX_MOVES
from .dates import a_year_after, at
from .run import Run
from .settings import Site, with_vacancy
from .stamps import Timeline

UPLIFT_REASON = "Annual uplift agreed with the provider"
MOVE_REASON = "Moved after the annual review: the new setting meets the need better"


def follow(
    run: Run, actor: User, placement: Placement, child: Child, home: Location, t: Timeline
) -> None:
    """From the award to today: uplifts, perhaps an end or a move, and the next review."""
    rng, today = run.rng, run.today
    distance = run.stamps.distances[placement.offer.invitation_id]
    run.stamps.placements[placement.pk] = (t.decided, distance)
    start, ends_on = placement.starts_on, None
    if (today - start).days > 200 and rng.random() < 0.16:
        ends_on = start + timedelta(days=rng.randint(120, (today - start).days - 30))
    _uplifts(run, actor, placement, until=ends_on)
    current: Placement | None = placement
    if ends_on:
        current = _end_or_move(run, actor, placement, child, home, ends_on)
    if current is not None and current.starts_on <= today:
        # Set at the award a year on; the history has moved past it since.
        run.stamps.reviews[current.pk] = _next_review(current.starts_on, today)


def _uplifts(run: Run, actor: User, placement: Placement, until: date | None) -> None:
    fee, start = placement.agreed_weekly, placement.starts_on
    april = date(start.year + (start.month >= 4), 4, 1)
    while april <= run.today and (until is None or april < until):
        if run.rng.random() < 0.55:
            rise = Decimal(str(round(run.rng.uniform(1.02, 1.045), 4)))
            fee = (fee * rise).quantize(Decimal(1))
            change = _uplift(run, actor, placement, april, fee)
            run.stamps.fees[change.pk] = at(run.rng, april - timedelta(days=20))
        april = april.replace(year=april.year + 1)


def _uplift(run: Run, actor: User, placement: Placement, on: date, fee: Decimal) -> FeeChange:
    """Under an agreement, an uplift is a variation both sides sign (the provider's user
    accepts, the commissioner signs); the fee rises by the same proportion on every line."""
    agreement = PlacementAgreement.objects.filter(placement=placement).first()
    if agreement is None:
        return services.placement_fee_change(
            actor=actor,
            placement=placement,
            effective_from=on,
            weekly_fee=fee,
            reason=UPLIFT_REASON,
        )
    variation = services.variation_propose_fee(
        actor=actor,
        agreement=agreement,
        effective_on=on,
        lines={"fee": fee},
        reason=UPLIFT_REASON,
    )
    provider = run.provider_users[placement.provider_id]
    signer = (provider.full_name or provider.email, "Registered manager")
    services.variation_accept(actor=provider, variation=variation, name=signer[0], role=signer[1])
    name = actor.full_name or actor.email
    services.variation_sign(actor=actor, variation=variation, name=name, role="Commissioner")
    return placement.fees.get(effective_from=on)


def _end_or_move(run, actor, placement, child, home, on: date) -> Placement | None:
    """The placement ends `on`; a few children move then: their new placement."""
    target = None
    if run.moves < MAX_MOVES and run.rng.random() < 0.35:
        target = _move_target(run, placement, child, home, on)
    if target is not None:
        return _move(run, actor, placement, target, on, home)
    reason = _end_reason(run, placement, child, on)
    services.placement_end(actor=actor, placement=placement, ends_on=on, reason=reason)
    return None


def _move_target(run: Run, placement, child: Child, home: Location, on: date) -> Site | None:
    """The nearest other setting on the lot that fits the child and has a vacancy."""
    lot = run.lots_by_pk[placement.lot_id]
    need = child.primary_need if lot.dps.strand.kind == StrandKind.SEND else None
    age = age_on(child.date_of_birth, on)
    residential = placement.provision == Provision.RESIDENTIAL
    fits = [
        site
        for site in run.sites
        if site.pk != placement.setting_id and site.fits(lot, need, age, child.sex, residential)
    ]
    options = sorted(with_vacancy(fits), key=lambda site: distance_km(home, site.home))
    return options[0] if options else None


def _move(run: Run, actor, placement: Placement, site: Site, on: date, home) -> Placement:
    run.moves += 1
    successor = services.placement_move(
        actor=actor,
        placement=placement,
        setting=Setting.objects.get(pk=site.pk),
        starts_on=on,
        weekly_fee=(site.ceilings[placement.lot_id] * Decimal("0.95")).quantize(Decimal(1)),
        reason=MOVE_REASON,
        start_reason="Demo history",  # recorded 14 days before the move in the story: no reason
    )
    Placement.objects.filter(pk=successor.pk).update(start_reason="")
    successor.start_reason = ""
    moved_at = at(run.rng, on - timedelta(days=14))
    run.stamps.placements[successor.pk] = (moved_at, distance_km(home, site.home))
    return successor


def _end_reason(run: Run, placement: Placement, child: Child, on: date) -> str:
    age = age_on(child.date_of_birth, on)
    if run.lots_by_pk[placement.lot_id].dps.strand.kind == StrandKind.CARE:
        options = [EndReason.E4A, EndReason.BREAKDOWN, EndReason.E8]
        options += [EndReason.E5] if age >= 16 else []
    else:
        options = [EndReason.NEEDS_MET_LOCALLY, EndReason.BREAKDOWN]
        options += [EndReason.PHASE_COMPLETE] * 2 if age >= 15 else []
    return run.rng.choice(options)


def _next_review(starts_on: date, today: date) -> date:
    review = starts_on
    while review <= today:
        review = a_year_after(review)
    return review
