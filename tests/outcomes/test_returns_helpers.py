"""Helpers the termly-return tests share (no tests here): a placement begun in September 2024,
a child moved into Year 9, and returns made through the services on given days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from outcomes.services.returns import return_submit
from placements.models import Child, FeeChange, Placement

SINCE = date(2024, 9, 1)
IDENTITY = ("Sam Example", "CR-0042", "CR0 1AA", "14 March 2016", "2016-03-14")


def placed_since(placement: Placement, day: date = SINCE) -> Placement:
    """The placement as if it had begun on `day` (the fixture's starts in two months)."""
    Placement.objects.filter(pk=placement.pk).update(starts_on=day)
    FeeChange.objects.filter(placement=placement).update(effective_from=day)
    placement.refresh_from_db()
    return placement


def in_year_9(child: Child) -> Child:
    """Born in October 2010: Year 9 from September 2024."""
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(2010, 10, 1))
    child.refresh_from_db()
    return child


def scores(targets, communication: int, travel: int, evidence: str = "Seen in class") -> list:
    first, second = targets
    return [
        {"target": first, "score": communication, "evidence": evidence},
        {"target": second, "score": travel, "evidence": evidence},
    ]


def figures(**overrides) -> dict:
    return {
        "attendance_pct": Decimal("95.0"),
        "fixed_term_exclusion_days": Decimal("0"),
        "permanently_excluded": False,
        "serious_incidents": 0,
        "pfa_pathway": "",
        "summary": "A settled term.",
        **overrides,
    }


def on_time(term) -> date:
    """The day after the term ends: in time."""
    return term.ends_on + timedelta(days=1)


def submit(actor, placement, term, targets, communication, travel, *, on=None, **overrides):
    """A return from the provider, made in time unless `on` says otherwise."""
    return return_submit(
        actor=actor,
        placement=placement,
        term=term,
        scores=scores(targets, communication, travel),
        on=on or on_time(term),
        **figures(**overrides),
    )
