"""The savings dashboard: totals by consortium, strand, borough, lot and year.

Every figure comes from `selectors.savings_totals`, the same SQL the placement list, the API and
the CSV use, so the page reconciles with them to the penny. It is scoped like them: borough staff
see their own borough's placements, consortium-wide roles every member's.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from .. import selectors
from ..charts import bar_chart
from ..money import financial_year_label
from ..templatetags.money import pounds
from .base import StaffPageMixin

# How each breakdown names its rows (the group keys of selectors.SAVINGS_GROUPS).
LABELS = {
    "strand": lambda row: row["lot__dps__strand__name"],
    "borough": lambda row: row["borough__name"],
    "lot": lambda row: row["lot__name"],
    "year": lambda row: financial_year_label(row["financial_year"]),
}


class SavingsView(StaffPageMixin, TemplateView):
    """Headline figures, a chart of saving by financial year, and the tables behind them."""

    template_name = "placements/dashboards/savings.html"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, timezone.localdate()
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.savings_totals(actor=actor, on=today)[0]
        for by, label in LABELS.items():
            rows = selectors.savings_totals(actor=actor, by=by, on=today)
            context[f"by_{by}"] = [{**row, "label": label(row)} for row in rows]
        context["chart"] = bar_chart(
            [(row["label"], row["saving_vs_ceiling"]) for row in context["by_year"]],
            title="Annual saving against DPS ceiling rates, by financial year",
            description=", ".join(
                f"{row['label']}: {pounds(row['saving_vs_ceiling'])}" for row in context["by_year"]
            ),
            format_value=pounds,
        )
        context["sees_consortium"] = actor.sees_whole_consortium
        exceptions = list(selectors.above_ceiling_placements(actor=actor).filter(status="active"))
        context["exceptions"] = exceptions
        context["exceptions_annual"] = sum((row.over_annual for row in exceptions), Decimal(0))
        return context


urlpatterns = [path("savings/", SavingsView.as_view(), name="savings")]
