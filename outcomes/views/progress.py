"""A child's progress in a placement: a chart and a table per domain, the flags, and the panel
on the placement's page (council and provider versions alike).

Council staff of the placing borough and the provider's users see it; everyone else gets the
same 404 as for a missing placement (placements.access). Providers see the placement reference
and school year, never who the child is.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.views.generic import TemplateView

from placements.access import access_placement, is_borough_staff, is_provider_user
from placements.models import Placement

from ..charts.progress import line_chart
from ..selectors.progress import DomainTimeline, placement_progress
from .returns import OutcomesPageMixin, placement_url

PANEL_TEMPLATE = "outcomes/progress/_placement_panel.html"
PANEL_RETURNS = 3  # the latest few; the progress page has them all


def term_label(term) -> str:
    """A term short enough for a chart's axis: "Aut 2024"."""
    return f"{term.get_name_display()[:3]} {term.starts_on.year}"


def domain_chart(timeline: DomainTimeline):
    values = [("Baseline", timeline.baseline_mean)] + [
        (term_label(point.term), point.mean_score) for point in timeline.points
    ]
    shown = "; ".join(f"{label}: {value}" for label, value in values)
    count = len(timeline.targets)
    return line_chart(
        values,
        low=timeline.low,
        high=timeline.high,
        target=timeline.target_mean,
        title=f"{timeline.domain.name}: mean score by term",
        description=(
            f"Mean score of {count} target{'s' if count != 1 else ''} on a scale of "
            f"{timeline.low} to {timeline.high}, target {timeline.target_mean}. {shown}."
        ),
    )


class ProgressView(OutcomesPageMixin, TemplateView):
    template_name = "outcomes/progress/progress.html"

    def load(self, public_id) -> None:
        self.placement = access_placement(self.request.user, public_id, what="progress")

    def get_context_data(self, **kwargs):
        placement = self.placement
        progress = placement_progress(placement=placement)
        domains = [
            {"timeline": timeline, "chart": domain_chart(timeline), "id": f"domain-{index}"}
            for index, timeline in enumerate(progress.domains)
        ]
        return super().get_context_data(
            placement=placement,
            progress=progress,
            domains=domains,
            for_provider=self.for_provider,
            placement_url=placement_url(placement, for_provider=self.for_provider),
            targets_url=reverse("outcomes:target_list", args=[placement.public_id]),
            **kwargs,
        )


def progress_panel(request, placement: Placement) -> dict | None:
    """The placement page's outcomes panel: targets, flags, the latest returns, and links.

    Three queries however many targets and returns (placement_progress)."""
    user = request.user
    for_provider = is_provider_user(user)
    if not (for_provider or is_borough_staff(user)):
        return None
    progress = placement_progress(placement=placement)
    return {
        "template": PANEL_TEMPLATE,
        "for_provider": for_provider,
        "targets": progress.targets,
        "flags": progress.flags,
        "returns": progress.returns[:PANEL_RETURNS],
        "progress_url": reverse("outcomes:progress", kwargs={"public_id": placement.public_id}),
        "targets_url": reverse("outcomes:target_list", args=[placement.public_id]),
    }


PLACEMENT_PANELS = (progress_panel,)

urlpatterns = [
    path("placements/<uuid:public_id>/progress/", ProgressView.as_view(), name="progress"),
]
