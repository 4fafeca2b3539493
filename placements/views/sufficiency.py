"""The sufficiency view: unmet and late-met demand by need, age, lot and home district, the
reasons given, the time from request to award and the phase transfers coming
(placements.sufficiency). The tables are what a sufficiency statement needs; each downloads as
CSV. Council staff only, scoped like every figure."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from boroughs.tables import DownloadableTablesMixin, Table

from .. import demand
from ..periods import LAST_12_MONTHS, PeriodForm
from ..sufficiency import BREAKDOWNS, OUTCOMES, Line, sufficiency
from .base import StaffPageMixin

LINE_COLUMNS = (*OUTCOMES.values(), "Unmet or late (%)", "Median days to award")


def line_cells(line: Line) -> tuple:
    return (
        line.requests,
        *line.cells,
        line.unmet_share,
        line.median_days,
    )


class SufficiencyView(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    template_name = "placements/dashboards/sufficiency.html"
    download_prefix = "sufficiency"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, timezone.localdate()
        form = PeriodForm(self.request.GET or None, today=today, default=LAST_12_MONTHS)
        period = form.chosen()
        figures = sufficiency(actor=actor, period=period, today=today)
        context = {
            "period_form": form,
            "period": period,
            "figures": figures,
            "outcomes": OUTCOMES,
            "total_rows": list(zip(OUTCOMES.values(), figures.total.cells, strict=True)),
            "sections": [
                (name, heading, figures.breakdowns[name])
                for name, (heading, _) in BREAKDOWNS.items()
            ],
            "transfers": demand.phase_transfers_due(actor=actor, today=today),
        }
        return super().get_context_data(**kwargs, **context)

    def tables(self, context: dict) -> list[Table]:
        label = context["period"].label
        tables = [
            Table(
                name=f"by-{name}",
                title=f"Requests sent in the {label}, by {heading.lower()}",
                columns=(heading, "Requests", *LINE_COLUMNS),
                rows=[(line.label, *line_cells(line)) for line in lines],
            )
            for name, heading, lines in context["sections"]
        ]
        tables.append(
            Table(
                name="reasons",
                title=f"Reasons, requests sent in the {label}",
                columns=("Reason", "Requests closed as none suitable", "Invitations declined"),
                rows=[(r["label"], r["unmet"], r["declined"]) for r in context["figures"].reasons],
            )
        )
        return tables


urlpatterns = [path("sufficiency/", SufficiencyView.as_view(), name="sufficiency")]
