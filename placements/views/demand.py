"""The demand dashboard: EHC plans, children and placements, distances, time to award, phase
transfers.

DfE's published EHC plan figures sit beside the portal's own: children recorded, active
placements by need, type of setting and borough, the share placed in the child's own borough,
distance from home, requests each month and the phase transfers coming. Every portal figure is
scoped to what the user may see and totalled in SQL (placements.demand).
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from .. import demand
from .base import StaffPageMixin


class DemandView(StaffPageMixin, TemplateView):
    """Council staff only; a fixed number of queries whatever the number of rows."""

    template_name = "placements/dashboards/demand.html"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, timezone.localdate()
        context = super().get_context_data(**kwargs)
        need_year, needs = demand.ehcp_needs(actor=actor)
        months = demand.requests_by_month(actor=actor, today=today)
        median_days, awards = demand.median_days_to_award(actor=actor, today=today)
        context.update(
            ehcp=demand.ehcp_series(actor=actor),
            need_year=need_year,
            ehcp_needs=needs,
            placed=demand.placement_totals(actor=actor),
            children_by_need=demand.children_by_need(actor=actor),
            by_setting_type=demand.placements_by_setting_type(actor=actor),
            by_borough=demand.placements_by_borough(actor=actor),
            months=months,
            opened_in_year=sum(month["opened"] for month in months),
            median_days=median_days,
            awards=awards,
            transfers=demand.phase_transfers_due(actor=actor, today=today),
            sees_consortium=actor.sees_whole_consortium,
        )
        return context


urlpatterns = [path("demand/", DemandView.as_view(), name="demand")]
