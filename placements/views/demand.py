"""The demand dashboard: EHC plans, children and placements, distances, time to award, phase
transfers.

DfE's published EHC plan figures sit beside the portal's own: children recorded, active
placements by need, type of setting and borough, the share placed in the child's own borough,
distance from home, requests each month and the phase transfers coming. Every portal figure is
scoped to what the user may see and totalled in SQL (placements.demand). A period (a financial or
academic year; by default the last 12 months) sets the months of the request figures; the other
figures are as they stand today. Each table downloads as CSV.
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from boroughs.tables import DownloadableTablesMixin, Table

from .. import demand
from ..charts import bar_chart
from ..periods import LAST_12_MONTHS, PeriodForm
from .base import StaffPageMixin

PLACED_COLUMNS = (
    "Active placements",
    "Placed in the child's own borough",
    "Share (%)",
    "Average distance from home (km)",
)


class DemandView(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    """Council staff only; a fixed number of queries whatever the number of rows."""

    template_name = "placements/dashboards/demand.html"
    download_prefix = "demand"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, timezone.localdate()
        form = PeriodForm(self.request.GET or None, today=today, default=LAST_12_MONTHS)
        period = form.chosen()
        months = period.months(today)
        need_year, needs = demand.ehcp_needs(actor=actor)
        by_month = demand.requests_by_month(actor=actor, months=months)
        median_days, awards = demand.median_days_to_award(actor=actor, months=months)
        context = {
            "period_form": form,
            "period": period,
            "ehcp": demand.ehcp_series(actor=actor),
            "need_year": need_year,
            "ehcp_needs": needs,
            "placed": demand.placement_totals(actor=actor),
            "children_by_need": demand.children_by_need(actor=actor),
            "by_setting_type": demand.placements_by_setting_type(actor=actor),
            "by_borough": demand.placements_by_borough(actor=actor),
            "months": by_month,
            "opened_in_period": sum(month["opened"] for month in by_month),
            "median_days": median_days,
            "awards": awards,
            "transfers": demand.phase_transfers_due(actor=actor, today=today),
            "sees_consortium": actor.sees_whole_consortium,
        }
        context["trend"] = bar_chart(
            [(row["month"].strftime("%B %Y"), row["opened"]) for row in by_month],
            title=f"Requests sent to providers each month, {period.label}",
            description=", ".join(f"{row['month']:%B %Y}: {row['opened']}" for row in by_month),
        )
        return super().get_context_data(**kwargs, **context)

    def tables(self, context: dict) -> list[Table]:
        ehcp, period = context["ehcp"], context["period"]
        latest = [row for row in ehcp.rows if row.kind != "strand"]
        return [
            Table(
                name="ehc-plans",
                title="EHC plans, January each year",
                columns=("Area", *ehcp.years),
                rows=[(row.name, *row.totals) for row in ehcp.rows],
            ),
            Table(
                name="ehc-plans-independent",
                title=f"EHC plans in independent and non-maintained special schools, January {ehcp.latest_year}",
                columns=(
                    "Area",
                    "EHC plans",
                    "In independent special schools",
                    "In non-maintained special schools",
                    "Share of all plans (%)",
                ),
                rows=[
                    (
                        row.name,
                        row.latest.get("total"),
                        row.latest.get("in_independent_special"),
                        row.latest.get("in_non_maintained_special"),
                        row.latest.get("independent_share"),
                    )
                    for row in latest
                ],
            ),
            Table(
                name="ehc-plans-by-need",
                title=f"EHC plans by primary need, January {context['need_year']}",
                columns=("Primary need", "EHC plans", "Share (%)", "Share in England (%)"),
                rows=[
                    (row.label, row.plans, row.share, row.england_share)
                    for row in context["ehcp_needs"]
                ],
            ),
            Table(
                name="children-by-need",
                title="Children and active placements by primary need",
                columns=("Primary need", "Children recorded", "With an active placement"),
                rows=[
                    (row["label"], row["children"], row["placed"])
                    for row in context["children_by_need"]
                ],
            ),
            Table(
                name="by-setting-type",
                title="Active placements by type of setting",
                columns=("Type of setting", *PLACED_COLUMNS),
                rows=[(row["label"], *placed(row)) for row in context["by_setting_type"]],
            ),
            Table(
                name="by-borough",
                title="Children and active placements by borough",
                columns=("Borough", "Children recorded", *PLACED_COLUMNS),
                rows=[
                    (row.get("label") or row.get("borough"), row["children"], *placed(row))
                    for row in context["by_borough"]
                ],
            ),
            Table(
                name="requests-by-month",
                title=f"Requests each month, {period.label}",
                columns=("Month", "Sent to providers", "Awarded"),
                rows=[
                    (row["month"].strftime("%Y-%m"), row["opened"], row["awarded"])
                    for row in context["months"]
                ],
            ),
            Table(
                name="phase-transfers",
                title="Phase transfers due, by borough",
                columns=(
                    "Borough",
                    "Year 6 to Year 7",
                    "Of whom, with a request",
                    "Year 11 to post-16",
                    "Of whom, with a request",
                ),
                rows=[
                    (
                        row["borough__name"],
                        row["y6"],
                        row["y6_requested"],
                        row["y11"],
                        row["y11_requested"],
                    )
                    for row in context["transfers"]["boroughs"]
                ],
            ),
        ]


def placed(row: dict) -> tuple:
    km = row.get("average_km")
    return (
        row["placements"],
        row["in_borough"],
        row["in_borough_share"],
        None if km is None else round(km, 1),
    )


urlpatterns = [path("demand/", DemandView.as_view(), name="demand")]
