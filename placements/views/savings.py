"""The savings dashboard: totals by consortium, strand, borough, lot, year and month.

Every figure comes from `selectors.savings_totals`, the same SQL the placement list, the API and
the CSV use, so the page reconciles with them to the penny. It is scoped like them: borough staff
see their own borough's placements, consortium-wide roles every member's. A period (a financial
or academic year) narrows it to the placements that started in it; each table downloads as CSV
with the same period.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from boroughs.tables import DownloadableTablesMixin, Table

from .. import selectors
from ..charts import bar_chart
from ..exports import plain
from ..money import financial_year_label
from ..periods import ALL_YEARS, LAST_12_MONTHS, PeriodForm
from ..spend import beside_committed, spend_totals
from ..templatetags.money import pounds
from .base import StaffPageMixin

# How each breakdown names its rows (the group keys of selectors.SAVINGS_GROUPS).
LABELS = {
    "strand": lambda row: row["lot__dps__strand__name"],
    "borough": lambda row: row["borough__name"],
    "lot": lambda row: row["lot__name"],
    "year": lambda row: financial_year_label(row["financial_year"]),
}
BREAKDOWNS = {"year": "Financial year", "strand": "Strand", "borough": "Borough", "lot": "Lot"}
FIGURE_COLUMNS = (
    "Placements",
    "Committed annual cost",
    "Annual saving vs DPS ceiling",
    "Annual saving vs spot price",
)


class SavingsView(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    """Headline figures, a chart of saving by financial year and by month, and the tables behind
    them, for a period the user picks."""

    template_name = "placements/dashboards/savings.html"
    download_prefix = "savings"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, timezone.localdate()
        form = PeriodForm(self.request.GET or None, today=today, default=ALL_YEARS)
        period = form.chosen()
        scoped = {"actor": actor, "on": today, "period": None if period.is_default else period}
        context = {"period_form": form, "period": period}
        context["totals"] = selectors.savings_totals(**scoped)[0]
        for by, label in LABELS.items():
            rows = selectors.savings_totals(**scoped, by=by)
            context[f"by_{by}"] = [{**row, "label": label(row)} for row in rows]
        context["chart"] = bar_chart(
            [(row["label"], row["saving_vs_ceiling"]) for row in context["by_year"]],
            title="Annual saving against DPS ceiling rates, by financial year",
            description=", ".join(
                f"{row['label']}: {pounds(row['saving_vs_ceiling'])}" for row in context["by_year"]
            ),
            format_value=pounds,
        )
        context["months"] = monthly(selectors.savings_totals(**scoped, by="month"), period, today)
        context["months_label"] = LAST_12_MONTHS.label if period.is_default else period.label
        context["trend"] = bar_chart(
            [(row["label"], row["saving_vs_ceiling"]) for row in context["months"]],
            title="Annual saving against DPS ceiling rates, by the month placements started, "
            + context["months_label"],
            description=", ".join(
                f"{row['label']}: {pounds(row['saving_vs_ceiling'])}" for row in context["months"]
            ),
            format_value=pounds,
        )
        context["sees_consortium"] = actor.sees_whole_consortium
        spend_period = None if period.is_default else period
        for by in ("year", "borough", "lot"):
            spend = spend_totals(actor=actor, by=by, period=spend_period)
            context[f"spend_by_{by}"] = beside_committed(context[f"by_{by}"], spend)
        context["spend"] = {
            key: sum((row[key] for row in context["spend_by_year"]), Decimal(0))
            for key in ("approved", "paid", "actual")
        }
        exceptions = selectors.above_ceiling_placements(actor=actor).filter(status="active")
        if not period.is_default:
            exceptions = exceptions.filter(**selectors.started_in(period))
        context["exceptions"] = exceptions = list(exceptions)
        context["exceptions_annual"] = sum((row.over_annual for row in exceptions), Decimal(0))
        return super().get_context_data(**kwargs, **context)

    def tables(self, context: dict) -> list[Table]:
        tables = [
            Table(
                name=f"by-{by}",
                title=f"Savings by {heading.lower()}, {context['period'].label}",
                columns=(heading, *FIGURE_COLUMNS),
                rows=[(row["label"], *figures(row)) for row in context[f"by_{by}"]],
            )
            for by, heading in BREAKDOWNS.items()
        ]
        tables.append(
            Table(
                name="by-month",
                title=f"Savings by the month placements started, {context['months_label']}",
                columns=("Month", *FIGURE_COLUMNS),
                rows=[(row["month"].strftime("%Y-%m"), *figures(row)) for row in context["months"]],
            )
        )
        tables += [
            Table(
                name=f"spend-by-{by}",
                title=f"Actual spend beside committed, by {SPEND_BREAKDOWNS[by].lower()}",
                columns=(SPEND_BREAKDOWNS[by], *SPEND_COLUMNS),
                rows=[(row["label"], *spend_figures(row)) for row in context[f"spend_by_{by}"]],
            )
            for by in SPEND_BREAKDOWNS
        ]
        tables.append(
            Table(
                name="above-ceiling",
                title=f"Placements above the DPS ceiling, {context['period'].label}",
                columns=(
                    "Placement reference",
                    "Borough",
                    "Setting",
                    "Over a week",
                    "Over a year",
                    "Provider's reason",
                ),
                rows=[
                    (
                        row.reference,
                        row.borough.name,
                        row.setting.name,
                        plain(row.over_weekly),
                        plain(row.over_annual),
                        row.offer.above_ceiling_reason if row.offer else "",
                    )
                    for row in context["exceptions"]
                ],
            )
        )
        return tables


SPEND_BREAKDOWNS = {"year": "Financial year", "borough": "Borough", "lot": "Lot"}
SPEND_COLUMNS = ("Committed annual cost", "Approved, to be paid", "Paid", "Actual spend")


def spend_figures(row: dict) -> tuple:
    return tuple(plain(row[key]) for key in ("committed_annual", "approved", "paid", "actual"))


def figures(row: dict) -> tuple:
    return (
        row["placements"],
        plain(row["committed_annual"]),
        plain(row["saving_vs_ceiling"]),
        plain(row["saving_vs_spot"]),
    )


def monthly(rows: list[dict], period, today) -> list[dict]:
    """Every month of the period (months with no placement started show zeros), labelled."""
    found = {row["month"]: row for row in rows}
    zero = Decimal("0.00")
    empty = dict.fromkeys(("committed_annual", "saving_vs_ceiling", "saving_vs_spot"), zero)
    return [
        {
            "placements": 0,
            **empty,
            **found.get(month, {}),
            "month": month,
            "label": month.strftime("%B %Y"),
        }
        for month in period.months(today)
    ]


urlpatterns = [path("savings/", SavingsView.as_view(), name="savings")]
