"""The demo's children: as many as each SEND borough's EHC plans say, with its mix of needs,
and the looked-after children of the care boroughs the demo places for. No names: references."""

from __future__ import annotations

import random
from datetime import date, timedelta

from boroughs.choices import StrandKind
from boroughs.geo import Location
from boroughs.models import Borough, Strand

from ..choices import Sex
from ..models import Child
from .data import (
    LOOKED_AFTER,
    NATIONAL_NEEDS,
    PLANS_PER_CHILD,
    Geography,
    apportion,
    ehc_plans_2025,
    primary_needs_2025,
)
from .dates import a_year_after, at, years_before

# Looked-after children's primary needs: mostly social, emotional and mental health.
CARE_NEEDS = {"SEMH": 6, "SLCN": 2, "ASD": 2, "MLD": 2, "OTH": 1}

# (borough prefix, strand) -> the children waiting for a request, and where each lives.
Queues = dict[tuple[str, str], list[tuple[Child, Location]]]
Cohort = tuple[Borough, str, int, dict[str, int]]  # borough, strand, children, needs' weights


def demo_children(
    rng: random.Random, geo: Geography, boroughs: dict[str, Borough], today: date
) -> Queues:
    """The children, saved in one go, queued by borough and strand in a random order."""
    made: Queues = {}
    rows = []
    for borough, strand, count, weights in _cohorts(boroughs):
        needs = [need for need, n in apportion(count, weights).items() for _ in range(n)]
        rng.shuffle(needs)
        prefix = borough.name[:3].upper()
        numbers = sorted(rng.sample(range(100, 60000), count))
        for need, number in zip(needs, numbers, strict=True):
            child, home = _child(rng, geo, borough, strand, need, today)
            child.reference = f"{prefix}-{number:06d}"
            rows.append(child)
            made.setdefault((prefix, strand), []).append((child, home))
    Child.objects.bulk_create(rows)
    for queue in made.values():
        rng.shuffle(queue)
    return made


def _cohorts(boroughs: dict[str, Borough]) -> list[Cohort]:
    plans, needs_by_la = ehc_plans_2025(), primary_needs_2025()
    send = Strand.objects.get(kind=StrandKind.SEND).boroughs.all()
    cohorts = [
        (b, StrandKind.SEND, round(plans[b.ons_code] / PLANS_PER_CHILD),
         needs_by_la.get(b.dfe_la_code, NATIONAL_NEEDS))
        for b in send
    ]  # fmt: skip
    for borough in boroughs.values():
        prefix = borough.name[:3].upper()
        if prefix in LOOKED_AFTER:
            cohorts.append((borough, StrandKind.CARE, LOOKED_AFTER[prefix], CARE_NEEDS))
    return cohorts


def _child(rng, geo, borough, strand, need, today) -> tuple[Child, Location]:
    looked_after = strand == StrandKind.CARE
    age = rng.triangular(2, 17.9, 13) if looked_after else rng.triangular(4, 19.9, 12)
    born = years_before(today, age)
    postcode, home = geo.postcode(rng, borough.ons_code)
    others = [n for n in NATIONAL_NEEDS if n != need and n != "OTH"]
    child = Child(
        borough=borough, date_of_birth=born, sex=Sex.FEMALE if rng.random() < 0.3 else Sex.MALE,
        home_postcode=postcode, primary_need=need, secondary_needs=rng.sample(others, rng.choice([0, 0, 1, 2])),
        looked_after=looked_after,
        legal_status=rng.choice(["C2", "C2", "C2", "C1", "V2", "V2", "E1"]) if looked_after else "",
        created_at=at(rng, today - timedelta(days=rng.randint(30, 1400))),
    )  # fmt: skip
    if not looked_after:  # a plan issued at three or later, reviewed every year since
        plan_issued(child, born + timedelta(days=rng.randint(3 * 365, int(age * 365) - 60)), today)
    return child, home


def plan_issued(child: Child, issued: date, today: date) -> None:
    """The child's EHC plan dates: issued then, reviewed on each anniversary up to today."""
    reviews = [issued]
    while a_year_after(reviews[-1]) <= today:
        reviews.append(a_year_after(reviews[-1]))
    child.ehcp_issued_on = issued
    child.ehcp_last_review_on = reviews[-1] if len(reviews) > 1 else None
    child.ehcp_next_review_on = a_year_after(reviews[-1])
