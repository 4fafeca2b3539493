"""Matching: which enrolled settings on a request's lot fit the child, nearest first.

One query over enrolments, at national scale too: the lot, enrolment status, vacancy, provision,
age and sex filters are plain indexed columns; the need is a JSON containment test (a GIN index
on PostgreSQL); distance is the haversine formula in SQL from the child's home postcode (its
outcode's centroid when the postcode is newer than the data). Ofsted is the latest inspection.
The outcomes record is the setting's published benchmark for the child's primary need
(`providers.selectors.outcome_records`, published by the outcomes app; placements never imports
outcomes): the "outcomes" order ranks by its lower credible bound (`rank_bound`, ADR 0006), so a
setting with a handful of children does not outrank one with forty without evidence that it is
better;
settings whose record has too few children to rank, or without one, come last, by distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ASin, Coalesce, Cos, Least, Power, Radians, Sin, Sqrt

from boroughs.choices import StrandKind
from boroughs.geo import Location, postcode_location
from providers.choices import EnrolmentStatus
from providers.choices import Sex as SettingSex
from providers.models import Enrolment, Inspection, OutcomeRecord, PriceLine, Provider
from providers.selectors.outcome_records import outcome_record_for

from .choices import Provision, Sex
from .models import PlacementRequest, RequestInvitation

EARTH_RADIUS_KM = 6371.0088
MONEY = DecimalField(max_digits=9, decimal_places=2)

# Ofsted judgements, best first, as a number to rank by (schools, report cards, children's homes).
OFSTED_RANK = {
    "Outstanding": 4,
    "Exceptional": 4,
    "Good": 3,
    "Strong standard": 3,
    "Expected standard": 2.5,
    "Requires improvement": 2,
    "Requires improvement to be good": 2,
    "Needs attention": 1.5,
    "Inadequate": 1,
    "Urgent improvement": 1,
}

# Sort orders. Distance is a float, so ties are rare and need no Ofsted tiebreak: leaving the
# rank out of the default order lets PostgreSQL look up the latest inspection for the rows it
# returns (after ORDER BY ... LIMIT) rather than for every candidate on the lot.
ORDERINGS = {
    "distance": ("distance_km",),
    "ofsted": ("-ofsted_rank", "distance_km"),
    "ceiling": ("ceiling_weekly", "distance_km"),
    "outcomes": ("-outcome_score", "distance_km"),
}
SHOWN_FIELDS = (
    "id",
    "setting_id",
    "price_id",
    "setting__public_id",
    "setting__name",
    "setting__vacancies",
    "setting__provider_id",
)
PROVIDER_SHOWN = ("id", "legal_name", "trading_name")
# The matches page and API show the nearest (or best) this many; the count says how many match.
MATCH_LIMIT = 50


def age_on(date_of_birth: date, on: date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


def needs_include(need: str) -> Q:
    """Settings whose `needs` list holds `need`: JSON containment where the database has it."""
    if connection.features.supports_json_field_contains:
        return Q(setting__needs__contains=[need])
    # SQLite: the JSON text holds the quoted code; quotes stop "MLD" matching "PMLD".
    return Q(setting__needs__icontains=f'"{need}"')


def distance_expression(home: Location):
    """Haversine distance in km from `home` to each setting, in SQL; NULL where unlocated."""
    lat1 = math.radians(float(home.latitude))
    lon1 = math.radians(float(home.longitude))
    lat2 = Radians(F("setting__latitude"), output_field=FloatField())
    lon2 = Radians(F("setting__longitude"), output_field=FloatField())
    h = Power(Sin((lat2 - Value(lat1)) / 2), 2) + Value(math.cos(lat1)) * Cos(lat2) * Power(
        Sin((lon2 - Value(lon1)) / 2), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(Value(1.0), h)))


def _latest_inspection():
    return Inspection.objects.filter(setting=OuterRef("setting")).order_by(
        F("inspected_on").desc(nulls_last=True), "-pk"
    )


def ofsted_rank_expression():
    """The latest Ofsted judgement's text (None when never inspected)."""
    return Subquery(_latest_inspection().values("overall")[:1])


def ofsted_score_expression():
    """The latest judgement as a number to rank by (OFSTED_RANK; 0 when none), in one subquery."""
    score = Case(
        *(When(overall=name, then=Value(points)) for name, points in OFSTED_RANK.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return Coalesce(
        Subquery(
            _latest_inspection().annotate(score=score).values("score")[:1],
            output_field=FloatField(),
        ),
        Value(0.0),
    )


def outcome_score_expression(need: str | None):
    """What the "outcomes" order ranks by: the setting's published lower credible bound for
    `need` (None without a record or below the children a rank needs), one unique-index probe
    per candidate; only that order computes it."""
    if not need:
        return Value(None, output_field=DecimalField(max_digits=6, decimal_places=3))
    record = OutcomeRecord.objects.filter(setting=OuterRef("setting"), need=need)
    return Subquery(record.values("rank_bound")[:1])


def ceiling_subquery():
    """The enrolment's weekly ceiling, looked up per row: for the rows shown, not joined for
    every candidate (the price lines of a national lot are tens of thousands of rows)."""
    price = PriceLine.objects.filter(pk=OuterRef("price_id"))
    return Subquery(price.annotate(total=_price_total("")).values("total")[:1], output_field=MONEY)


def _price_total(prefix: str):
    parts = ("education", "care", "therapies", "one_to_one", "other")
    total = F(f"{prefix}{parts[0]}")
    for part in parts[1:]:
        total = total + F(f"{prefix}{part}")
    return total


def ceiling_expression():
    """The weekly ceiling through a join on the enrolment's price line."""
    return _price_total("price__")


@dataclass(frozen=True)
class MatchCriteria:
    """What the request asks of a setting, for display beside the results."""

    lot_id: int
    need: str | None
    age: int
    sex: str
    provision: str
    home: Location | None


def criteria_for(placement_request: PlacementRequest) -> MatchCriteria:
    child = placement_request.child
    send = placement_request.strand.kind == StrandKind.SEND
    return MatchCriteria(
        lot_id=placement_request.lot_id,
        need=child.primary_need if send else None,
        age=age_on(child.date_of_birth, placement_request.required_start_on),
        sex=child.sex,
        provision=placement_request.provision,
        home=postcode_location(child.home_postcode),
    )


def match_settings(
    placement_request: PlacementRequest,
    *,
    order: str = "distance",
    criteria: MatchCriteria | None = None,
) -> QuerySet[Enrolment]:
    """Enrolments on the request's lot whose setting fits the child and has a vacancy.

    Each row carries `distance_km` (float, None if the setting or home is unlocated),
    `ofsted` (latest judgement), `ceiling_weekly` (Decimal) and `invited`; ordered by
    `order` ("ofsted" adds `ofsted_rank`, "outcomes" `outcome_score`). Slice it: pages show
    the first MATCH_LIMIT (`nearest_matches` adds each shown row's outcomes record).
    """
    c = criteria or criteria_for(placement_request)
    sexes = [SettingSex.MIXED, SettingSex.GIRLS if c.sex == Sex.FEMALE else SettingSex.BOYS]
    qs = Enrolment.objects.filter(
        lot_id=c.lot_id,
        status=EnrolmentStatus.ENROLLED,
        setting__provider__isnull=False,
        setting__vacancies__gt=0,
        setting__sex__in=sexes,
    ).filter(
        Q(setting__age_low__isnull=True) | Q(setting__age_low__lte=c.age),
        Q(setting__age_high__isnull=True) | Q(setting__age_high__gte=c.age),
    )
    if c.provision == Provision.RESIDENTIAL:
        qs = qs.filter(setting__offers_residential=True)
    else:
        qs = qs.filter(setting__offers_day=True)
    if c.need:
        qs = qs.filter(needs_include(c.need))
    distance = distance_expression(c.home) if c.home else Value(None, output_field=FloatField())
    # Only what the matches show travels through the sort: thousands of candidates on a big lot.
    qs = (
        qs.select_related("setting")
        .prefetch_related(
            Prefetch("setting__provider", queryset=Provider.objects.only(*PROVIDER_SHOWN))
        )
        .only(*SHOWN_FIELDS)
        .annotate(
            distance_km=distance,
            ofsted=ofsted_rank_expression(),
            ceiling_weekly=ceiling_expression() if order == "ceiling" else ceiling_subquery(),
            invited=Exists(
                RequestInvitation.objects.filter(
                    request=placement_request, setting=OuterRef("setting")
                )
            ),
        )
    )
    if order == "ofsted":
        qs = qs.annotate(ofsted_rank=ofsted_score_expression())
    elif order == "outcomes":
        qs = qs.annotate(outcome_score=outcome_score_expression(c.need))
    field_order = ORDERINGS.get(order, ORDERINGS["distance"])
    return qs.order_by(*(_nulls_last(name) for name in field_order), "setting__name", "pk")


def nearest_matches(
    placement_request: PlacementRequest,
    *,
    order: str = "distance",
    criteria: MatchCriteria | None = None,
    limit: int = MATCH_LIMIT,
) -> list[Enrolment]:
    """The first `limit` matches in `order`: what the matches page and the API show.

    Each carries `outcome_record`: the setting's OutcomeRecord for the child's need (score,
    children, interval) or None, looked up in one query for the rows shown.
    (A first search in a box around the child's home was tried and measured: most requests
    match fewer than a page of settings, so the box usually missed and cost a second query.)
    """
    c = criteria or criteria_for(placement_request)
    rows = list(match_settings(placement_request, order=order, criteria=c)[:limit])
    records = outcome_record_for((row.setting_id for row in rows), c.need)
    for row in rows:
        row.outcome_record = records.get(row.setting_id)
    return rows


def _nulls_last(name: str):
    if name.startswith("-"):
        return F(name[1:]).desc(nulls_last=True)
    return F(name).asc(nulls_last=True)


def km(value: float | None) -> Decimal | None:
    """A distance to 0.1 km, as shown and stored."""
    return None if value is None else Decimal(str(round(value, 1)))


KM_PER_MILE = Decimal("1.609344")
# Upper bounds in miles, and what a provider is told below each.
DISTANCE_BANDS = (
    (5, "under 5 miles"),
    (10, "5 to 10 miles"),
    (20, "10 to 20 miles"),
    (50, "20 to 50 miles"),
)
BEYOND_BANDS = "50 miles or more"


def distance_band(km_value: Decimal | float | None) -> str:
    """What a provider is told of the distance from the child's home: a band, never the figure.

    Distances to 0.1 km from several settings would let a provider triangulate the home; the
    borough keeps the precise figure (`RequestInvitation.distance_km`).
    """
    if km_value is None:
        return "not known"
    miles = Decimal(str(km_value)) / KM_PER_MILE
    for upper, band in DISTANCE_BANDS:
        if miles < upper:
            return band
    return BEYOND_BANDS
