"""Reads for the demand dashboard: DfE's EHC plan figures beside the portal's own children,
placements and requests.

The portal's figures are scoped first (`for_user`) and totalled in SQL, so the page costs the
same number of queries whatever the number of rows. DfE's figures are public: a borough sees its
own, the strands it belongs to, London and England; consortium-wide roles see every member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from boroughs.models import Borough, Strand, User
from providers.choices import SETTING_TYPE_LABELS, NeedCode

from .choices import PhaseTransfer, RequestStatus
from .models import Child, EhcPlanCount, EhcPlanNeed, Placement, PlacementRequest, started_q

ENGLAND, LONDON = "E92000001", "E12000007"
# EHC plans replaced statements, and the programme began, in 2014; conversion ended in 2018; DfE's
# current series starts in 2019. Those two years and every year since fit the page.
EARLY_EHCP_YEARS = (2014, 2018)
SERIES_START = 2019
NEED_LABELS = {**dict(NeedCode.choices), "": "Not recorded"}
LIVE_REQUEST = [
    RequestStatus.DRAFT,
    RequestStatus.OPEN,
    RequestStatus.EVALUATING,
    RequestStatus.AWARDED,
]


def percent(part: int | None, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / whole).quantize(Decimal("0.1"))


# --- DfE's EHC plan figures ---------------------------------------------------------------------


@dataclass
class EhcpRow:
    """One area's (or strand's) statements and plans, January each year, oldest first."""

    name: str
    kind: str  # "borough", "strand" or "comparator"
    totals: list[int | None]
    latest: dict = field(default_factory=dict)


@dataclass
class EhcpSeries:
    years: list[int]
    rows: list[EhcpRow]

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None


def ehcp_series(*, actor: User) -> EhcpSeries:
    """Statements plus EHC plans in 2014, 2018 and since, for the actor's boroughs, strands,
    London and England."""
    codes = Borough.objects.for_user(actor).values("ons_code")
    figures = list(
        EhcPlanCount.objects.filter(Q(ons_code__in=codes) | Q(ons_code__in=[LONDON, ENGLAND]))
        .filter(Q(year__in=EARLY_EHCP_YEARS) | Q(year__gte=SERIES_START))
        .values(
            "ons_code",
            "area_name",
            "year",
            "total",
            "in_independent_special",
            "in_non_maintained_special",
        )
        .order_by("year")
    )
    years = sorted({row["year"] for row in figures})
    areas: dict[str, EhcpRow] = {}
    for row in figures:
        kind = "comparator" if row["ons_code"] in (LONDON, ENGLAND) else "borough"
        area = areas.setdefault(
            row["ons_code"], EhcpRow(row["area_name"], kind, [None] * len(years))
        )
        area.totals[years.index(row["year"])] = row["total"]
        area.latest = row
    for area in areas.values():
        latest = area.latest
        bought = (latest["in_independent_special"] or 0) + (
            latest["in_non_maintained_special"] or 0
        )
        latest["independent_share"] = percent(bought, latest["total"])
    boroughs = sorted((a for a in areas.values() if a.kind == "borough"), key=lambda a: a.name)
    comparators = [areas[code] for code in (LONDON, ENGLAND) if code in areas]
    return EhcpSeries(years, [*boroughs, *_strand_rows(actor, years), *comparators])


def _strand_rows(actor: User, years: list[int]) -> list[EhcpRow]:
    """Each strand's members added up in SQL, year by year."""
    members: dict[tuple[int, str], list[str]] = {}
    for strand in Strand.objects.for_user(actor).values("pk", "name", "boroughs__ons_code"):
        codes = members.setdefault((strand["pk"], strand["name"]), [])
        if strand["boroughs__ons_code"]:  # None for a strand with no members yet
            codes.append(strand["boroughs__ons_code"])
    if not members or not years:
        return []
    sums = {
        f"strand_{pk}": Sum("total", filter=Q(ons_code__in=codes))
        for (pk, _), codes in members.items()
    }
    by_year = {
        row["year"]: row
        for row in EhcPlanCount.objects.filter(year__in=years).values("year").annotate(**sums)
    }
    return [
        EhcpRow(
            f"{name} ({len(codes)} boroughs)",
            "strand",
            [by_year.get(year, {}).get(f"strand_{pk}") for year in years],
        )
        for (pk, name), codes in members.items()
    ]


@dataclass
class NeedRow:
    need: str
    label: str
    plans: int
    share: Decimal | None
    england_share: Decimal | None


def ehcp_needs(*, actor: User) -> tuple[int | None, list[NeedRow]]:
    """EHC plans by primary need in the latest year, for the boroughs the actor sees
    (added up for consortium-wide roles), with England's shares to compare."""
    year = EhcPlanNeed.objects.aggregate(latest=Max("year"))["latest"]
    if year is None:
        return None, []
    codes = Borough.objects.for_user(actor).values("ons_code")
    rows = list(
        EhcPlanNeed.objects.filter(year=year)
        .values("need")
        .annotate(
            # Not aliased "plans": an alias that shadows a field breaks the SQL.
            focus=Sum("plans", filter=Q(ons_code__in=codes)),
            england=Sum("plans", filter=Q(ons_code=ENGLAND)),
        )
        .order_by("need")
    )
    total = sum(row["focus"] or 0 for row in rows)
    england = sum(row["england"] or 0 for row in rows)
    needs = [
        NeedRow(
            row["need"],
            NEED_LABELS.get(row["need"], row["need"]),
            row["focus"] or 0,
            percent(row["focus"], total),
            percent(row["england"], england),
        )
        for row in rows
    ]
    return year, sorted(needs, key=lambda row: (row.need == "", -row.plans))


# --- The portal's children and placements -----------------------------------------------------


def _active() -> Q:
    """Active today: awarded placements whose start date is still to come are left out."""
    return started_q()


def _placement_figures() -> dict:
    """What each placement breakdown counts: active placements, those in the child's own
    borough (the setting's DfE LA number is the borough's), and distance from home."""
    return {
        "placements": Count("pk"),
        "in_borough": Count("pk", filter=Q(setting__dfe_la_code=F("borough__dfe_la_code"))),
        "with_distance": Count("distance_km"),
        "average_km": Avg("distance_km"),
    }


def _with_shares(row: dict) -> dict:
    row["in_borough_share"] = percent(row["in_borough"], row["placements"])
    return row


def active_placements(*, actor: User) -> QuerySet[Placement]:
    return Placement.objects.for_user(actor).filter(_active())


def placement_totals(*, actor: User) -> dict:
    """Across every active placement the actor sees."""
    return _with_shares(active_placements(actor=actor).aggregate(**_placement_figures()))


def children_by_need(*, actor: User) -> list[dict]:
    """Children recorded, and those with an active placement, by primary need."""
    rows = (
        Child.objects.for_user(actor)
        .values("primary_need")
        .annotate(
            children=Count("pk", distinct=True),
            placed=Count(
                "placements",
                filter=started_q(prefix="placements__"),
                distinct=True,
            ),
        )
        .order_by("-children", "primary_need")
    )
    return [
        {**row, "label": NEED_LABELS.get(row["primary_need"], row["primary_need"])} for row in rows
    ]


def placements_by_setting_type(*, actor: User) -> list[dict]:
    """Active placements by the setting's GIAS establishment type or SSDA903 placement type."""
    rows = (
        active_placements(actor=actor)
        .values("setting__establishment_type")
        .annotate(**_placement_figures())
        .order_by("-placements", "setting__establishment_type")
    )
    return [
        _with_shares(
            {
                **row,
                "label": SETTING_TYPE_LABELS.get(
                    row["setting__establishment_type"],
                    row["setting__establishment_type"] or "Not recorded",
                ),
            }
        )
        for row in rows
    ]


def placements_by_borough(*, actor: User) -> list[dict]:
    """Per borough: children recorded, active placements, share in-borough, distance."""
    children = dict(
        Child.objects.for_user(actor)
        .values("borough__name")
        .annotate(children=Count("pk"))
        .values_list("borough__name", "children")
    )
    placed = {
        row["borough__name"]: _with_shares(row)
        for row in active_placements(actor=actor)
        .values("borough__name")
        .annotate(**_placement_figures())
    }
    empty = {"placements": 0, "in_borough": 0, "with_distance": 0, "average_km": None}
    return [
        {
            "borough": name,
            "children": children.get(name, 0),
            **_with_shares({**empty, **placed.get(name, {})}),
        }
        for name in sorted(children.keys() | placed.keys())
    ]


# --- Requests -----------------------------------------------------------------------------------


def requests_by_month(*, actor: User, months: list[date]) -> list[dict]:
    """Requests sent to providers (opened) and requests awarded, each month of `months` (first
    days, oldest first, as `periods.Period.months` gives them)."""
    since, until = _start_of(months[0]), _start_of(_month_after(months[-1]))
    requests = PlacementRequest.objects.for_user(actor)
    opened = _per_month(requests.filter(opened_at__gte=since, opened_at__lt=until), "opened_at")
    awarded = _per_month(
        requests.filter(status=RequestStatus.AWARDED, decided_at__gte=since, decided_at__lt=until),
        "decided_at",
    )
    return [
        {"month": month, "opened": opened.get(month, 0), "awarded": awarded.get(month, 0)}
        for month in months
    ]


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _start_of(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def _per_month(requests: QuerySet, column: str) -> dict[date, int]:
    rows = (
        requests.annotate(month=TruncMonth(column, output_field=DateField()))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    return dict(rows)


def median_days_to_award(*, actor: User, months: list[date]) -> tuple[Decimal | None, int]:
    """The median days from a request being sent to providers to its award, over awards made
    in `months`, and how many awards that is. Found in SQL: the middle row or two of the awards
    in order of time taken."""
    since, until = _start_of(months[0]), _start_of(_month_after(months[-1]))
    awards = (
        PlacementRequest.objects.for_user(actor)
        .filter(
            status=RequestStatus.AWARDED,
            decided_at__gte=since,
            decided_at__lt=until,
            opened_at__isnull=False,
        )
        .annotate(
            taken=ExpressionWrapper(F("decided_at") - F("opened_at"), output_field=DurationField())
        )
        .order_by("taken", "pk")
    )
    count = awards.count()
    if not count:
        return None, 0
    middle = list(awards.values_list("taken", flat=True)[(count - 1) // 2 : count // 2 + 1])
    seconds = sum(taken.total_seconds() for taken in middle) / len(middle)
    return Decimal(seconds / 86400).quantize(Decimal("0.1")), count


# --- Phase transfers ----------------------------------------------------------------------------

TRANSFERS = (
    # (figure name, national curriculum year this school year, the request's phase transfer)
    ("y6", 6, PhaseTransfer.YEAR_6_TO_7),
    ("y11", 11, PhaseTransfer.YEAR_11_TO_POST_16),
)


def next_september(today: date) -> date:
    return date(today.year if today.month < 9 else today.year + 1, 9, 1)


def born_in_year_group(nc_year: int, today: date) -> tuple[date, date]:
    """Dates of birth of the children in `nc_year` this school year (England: 1 September to
    31 August cohorts; see placements.models.national_curriculum_year)."""
    school_year = today.year if today.month >= 9 else today.year - 1
    cohort = school_year - nc_year - 5
    return date(cohort, 9, 1), date(cohort + 1, 8, 31)


def phase_transfers_due(*, actor: User, today: date | None = None) -> dict:
    """Children with an active placement who are in Year 6 or Year 11 this school year, so
    change phase next September; and of them, those with a live request for that transfer."""
    today = today or timezone.localdate()
    figures = {}
    for key, nc_year, transfer in TRANSFERS:
        in_year = Q(child__date_of_birth__range=born_in_year_group(nc_year, today))
        requested = in_year & Q(
            child__requests__phase_transfer=transfer, child__requests__status__in=LIVE_REQUEST
        )
        figures[key] = Count("child", filter=in_year, distinct=True)
        figures[f"{key}_requested"] = Count("child", filter=requested, distinct=True)
    placements = active_placements(actor=actor)
    by_borough = placements.values("borough__name").annotate(**figures).order_by("borough__name")
    return {
        "september": next_september(today),
        "boroughs": [row for row in by_borough if any(row[key] for key in figures)],
        "total": placements.aggregate(**figures),
    }
