"""Reads for placements, scoped first: each list starts from `for_user(actor)`.

Lists fetch what their pages show in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from boroughs.models import User

from .choices import InvitationStatus, RequestStatus
from .matching import OFSTED_RANK, ofsted_rank_expression
from .models import (
    Child,
    FeeChange,
    Placement,
    PlacementQuerySet,
    PlacementRequest,
    RequestInvitation,
)
from .money import cost_to_date, money_annotations, money_version

LIVE_REQUEST_STATUSES = (RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.EVALUATING)


def child_list(*, actor: User) -> QuerySet[Child]:
    """The children the actor may see, each with how many requests are still live."""
    return (
        Child.objects.for_user(actor)
        .select_related("borough")
        .annotate(
            open_requests=Count("requests", filter=Q(requests__status__in=LIVE_REQUEST_STATUSES))
        )
        .order_by("borough__name", "reference", "pk")
    )


def request_list(*, actor: User, status: str | None = None) -> QuerySet[PlacementRequest]:
    qs = (
        PlacementRequest.objects.for_user(actor)
        .select_related("borough", "child", "lot", "strand")
        .annotate(invited_count=Count("invitations", distinct=True))
        .order_by("-created_at", "-pk")
    )
    return qs.filter(status=status) if status else qs


def invitation_list(*, actor: User) -> QuerySet[RequestInvitation]:
    """A provider's invitations (council staff: their borough's), newest first."""
    return (
        RequestInvitation.objects.for_user(actor)
        .select_related("request", "request__lot", "request__child", "setting", "provider")
        .order_by("-invited_at")
    )


def placement_list(*, actor: User, on: date | None = None) -> QuerySet[Placement]:
    """Placements the actor may see, each with its money (placements.money) annotated."""
    on = on or timezone.localdate()
    return (
        Placement.objects.for_user(actor)
        .select_related("borough", "child", "setting", "provider", "lot")
        .prefetch_related(Prefetch("fees", queryset=FeeChange.objects.order_by("effective_from")))
        .annotate(**money_annotations(on))
    )


def placement_cost_to_date(placement: Placement, *, on: date | None = None) -> Decimal:
    """Cost to date from the fee history (prefetched by `placement_list`)."""
    return cost_to_date(
        fees=[(fee.effective_from, fee.weekly_fee) for fee in placement.fees.all()],
        weeks_per_year=placement.weeks_per_year,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        on=on or timezone.localdate(),
    )


SAVINGS_CACHE_SECONDS = 60 * 60
MONEY_FIGURES = ("committed_annual", "saving_vs_ceiling", "saving_vs_spot")
SAVINGS_GROUPS = {
    "consortium": (),
    "strand": ("lot__dps__strand__name",),
    "borough": ("borough__name",),
    "lot": ("lot__dps__strand__name", "lot__name"),
    "year": ("financial_year",),
}


def savings_totals(*, actor: User, by: str = "consortium", on: date | None = None) -> list[dict]:
    """Placements, committed annual cost and annual savings, totalled in SQL by `by`.

    Savings are annualised: (ceiling - agreed weekly fee) x weeks, for placements with a DPS
    ceiling; against spot prices only where a borough recorded one. Ended placements count in
    the year they started: the saving was made when they were bought.

    Cached per scope (who sees which rows), grouping and day, until a service changes a
    placement's money (`money.money_changed`): at national scale the totals cost a scan of
    every placement, the dashboards ask for five of them, and they change only on writes.
    """
    on = on or timezone.localdate()
    key = ":".join(
        (
            "placements:savings",
            str(money_version()),
            PlacementQuerySet.scope_key(actor),
            by,
            on.isoformat(),
        )
    )
    return cache.get_or_set(key, lambda: _savings_totals(actor, by, on), SAVINGS_CACHE_SECONDS)


def _savings_totals(actor: User, by: str, on: date) -> list[dict]:
    groups = SAVINGS_GROUPS[by]
    qs = Placement.objects.for_user(actor).annotate(**money_annotations(on))
    if not groups:
        return [money_totals(qs)]
    figures = qs.values(*groups).annotate(
        placements=Count("pk"), **{key: Sum(key) for key in MONEY_FIGURES}
    )
    return [_zeros(row) for row in figures.order_by(*groups)]


def money_totals(placements: QuerySet[Placement]) -> dict:
    """Count and money of placements annotated by `placement_list` (or money_annotations),
    summed in SQL: the totals row of any list of them."""
    # An aggregate's alias must differ from the annotation it sums, or Django sums the alias.
    figures = placements.aggregate(
        placements=Count("pk"), **{f"sum_{key}": Sum(key) for key in MONEY_FIGURES}
    )
    return _zeros({key.removeprefix("sum_"): value for key, value in figures.items()})


def _zeros(row: dict) -> dict:
    zero = Decimal("0.00")
    for key in MONEY_FIGURES:
        row[key] = row[key] if row[key] is not None else zero
    return row


# --- Evaluation -----------------------------------------------------------------------------

OFSTED_POINTS = {name: Decimal(score) * 25 for name, score in OFSTED_RANK.items()}
TENTH = Decimal("0.1")


@dataclass
class OfferRow:
    """One live offer as the evaluation shows it, with its scores out of 100."""

    invitation: RequestInvitation
    weekly_fee: Decimal
    annual_cost: Decimal
    vs_ceiling: Decimal | None  # weekly fee minus ceiling: negative is under it
    vs_budget: Decimal | None
    ofsted: str | None
    quality_score: Decimal
    price_score: Decimal
    total_score: Decimal


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def evaluation(request: PlacementRequest) -> list[OfferRow]:
    """The live offers side by side, best weighted score first.

    Price score: the lowest annual cost among the offers / this offer's annual cost x 100.
    Quality score: the mean of the Ofsted score (Outstanding 100, Good 75, Requires improvement
    50, Inadequate 25, none 0) and, once the commissioner has rated it, how well the offer meets
    the needs (0 to 4, as 0 to 100). Weights are the consortium's (60/40 quality/price unless
    it sets others).
    """
    consortium = request.borough.consortium
    invitations = list(
        request.invitations.filter(status__in=[InvitationStatus.OFFERED, InvitationStatus.AWARDED])
        .select_related("setting", "provider", "offer")
        .annotate(ofsted=ofsted_rank_expression())
    )
    if not invitations:
        return []
    lowest = min(invitation.offer.annual_cost for invitation in invitations)
    rows = []
    for invitation in invitations:
        offer = invitation.offer
        weekly, annual = offer.weekly_fee, offer.annual_cost
        quality_parts = [OFSTED_POINTS.get(invitation.ofsted, Decimal(0))]
        if offer.needs_fit is not None:
            quality_parts.append(Decimal(offer.needs_fit) * 25)
        quality = _tenth(sum(quality_parts) / len(quality_parts))
        price = _tenth(lowest / annual * 100) if annual else Decimal(0)
        total = _tenth(
            (quality * consortium.quality_weight + price * consortium.price_weight) / 100
        )
        rows.append(
            OfferRow(
                invitation=invitation,
                weekly_fee=weekly,
                annual_cost=annual,
                vs_ceiling=None
                if invitation.ceiling_weekly is None
                else weekly - invitation.ceiling_weekly,
                vs_budget=None
                if request.budget_ceiling_weekly is None
                else weekly - request.budget_ceiling_weekly,
                ofsted=invitation.ofsted,
                quality_score=quality,
                price_score=price,
                total_score=total,
            )
        )
    return sorted(rows, key=lambda row: (-row.total_score, row.annual_cost))
