"""Transitions across the consortium: phase transfers coming up and where young people are
heading (Preparing for Adulthood).

Phase transfers due: children in Year 6 (to Year 7) and Year 11 (to post-16) with an active
placement, by borough, counted in one GROUP BY. PfA pathways: for each young person from
Year 9 with an active placement, the pathway on their latest accepted return, by borough (a
correlated subquery finds the latest; one GROUP BY counts them).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from boroughs.models import Borough
from placements.choices import PlacementStatus
from placements.models import Placement

from ..choices import PFA_FROM_YEAR, PfaPathway, ReturnStatus
from ..models import TermlyReturn
from .post16 import born_before_year, born_in_year

PHASE_YEARS = ((6, "Year 6 to Year 7"), (11, "Year 11 to post-16"))


def _active(on: date) -> Q:
    return Q(status=PlacementStatus.ACTIVE, starts_on__lte=on)


def phase_transfers(*, consortium_id: int, borough_ids=None, on: date) -> dict[int, dict]:
    """Children in each phase-transfer year with an active placement, by borough id."""
    placements = Placement.objects.filter(_active(on), borough__consortium_id=consortium_id)
    if borough_ids is not None:
        placements = placements.filter(borough_id__in=list(borough_ids))
    counts = {
        f"year_{year}": Count(
            "child_id", distinct=True, filter=Q(child__date_of_birth__range=born_in_year(year, on))
        )
        for year, _label in PHASE_YEARS
    }
    rows = placements.values("borough_id").annotate(**counts).order_by()
    return {row.pop("borough_id"): row for row in rows}


def pfa_pathways(*, consortium_id: int, borough_ids=None, on: date) -> dict[int, dict[str, int]]:
    """Young people from Year 9 by the pathway on their latest accepted return, by borough id."""
    accepted = TermlyReturn.objects.filter(status=ReturnStatus.ACCEPTED)
    latest = accepted.filter(placement__child_id=OuterRef("placement__child_id")).order_by(
        "-term__starts_on", "-pk"
    )
    still_placed = Placement.objects.filter(_active(on), child_id=OuterRef("placement__child_id"))
    returns = accepted.filter(
        term__consortium_id=consortium_id,
        placement__child__date_of_birth__lt=born_before_year(PFA_FROM_YEAR, on),
        pk=Subquery(latest.values("pk")[:1]),
    ).filter(Exists(still_placed))
    if borough_ids is not None:
        returns = returns.filter(placement__borough_id__in=list(borough_ids))
    rows = returns.values("placement__borough_id", "pfa_pathway").annotate(n=Count("pk"))
    found: dict[int, dict[str, int]] = {}
    for row in rows.order_by():
        found.setdefault(row["placement__borough_id"], {})[row["pfa_pathway"]] = row["n"]
    return found


def transitions_summary(
    *, consortium_id: int, borough_ids: list[int] | None = None, on: date | None = None
) -> dict:
    """Phase transfers due and PfA pathway counts, a row per borough with any, and totals.

    {"on", "phase_years": [(year, label)], "pathways": [(code, label)], "boroughs": [{
    "borough_id", "borough_name", "year_6", "year_11", "pathways": {code: n}, "young_people"}],
    "totals": {same figures for the consortium}}.
    """
    on = on or timezone.localdate()
    scope = {"consortium_id": consortium_id, "borough_ids": borough_ids, "on": on}
    transfers, pathways = phase_transfers(**scope), pfa_pathways(**scope)
    names = dict(
        Borough.objects.filter(pk__in=set(transfers) | set(pathways)).values_list("pk", "name")
    )
    codes = [code for code, _label in PfaPathway.choices]
    rows = []
    for borough_id in sorted(names, key=names.get):
        counts = pathways.get(borough_id, {})
        due = transfers.get(borough_id, {})
        row = {"borough_id": borough_id, "borough_name": names[borough_id]}
        row |= {f"year_{year}": due.get(f"year_{year}", 0) for year, _label in PHASE_YEARS}
        row["pathways"] = {code: counts.get(code, 0) for code in codes}
        row["young_people"] = sum(counts.values())
        rows.append(row)
    totals = {f"year_{y}": sum(r[f"year_{y}"] for r in rows) for y, _label in PHASE_YEARS}
    totals["pathways"] = {code: sum(r["pathways"][code] for r in rows) for code in codes}
    totals["young_people"] = sum(r["young_people"] for r in rows)
    return {
        "on": on,
        "phase_years": list(PHASE_YEARS),
        "pathways": list(PfaPathway.choices),
        "boroughs": rows,
        "totals": totals,
    }
