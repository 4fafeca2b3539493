"""Reads for placements, scoped first: each list starts from `for_user(actor)`.

Lists fetch what their pages show in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, DateField, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from boroughs.models import User

from .choices import InvoiceStatus, RequestStatus
from .models import (
    Child,
    EvaluationRecord,
    FeeChange,
    Invoice,
    Placement,
    PlacementQuerySet,
    PlacementRequest,
    RequestInvitation,
)
from .money import cost_to_date, money_annotations, money_version
from .periods import Period

LIVE_REQUEST_STATUSES = (RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.EVALUATING)


def child_list(*, actor: User, reference: str = "") -> QuerySet[Child]:
    """The children the actor may see, each with how many requests are still live; with
    `reference`, those whose borough reference contains it (any case)."""
    children = Child.objects.for_user(actor)
    if reference.strip():
        children = children.filter(reference__icontains=reference.strip())
    return (
        children.select_related("borough")
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
        .select_related("borough", "child", "setting", "provider", "lot", "offer")
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
    "month": ("month",),  # the month the placement started: the dashboards' trend
}


def savings_totals(
    *, actor: User, by: str = "consortium", on: date | None = None, period: Period | None = None
) -> list[dict]:
    """Placements, committed annual cost and annual savings, totalled in SQL by `by`; with a
    `period`, of the placements that started in it.

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
            period.key if period else "",
        )
    )
    return cache.get_or_set(
        key, lambda: _savings_totals(actor, by, on, period), SAVINGS_CACHE_SECONDS
    )


def _savings_totals(actor: User, by: str, on: date, period: Period | None) -> list[dict]:
    groups = SAVINGS_GROUPS[by]
    qs = Placement.objects.for_user(actor).annotate(**money_annotations(on))
    if period is not None:
        qs = qs.filter(**started_in(period))
    if by == "month":
        qs = qs.annotate(month=TruncMonth("starts_on", output_field=DateField()))
    if not groups:
        return [money_totals(qs)]
    figures = qs.values(*groups).annotate(
        placements=Count("pk"), **{key: Sum(key) for key in MONEY_FIGURES}
    )
    return [_zeros(row) for row in figures.order_by(*groups)]


def started_in(period: Period) -> dict:
    """The filter for placements that started in `period` (no filter for an open one)."""
    bounds = {}
    if period.start is not None:
        bounds["starts_on__gte"] = period.start
    if period.end is not None:
        bounds["starts_on__lt"] = period.end
    return bounds


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


def evaluation_record(
    *, actor: User, placement_request: PlacementRequest
) -> EvaluationRecord | None:
    """The frozen evaluation of a decided request, if the actor may see it (its borough)."""
    return (
        EvaluationRecord.objects.for_user(actor)
        .select_related("decided_by", "winner")
        .filter(request=placement_request)
        .first()
    )


def decided_record(invitation: RequestInvitation) -> EvaluationRecord | None:
    """The invitation's request's frozen evaluation: from the join when the list selected it
    (`request__evaluation_record__winner`), else one query."""
    placement_request = invitation.request
    if PlacementRequest.evaluation_record.is_cached(placement_request):
        return getattr(placement_request, "evaluation_record", None)  # None was cached: not decided
    return (
        EvaluationRecord.objects.filter(request_id=invitation.request_id)
        .select_related("winner")
        .first()
    )


SUMMARY_FIELDS = ("setting_name", "quality_score", "price_score", "total_score", "parts")
WINNER_FIELDS = ("quality_score", "price_score", "total_score")


def assessment_summary(invitation: RequestInvitation) -> dict | None:
    """What a provider that offered is told of the decision: its own offer's scores beside the
    winning offer's, from the frozen record; never another unsuccessful provider's.

    The caller has already fetched the invitation through the actor's scope. The winner's row
    gives its scores and each quality part's points only (not its setting, fee, price lines or
    the evidence behind its points): the provider learns how it was scored and where the winner
    was stronger, as the page shows it. None until the request is decided, or when the
    invitation had no live offer at the decision.
    """
    record = decided_record(invitation)
    if record is None:
        return None
    rows = {row["invitation"]: row for row in record.sheet["rows"]}
    own = rows.get(str(invitation.public_id))
    if own is None:
        return None
    winner = rows.get(str(record.winner.public_id)) if record.winner else None

    def scores(row: dict) -> dict:
        return {field: row[field] for field in SUMMARY_FIELDS}

    def winning(row: dict | None) -> dict | None:
        """The winner's scores and each part's points, never its name, fee or evidence."""
        if row is None:
            return None
        parts = {key: {"points": part["points"]} for key, part in row["parts"].items()}
        return {field: row[field] for field in WINNER_FIELDS} | {"parts": parts}

    return {
        "own": {**scores(own), "weekly_fee": own["weekly_fee"], "needs_fit": own["needs_fit"]},
        "winner": winning(winner),
        "won": winner is own,
        "outcome": record.get_outcome_display(),
        "decided_at": record.decided_at,
        "method": record.sheet["method"],
    }


def summary_lines(summary: dict | None) -> list[tuple[str, str | None, str | None]]:
    """The assessment summary's lines: the quality parts, then quality, price and total."""
    if summary is None:
        return []
    own, winner = summary["own"], summary["winner"] or {}
    parts = [
        (f"{label}: points", key)
        for key, label in (
            ("needs_fit", "Needs fit"),
            ("inspection", "Ofsted inspection"),
            ("outcomes", "Outcomes record"),
        )
    ]
    lines = [
        (label, own["parts"][key]["points"], winner.get("parts", {}).get(key, {}).get("points"))
        for label, key in parts
    ]
    for label, key in (
        ("Quality score", "quality_score"),
        ("Price score", "price_score"),
        ("Total score", "total_score"),
    ):
        lines.append((label, own[key], winner.get(key)))
    return lines


def above_ceiling_placements(*, actor: User) -> QuerySet[Placement]:
    """The actor's placements agreed above their DPS ceiling: the exceptions a saving figure
    must never hide. Each carries the provider's reason from its offer (blank for placements
    from before reasons were asked, or moved without an offer)."""
    return (
        Placement.objects.for_user(actor)
        .filter(ceiling_weekly__isnull=False, agreed_weekly__gt=F("ceiling_weekly"))
        .select_related("borough", "setting", "provider", "lot", "offer")
        .annotate(
            over_weekly=F("agreed_weekly") - F("ceiling_weekly"),
            over_annual=(F("agreed_weekly") - F("ceiling_weekly")) * F("weeks_per_year"),
        )
        .order_by("-over_weekly", "pk")
    )


# --- Invoices ------------------------------------------------------------------------------------


def invoice_list(
    *,
    actor: User,
    status: str = "",
    provider_id: int | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
) -> QuerySet[Invoice]:
    """The invoices the actor sees, newest first: versions in force, or those of `status`
    (replaced versions only when asked for), for periods inside `period_from`..`period_to`."""
    qs = Invoice.objects.for_user(actor).select_related(
        "placement", "placement__child", "placement__borough", "provider"
    )
    qs = qs.filter(status=status) if status else qs.current()
    if provider_id:
        qs = qs.filter(provider_id=provider_id)
    if period_from:
        qs = qs.filter(period_start__gte=period_from)
    if period_to:
        qs = qs.filter(period_end__lte=period_to)
    return qs


def invoices_to_export(*, borough, period_from: date, period_to: date) -> QuerySet[Invoice]:
    """A borough's approved invoices for periods inside `period_from`..`period_to`, with their
    lines, oldest first: what its finance system is sent."""
    return (
        Invoice.objects.filter(
            placement__borough=borough,
            status=InvoiceStatus.APPROVED,
            period_start__gte=period_from,
            period_end__lte=period_to,
        )
        .select_related("placement", "placement__child", "provider")
        .prefetch_related("lines", "events")
        .order_by("period_start", "provider__legal_name", "number")
    )


def cost_centres_of(borough) -> dict[int | None, str]:
    """Lot id -> the borough's cost-centre code; None -> its code for every other lot."""
    return dict(borough.cost_centres.values_list("lot_id", "code"))
