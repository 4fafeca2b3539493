"""The market view: who the consortium's placements and spend go to, group by group (ADR 18).

A provider counts with the group a consortium admin recorded for it (its ultimate parent
company); a provider with no group recorded counts on its own. For a financial year:

- **placements** are those active on any day of the year; **spend** is what each cost within
  the year, from its fee history (`money.cost_to_date`, the rule the savings figures use), up to
  today for the current year;
- a group's **share** is its part of the total, in per cent to one decimal place;
- **HHI** (the Herfindahl-Hirschman index) is the sum of the squared percentage shares, from
  near 0 (many small groups) to 10,000 (one group); competition authorities read above 2,000
  as highly concentrated and 1,000 to 2,000 as moderately;
- the **top five** share is the five largest groups' shares added up;
- **change** is this year's share less last year's, in percentage points.

`concentration` does the arithmetic on rows already summed; `market_rows` reads the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q

from providers.models import Inspection
from providers.selectors.groups import groups_by_provider

from .models import FeeChange, Placement
from .money import cost_to_date

HUNDRED = Decimal("100")
TENTH = Decimal("0.1")
HIGHLY_CONCENTRATED, MODERATELY_CONCENTRATED = 2000, 1000
TOP = 5
LOW_GRADES = frozenset({"inadequate", "urgent improvement"})


@dataclass
class GroupShare:
    key: str
    name: str
    grouped: bool  # False: a provider with no group recorded, counted on its own
    placements: int = 0
    spend: Decimal = Decimal("0.00")
    placement_share: Decimal = Decimal("0.0")
    spend_share: Decimal = Decimal("0.0")
    oversight: bool | None = None
    private_equity: bool | None = None
    previous_spend_share: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        """This year's spend share less last year's, in percentage points (None: not there)."""
        if self.previous_spend_share is None:
            return None
        return self.spend_share - self.previous_spend_share


@dataclass
class Concentration:
    shares: list[GroupShare] = field(default_factory=list)  # largest spend first
    placements: int = 0
    spend: Decimal = Decimal("0.00")
    hhi_spend: int = 0
    hhi_placements: int = 0
    top_spend_share: Decimal = Decimal("0.0")
    top_placement_share: Decimal = Decimal("0.0")

    @property
    def reading(self) -> str:
        if not self.shares:
            return "No placements"
        if self.hhi_spend > HIGHLY_CONCENTRATED:
            return "Highly concentrated"
        if self.hhi_spend >= MODERATELY_CONCENTRATED:
            return "Moderately concentrated"
        return "Not concentrated"


def _share(part, whole) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _hhi(parts: Iterable, whole) -> int:
    """From exact shares, so the rounding of the shares shown does not move the index."""
    if not whole:
        return 0
    total = sum((Decimal(p) * HUNDRED / Decimal(whole)) ** 2 for p in parts)
    return int(total.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def concentration(shares: Iterable[GroupShare]) -> Concentration:
    """Shares, HHI and the top five's share of groups whose placements and spend are summed."""
    rows = sorted(shares, key=lambda s: (-s.spend, -s.placements, s.name))
    placements = sum(s.placements for s in rows)
    spend = sum((s.spend for s in rows), Decimal("0.00"))
    for row in rows:
        row.placement_share = _share(row.placements, placements)
        row.spend_share = _share(row.spend, spend)
    by_count = sorted(rows, key=lambda s: -s.placements)
    return Concentration(
        shares=rows,
        placements=placements,
        spend=spend,
        hhi_spend=_hhi((s.spend for s in rows), spend),
        hhi_placements=_hhi((s.placements for s in rows), placements),
        top_spend_share=_share(sum((s.spend for s in rows[:TOP]), Decimal(0)), spend),
        top_placement_share=_share(sum(s.placements for s in by_count[:TOP]), placements),
    )


def financial_year(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


@dataclass(frozen=True)
class MarketFilter:
    consortium_id: int
    start_year: int
    strand_id: int | None = None
    lot_id: int | None = None
    borough_id: int | None = None


def _placements(where: MarketFilter, start: date, end: date):
    rows = Placement.objects.filter(
        borough__consortium_id=where.consortium_id, starts_on__lte=end
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    for name, value in (
        ("lot__dps__strand_id", where.strand_id),
        ("lot_id", where.lot_id),
        ("borough_id", where.borough_id),
    ):
        if value is not None:
            rows = rows.filter(**{name: value})
    fees = Prefetch(
        "fees", queryset=FeeChange.objects.only("placement_id", "effective_from", "weekly_fee")
    )
    return rows.select_related("provider").prefetch_related(fees)


def spend_in(placement: Placement, start: date, end: date, today: date) -> Decimal:
    """What the placement cost from `start` to `end` (to today, for a year still running)."""
    fees = [(fee.effective_from, fee.weekly_fee) for fee in placement.fees.all()]
    shape = {
        "fees": fees,
        "weeks_per_year": placement.weeks_per_year,
        "starts_on": placement.starts_on,
        "ends_on": placement.ends_on,
    }
    until = min(end, today)
    if until < start:
        return Decimal("0.00")
    return cost_to_date(**shape, on=until) - cost_to_date(**shape, on=start - timedelta(days=1))


@dataclass(frozen=True)
class PlacementLine:
    """One placement of the year's market: whose it is, where, and what it cost in the year."""

    key: str
    name: str
    group: dict | None
    lot_id: int
    borough_id: int
    spend: Decimal


def market_lines(where: MarketFilter, today: date) -> list[PlacementLine]:
    """Every placement of the year's market, its spend worked out once (one query with fees)."""
    start, end = financial_year(where.start_year)
    groups = groups_by_provider(where.consortium_id)
    lines = []
    for placement in _placements(where, start, end):
        provider = placement.provider
        group = groups.get(provider.pk)
        lines.append(
            PlacementLine(
                key=group["key"] if group else f"provider:{provider.pk}",
                name=group["name"] if group else provider.legal_name,
                group=group,
                lot_id=placement.lot_id,
                borough_id=placement.borough_id,
                spend=spend_in(placement, start, end, today),
            )
        )
    return lines


def shares_of(lines: Iterable[PlacementLine]) -> list[GroupShare]:
    """Each group's placements and spend, flags in force, shares not yet worked out."""
    found: dict[str, GroupShare] = {}
    for line in lines:
        if line.key not in found:
            group = line.group or {}
            found[line.key] = GroupShare(
                key=line.key,
                name=line.name,
                grouped=bool(line.group),
                oversight=group.get("oversight"),
                private_equity=group.get("private_equity"),
            )
        found[line.key].placements += 1
        found[line.key].spend += line.spend
    return list(found.values())


def market_rows(where: MarketFilter, today: date) -> list[GroupShare]:
    return shares_of(market_lines(where, today))


def market_view(
    where: MarketFilter, today: date, lines: list[PlacementLine] | None = None
) -> Concentration:
    """The year's concentration, each group with its change in spend share on the year before."""
    this_year = concentration(shares_of(market_lines(where, today) if lines is None else lines))
    last = MarketFilter(**{**where.__dict__, "start_year": where.start_year - 1})
    before = {s.key: s.spend_share for s in concentration(market_rows(last, today)).shares}
    for share in this_year.shares:
        share.previous_spend_share = before.get(share.key)
    return this_year


def concerns(where: MarketFilter, today: date) -> list[dict]:
    """Groups (or ungrouped providers) in the year's market whose settings' latest inspection
    judged an area inadequate (or urgent improvement) or found safeguarding not met."""
    start, end = financial_year(where.start_year)
    providers = _placements(where, start, end).values_list("provider_id", flat=True).distinct()
    groups = groups_by_provider(where.consortium_id)
    latest: dict[int, Inspection] = {}
    inspections = Inspection.objects.filter(setting__provider_id__in=list(providers))
    for inspection in inspections.select_related("setting__provider").order_by(
        "setting_id", "-inspected_on", "-pk"
    ):
        latest.setdefault(inspection.setting_id, inspection)
    found = []
    for inspection in latest.values():
        problems = _problems(inspection)
        if not problems:
            continue
        provider = inspection.setting.provider
        group = groups.get(provider.pk)
        found.append(
            {
                "group": group["name"] if group else provider.legal_name,
                "grouped": bool(group),
                "provider": provider.legal_name,
                "setting": inspection.setting.name,
                "urn": inspection.setting.urn,
                "inspected_on": inspection.inspected_on,
                "problems": problems,
            }
        )
    return sorted(found, key=lambda row: (row["group"], row["setting"]))


def _problems(inspection: Inspection) -> list[str]:
    problems = [
        f"{area.replace('_', ' ').capitalize()}: {grade}"
        for area, grade in (inspection.judgements or {}).items()
        if str(grade).strip().lower() in LOW_GRADES
    ]
    if not problems and (inspection.overall or "").strip().lower() in LOW_GRADES:
        problems.append(f"Overall: {inspection.overall}")
    if inspection.safeguarding_met is False:
        problems.append("Safeguarding not met")
    return problems


def by_dimension(lines: list[PlacementLine], dimension: str, options) -> list[dict]:
    """One concentration line per lot or borough (`options`: (id, name) pairs), from the
    year's placement lines already worked out."""
    attribute = f"{dimension}_id"
    return [
        {
            "name": name,
            "result": concentration(
                shares_of(line for line in lines if getattr(line, attribute) == option_id)
            ),
        }
        for option_id, name in options
    ]
