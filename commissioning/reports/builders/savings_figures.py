"""The savings summary's figures, computed as the savings dashboard computes them.

The dashboard totals `placements.money.money_annotations` over the placements an actor may see
(`selectors.savings_totals`); here the same annotations and the same sums run over the report's
scope, restricted to placements that started in the period. A saving counts once, in the
financial year the placement started, so a period of one financial year (1 April to 31 March)
gives exactly the dashboard's row for that year, and a period spanning every start date gives
its headline totals. Committed annual cost is taken on the day the report was asked for, as the
dashboard takes it on the day it is viewed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import median
from typing import Any

from django.conf import settings
from django.db.models import Aggregate, Count, DecimalField, F, Q, QuerySet, Sum

from placements.choices import InvoiceStatus
from placements.models import Invoice, Placement
from placements.money import financial_year_label, money_annotations, pence
from placements.selectors import MONEY_FIGURES, SAVINGS_GROUPS
from providers.choices import ApplicationStatus, setting_type_label
from providers.models import Application

from .base import (
    SCOPE_STRAND,
    date_filter,
    datetime_filter,
    dps_filter,
    is_postgres,
    need_label,
    produced_on,
    scoped_placements,
)

ZERO = Decimal("0.00")
DEFAULT_ACCREDITATION_UNIT_COST = "1250.00"
FEE_GROUP = ("child__primary_need", "setting__establishment_type")

# How each breakdown names its rows, as the dashboard does (placements/views/savings.py).
LABELS = {
    "year": lambda row: financial_year_label(row["financial_year"]),
    "strand": lambda row: row["lot__dps__strand__name"],
    "borough": lambda row: row["borough__name"],
    "lot": lambda row: row["lot__name"],
}


def accreditation_unit_cost() -> Decimal:
    """What one borough would spend accrediting one provider on its own (an assumption)."""
    return Decimal(str(getattr(settings, "REPORTS_ACCREDITATION_UNIT_COST", None) or "1250.00"))


@dataclass(frozen=True)
class AccreditationSaving:
    """One shared accreditation instead of one per borough: (boroughs - 1) x accreditations x
    the unit cost of one."""

    boroughs: int
    accreditations: int
    unit_cost: Decimal

    @property
    def avoided(self) -> Decimal:
        return max(self.boroughs - 1, 0) * self.accreditations * self.unit_cost


@dataclass(frozen=True)
class FeeRow:
    """The mean agreed weekly fee for one need and setting type, beside the consortium median."""

    need: str
    need_label: str
    setting_type: str
    setting_type_label: str
    placements: int
    mean_weekly: Decimal
    consortium_median: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.consortium_median is None:
            return None
        return self.mean_weekly - self.consortium_median


@dataclass
class SavingsFigures:
    totals: dict
    by: dict[str, list[dict]]
    accreditation: AccreditationSaving
    fees: list[FeeRow] = field(default_factory=list)
    on: date | None = None
    exceptions: list[dict] = field(default_factory=list)
    spend: list[dict] = field(default_factory=list)

    @property
    def spend_total(self) -> dict:
        return {
            key: sum((row[key] for row in self.spend), ZERO)
            for key in ("approved", "paid", "actual")
        } | {"invoices": sum(row["invoices"] for row in self.spend)}

    @property
    def exceptions_annual(self) -> Decimal:
        return sum((row["over_annual"] for row in self.exceptions), ZERO)


def above_ceiling(run: Any) -> list[dict]:
    """The period's placements agreed above their DPS ceiling: the exceptions that reduce the
    saving, with the provider's reason from its offer (placements.selectors.above_ceiling_placements
    is the dashboard's list of the same rows)."""
    rows = (
        scoped_placements(run)
        .filter(**date_filter(run, "starts_on"))
        .filter(ceiling_weekly__isnull=False, agreed_weekly__gt=F("ceiling_weekly"))
        .order_by("starts_on", "pk")
        .values(
            "pk",
            "borough__name",
            "setting__name",
            "agreed_weekly",
            "ceiling_weekly",
            "weeks_per_year",
            "offer__above_ceiling_reason",
        )
    )
    return [
        {
            "reference": f"PL-{row['pk']:06d}",
            "borough": row["borough__name"],
            "setting": row["setting__name"],
            "over_weekly": row["agreed_weekly"] - row["ceiling_weekly"],
            "over_annual": (row["agreed_weekly"] - row["ceiling_weekly"]) * row["weeks_per_year"],
            "reason": row["offer__above_ceiling_reason"] or "Not recorded",
        }
        for row in rows
    ]


def period_placements(run: Any, on: date) -> QuerySet[Placement]:
    """The scope's placements that started in the period, with their money annotated."""
    return (
        scoped_placements(run)
        .filter(**date_filter(run, "starts_on"))
        .annotate(**money_annotations(on))
    )


# The finest grouping every breakdown rolls up from: one scan of the placements, not five.
FINE = ("borough__name", "lot__dps__strand__name", "lot__name", "financial_year")


def fine_figures(placements: QuerySet[Placement]) -> list[dict]:
    """Count and money summed in SQL by borough, lot and financial year."""
    rows = placements.values(*FINE).annotate(
        placements=Count("pk"), **{key: Sum(key) for key in MONEY_FIGURES}
    )
    return list(rows.order_by())


def roll_up(fine: list[dict], groups: tuple[str, ...]) -> list[dict]:
    """The fine rows summed by `groups` (a grouping of `SAVINGS_GROUPS`), ordered by them, as
    the dashboard's GROUP BY orders them; exact, since the sums are Decimal."""
    totals: dict[tuple, dict] = {}
    for row in fine:
        key = tuple(row[name] for name in groups)
        total = totals.setdefault(
            key,
            {
                **dict(zip(groups, key, strict=True)),
                "placements": 0,
                **dict.fromkeys(MONEY_FIGURES, ZERO),
            },
        )
        total["placements"] += row["placements"]
        for name in MONEY_FIGURES:
            total[name] += row[name] or ZERO
    return [totals[key] for key in sorted(totals)]


def breakdown(fine: list[dict], by: str) -> list[dict]:
    """One of the dashboard's breakdowns, labelled as the dashboard labels it."""
    return [{**row, "label": LABELS[by](row)} for row in roll_up(fine, SAVINGS_GROUPS[by])]


def accreditation_saving(run: Any) -> AccreditationSaving:
    """Providers accredited in the period on the DPSs the scope buys through."""
    accreditations = Application.objects.filter(
        status=ApplicationStatus.ACCREDITED,
        **dps_filter(run),
        **datetime_filter(run, "decided_at"),
    ).count()
    return AccreditationSaving(
        boroughs=len(run.scope_borough_ids()),
        accreditations=accreditations,
        unit_cost=accreditation_unit_cost(),
    )


class Median(Aggregate):
    """PostgreSQL's median, rounded half up to the penny as `money.pence` rounds."""

    function = "PERCENTILE_CONT"
    template = (
        "ROUND(CAST(%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s) AS numeric), 2)"
    )
    output_field = DecimalField(max_digits=12, decimal_places=2)


def consortium_medians(run: Any) -> dict[tuple[str, str], Decimal]:
    """The median agreed weekly fee by need and setting type over every member borough's
    placements that started in the period (whatever the report's scope)."""
    placements = Placement.objects.filter(
        borough__consortium_id=run.consortium_id, **date_filter(run, "starts_on")
    )
    if is_postgres():
        rows = placements.values(*FEE_GROUP).annotate(median=Median("agreed_weekly"))
        return {(row[FEE_GROUP[0]], row[FEE_GROUP[1]]): row["median"] for row in rows}
    # Elsewhere (SQLite in development and tests): stream the fees, one group at a time.
    fees: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for need, kind, fee in placements.values_list(*FEE_GROUP, "agreed_weekly").iterator():
        fees[(need, kind)].append(fee)
    return {key: pence(median(values)) for key, values in fees.items()}


def fee_rows(run: Any) -> list[FeeRow]:
    placements = scoped_placements(run).filter(**date_filter(run, "starts_on"))
    rows = placements.values(*FEE_GROUP).annotate(
        placements=Count("pk"), total=Sum("agreed_weekly")
    )
    medians = consortium_medians(run)
    return [
        FeeRow(
            need=row[FEE_GROUP[0]],
            need_label=need_label(row[FEE_GROUP[0]]),
            setting_type=row[FEE_GROUP[1]],
            setting_type_label=setting_type_label(row[FEE_GROUP[1]], missing="Not recorded"),
            placements=row["placements"],
            mean_weekly=pence(row["total"] / row["placements"]),
            consortium_median=medians.get((row[FEE_GROUP[0]], row[FEE_GROUP[1]])),
        )
        for row in rows.order_by(*FEE_GROUP)
    ]


def actual_spend(run: Any) -> list[dict]:
    """By borough: providers' invoices for periods starting within the run's period, approved
    (to be paid) or paid, as the savings dashboard's actual spend counts them."""
    invoices = Invoice.objects.current().filter(
        placement__borough_id__in=run.scope_borough_ids(),
        status__in=(InvoiceStatus.APPROVED, InvoiceStatus.PAID),
        **date_filter(run, "period_start"),
    )
    if run.scope == SCOPE_STRAND and run.strand_id:
        invoices = invoices.filter(placement__lot__dps__strand_id=run.strand_id)
    rows = (
        invoices.values("placement__borough__name")
        .annotate(
            invoices=Count("pk"),
            approved=Sum("total", filter=Q(status=InvoiceStatus.APPROVED)),
            paid=Sum("total", filter=Q(status=InvoiceStatus.PAID)),
        )
        .order_by("placement__borough__name")
    )
    return [
        {
            "label": row["placement__borough__name"],
            "invoices": row["invoices"],
            "approved": row["approved"] or ZERO,
            "paid": row["paid"] or ZERO,
            "actual": (row["approved"] or ZERO) + (row["paid"] or ZERO),
        }
        for row in rows
    ]


def savings_figures(run: Any, progress=None) -> SavingsFigures:
    """Every figure the savings summary shows, for the run's scope and period."""
    step = progress or (lambda percent, message: None)
    on = produced_on(run)
    step(10, "Totalling savings")
    fine = fine_figures(period_placements(run, on))
    (totals,) = roll_up(fine, ()) or [{"placements": 0, **dict.fromkeys(MONEY_FIGURES, ZERO)}]
    step(40, "Totalling savings by year, strand, borough and lot")
    by = {name: breakdown(fine, name) for name in LABELS}
    step(60, "Comparing weekly fees with the consortium median")
    return SavingsFigures(
        totals=totals,
        by=by,
        accreditation=accreditation_saving(run),
        fees=fee_rows(run),
        on=on,
        exceptions=above_ceiling(run),
        spend=actual_spend(run),
    )
