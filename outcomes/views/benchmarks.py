"""Benchmarking pages: the consortium's benchmarks, strong providers for a need, a provider's own
benchmark against the anonymised distribution, post-16 costs and transitions.

Council staff see consortium-wide benchmarks (the borough filter narrows them to one borough's
placements). A provider sees only its own rows beside the consortium's distribution, never
another provider's name or figures: its own page is `provider_benchmark`; the same view for a
named provider (`provider_benchmark_detail`) is for council staff, and another provider's is a
404 (providers.access.access_provider).
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.views.generic import TemplateView

from boroughs.models import Consortium
from boroughs.tables import DownloadableTablesMixin
from kernel.navigation import NavItem
from kernel.pages import PageMixin
from kernel.pagination import paginate
from placements.access import is_borough_staff, is_provider_user
from placements.charts import bar_chart
from placements.templatetags.money import pounds
from providers.access import access_provider
from providers.models import provider_id_for

from ..charts.benchmarks import IntervalItem, benchmark_items, interval_chart
from ..forms.benchmarks import BenchmarkFilterForm, NeedForm, ScopeForm
from ..selectors.benchmark_stats import DISTRIBUTION_MIN_GROUPS, MIN_CHILDREN_TO_RANK
from ..selectors.benchmarks import (
    benchmark_table,
    provider_benchmark,
    provider_consortia,
    strong_providers,
)
from ..selectors.post16 import post16_costs
from ..selectors.transitions import transitions_summary
from . import benchmark_tables

SHRINKAGE_EXPLAINED = (
    "Small samples can mislead, so each group's average progress a term is shown as a shrunken "
    "estimate: pulled toward the consortium average for the need, strongly when few children's "
    "returns stand behind it and hardly at all when many do."
)
RANKING_EXPLAINED = (
    "Groups are ranked within each primary need on the least progress a term they are likely "
    "to make: the shrunken estimate less 1.645 times its standard error, so there is a 95% "
    "chance the group does at least this well. The fewer children behind a figure, the less "
    "sure it is, so a handful of children cannot outrank many unless their results are clearly "
    "better. Each group's standard error uses the spread of its own children's results, pulled "
    "toward the spread across the need, so a few children who happen to score alike are not "
    f"taken as certain. Groups with fewer than {MIN_CHILDREN_TO_RANK} children are shown but "
    "not ranked."
)
TOO_FEW_TO_RANK = "Too few children to rank"
CHART_DESCRIPTION = (
    "For each group, a dot at the shrunken estimate of progress a term, a line across the 95% "
    "interval of its average and a short mark at the average itself; the vertical line is no "
    "progress. The table has the same figures."
)

NAV = (
    NavItem("Benchmarks", "outcomes:benchmarks", is_borough_staff, 32, "Figures"),
    NavItem("Our benchmark", "outcomes:provider_benchmark", is_provider_user, 22, "Outcomes"),
)


def group_label(row: dict) -> str:
    """What a benchmark row is, in a few words, for the chart (the table has each part)."""
    name = row.get("setting_name") or row.get("provider_name") or row.get("lot_name") or ""
    return f"{name} ({row['need']})" if name else row["need_label"]


class StaffPageMixin(PageMixin):
    """Council staff only (403 for providers)."""

    def allows(self, user) -> bool:
        return is_borough_staff(user)


class ProviderPageMixin(PageMixin):
    """A provider organisation's own users only."""

    def allows(self, user) -> bool:
        return is_provider_user(user)


class BenchmarksView(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    """The consortium's benchmarks: a row per group, 25 a page, with the page's chart; the CSV
    has every row of the filter."""

    template_name = "outcomes/benchmarks/benchmarks.html"
    download_prefix = "benchmarks"

    def tables(self, context):
        return [benchmark_tables.benchmarks_table(context["all_rows"])]

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = BenchmarkFilterForm(self.request.GET or None, user=user)
        filters = form.filters()
        rows = benchmark_table(consortium_id=user.consortium_id, **filters)
        page = paginate(self.request, rows)
        query = self.request.GET.copy()
        query.pop("page", None)
        chart = interval_chart(
            benchmark_items(page.object_list, label=group_label),
            title="Shrunken estimates of progress a term, with 95% intervals",
            description=CHART_DESCRIPTION,
        )
        return super().get_context_data(
            form=form,
            by=filters["by"],
            page_obj=page,
            all_rows=rows,
            rows=page.object_list,
            chart=chart,
            query=query.urlencode(),
            explained=SHRINKAGE_EXPLAINED,
            ranking=RANKING_EXPLAINED,
            too_few=TOO_FEW_TO_RANK,
            **kwargs,
        )


class StrongProvidersView(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    """Settings for one need, ranked on their lower credible bound, with how many children."""

    template_name = "outcomes/benchmarks/strong_providers.html"
    download_prefix = "benchmarks"

    def tables(self, context):
        return [benchmark_tables.strong_providers_table(context["rows"])] if context["rows"] else []

    def get_context_data(self, **kwargs):
        form = NeedForm(self.request.GET or None)
        rows, chart = [], None
        if form.is_bound and form.is_valid():
            rows = strong_providers(
                consortium_id=self.request.user.consortium_id, need=form.cleaned_data["need"]
            )
            chart = interval_chart(
                benchmark_items(rows[:25], label=lambda row: row["setting_name"]),
                title="Settings for this need in rank order: shrunken estimates with 95% intervals",
                description=CHART_DESCRIPTION,
            )
        return super().get_context_data(
            form=form,
            rows=rows,
            chart=chart,
            explained=SHRINKAGE_EXPLAINED,
            ranking=RANKING_EXPLAINED,
            too_few=TOO_FEW_TO_RANK,
            **kwargs,
        )


def provider_sections(user, provider_id: int, consortium_ids: list[int]) -> list[dict]:
    """A provider's benchmark in each consortium it has placements in, with its chart."""
    consortia = Consortium.objects.for_user(user).filter(pk__in=consortium_ids)
    names = dict(consortia.values_list("pk", "name"))
    sections = []
    for consortium_id in consortium_ids:
        mine = provider_benchmark(consortium_id=consortium_id, provider_id=provider_id)
        spread = {entry["need"]: entry for entry in mine["distribution"]}
        items = [
            IntervalItem(
                label=f"{row['setting_name']} ({row['need']})",
                estimate=row["shrunk"],
                mean=row["mean_progress"],
                lower=row["lower"],
                upper=row["upper"],
                band=_band(spread[row["need"]]["shrunk"]),
            )
            for row in mine["rows"]
            if row["shrunk"] is not None
        ]
        chart = interval_chart(
            items,
            title="Your settings' shrunken estimates against the consortium's middle half",
            description="For each of your settings and needs, a dot at the shrunken estimate "
            "of progress a term and a line across its 95% interval; the shaded band is the "
            "middle half of all the consortium's settings for the need (where there are "
            f"{DISTRIBUTION_MIN_GROUPS} or more), with a line at their median. The tables "
            "have the same figures.",
        )
        sections.append({"consortium": names.get(consortium_id, ""), **mine, "chart": chart})
    return sections


def _band(quartiles: dict | None):
    if quartiles is None:
        return None
    return (quartiles["q1"], quartiles["median"], quartiles["q3"])


class ProviderBenchmarkTables(DownloadableTablesMixin):
    """A provider benchmark page's tables as CSV: each section's settings and distribution."""

    download_prefix = "benchmark"

    def tables(self, context):
        return benchmark_tables.provider_tables(context["sections"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        downloads = context.get("downloads", {})
        for number, section in enumerate(context["sections"], start=1):
            suffix = "" if number == 1 else f"_{number}"
            section["download_settings"] = downloads.get(f"settings{suffix}")
            section["download_distribution"] = downloads.get(f"distribution{suffix}")
        return context


class ProviderBenchmarkView(ProviderPageMixin, ProviderBenchmarkTables, TemplateView):
    """A provider's own benchmark: its rows and the anonymised distribution (providers only)."""

    template_name = "outcomes/benchmarks/provider_benchmark.html"

    def get_context_data(self, **kwargs):
        provider_id = provider_id_for(self.request.user)
        return super().get_context_data(
            sections=provider_sections(
                self.request.user, provider_id, provider_consortia(provider_id)
            ),
            explained=SHRINKAGE_EXPLAINED,
            ranking=RANKING_EXPLAINED,
            minimum=DISTRIBUTION_MIN_GROUPS,
            **kwargs,
        )


class ProviderBenchmarkDetailView(LoginRequiredMixin, ProviderBenchmarkTables, TemplateView):
    """One provider's benchmark as council staff see it; its own users may open theirs too.

    Another provider's id is a 404, the same as a missing one (access_provider).
    """

    template_name = "outcomes/benchmarks/provider_benchmark.html"

    def get_context_data(self, public_id, **kwargs):
        user = self.request.user
        provider = access_provider(user, public_id)
        consortia = (
            [user.consortium_id] if is_borough_staff(user) else provider_consortia(provider.pk)
        )
        return super().get_context_data(
            provider=provider,
            sections=provider_sections(user, provider.pk, consortia),
            explained=SHRINKAGE_EXPLAINED,
            ranking=RANKING_EXPLAINED,
            minimum=DISTRIBUTION_MIN_GROUPS,
            **kwargs,
        )


class Post16View(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    """Post-16 placement costs by provider and need, for the post-16 cost review."""

    template_name = "outcomes/benchmarks/post16.html"
    download_prefix = "post-16"

    def tables(self, context):
        return benchmark_tables.post16_tables(context)

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = ScopeForm(self.request.GET or None, user=user)
        rows = post16_costs(consortium_id=user.consortium_id, borough_ids=form.borough_ids())
        medians = {row["need_label"]: row["consortium_median_weekly"] for row in rows}
        chart = bar_chart(
            sorted(medians.items()),
            title="Median weekly fee of post-16 placements, by primary need",
            description="One bar per need: the median weekly fee of active placements of young "
            "people in Year 12 or above. The table beside it has the same figures.",
            format_value=pounds,
        )
        return super().get_context_data(
            form=form, rows=rows, medians=sorted(medians.items()), chart=chart, **kwargs
        )


class TransitionsView(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    """Phase transfers due and Preparing for Adulthood pathways, by borough."""

    template_name = "outcomes/benchmarks/transitions.html"
    download_prefix = "transitions"

    def tables(self, context):
        return benchmark_tables.transitions_tables(context)

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = ScopeForm(self.request.GET or None, user=user)
        summary = transitions_summary(
            consortium_id=user.consortium_id, borough_ids=form.borough_ids()
        )
        totals = [
            (label, summary["totals"]["pathways"][code]) for code, label in summary["pathways"]
        ]
        chart = bar_chart(
            [(label, value) for label, value in totals],
            title="Young people from Year 9 by Preparing for Adulthood pathway",
            description="One bar per pathway, from each young person's latest accepted "
            "termly return. The table beside it has the same figures.",
        )
        return super().get_context_data(
            form=form, summary=summary, totals=totals, chart=chart, **kwargs
        )


urlpatterns = [
    path("benchmarks/", BenchmarksView.as_view(), name="benchmarks"),
    path("benchmarks/strong/", StrongProvidersView.as_view(), name="strong_providers"),
    path("benchmarks/ours/", ProviderBenchmarkView.as_view(), name="provider_benchmark"),
    path(
        "benchmarks/providers/<uuid:public_id>/",
        ProviderBenchmarkDetailView.as_view(),
        name="provider_benchmark_detail",
    ),
    path("post-16/", Post16View.as_view(), name="post16"),
    path("transitions/", TransitionsView.as_view(), name="transitions"),
]
