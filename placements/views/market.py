"""The market view: each provider group's share of the consortium's placements and spend, how
concentrated the market is, how that moved on the year before, and the groups whose settings
Ofsted found wanting (placements.market, ADR 18).

Council staff of the consortium see its aggregates; the breakdown by borough shows a borough's
staff their own borough only, consortium-wide roles every member. Providers get 403.
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from boroughs.tables import DownloadableTablesMixin, Table

from ..charts import bar_chart
from ..exports import plain
from ..forms.market import MarketForm, lot_label
from ..market import MarketFilter, by_dimension, concerns, market_lines, market_view
from ..money import financial_year_label
from .base import StaffPageMixin

SHARE_COLUMNS = (
    "Placements",
    "Spend (£)",
    "Groups",
    "HHI (spend)",
    "Top five's share of spend (%)",
)
TOP_IN_CHART = 10


def yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")


class MarketView(StaffPageMixin, DownloadableTablesMixin, TemplateView):
    template_name = "placements/dashboards/market.html"
    download_prefix = "market"

    def get_context_data(self, **kwargs):
        actor, today = self.request.user, timezone.localdate()
        form = MarketForm(self.request.GET or None, actor=actor, today=today)
        chosen = form.chosen()
        wide = actor.sees_whole_consortium
        borough = chosen["borough"] if wide else None
        where = MarketFilter(
            consortium_id=actor.consortium_id,
            start_year=chosen["year"],
            strand_id=chosen["strand"].pk if chosen["strand"] else None,
            lot_id=chosen["lot"].pk if chosen["lot"] else None,
            borough_id=borough.pk if borough else None,
        )
        lines = market_lines(where, today)
        market = market_view(where, today, lines)
        lots = form.fields["lot"].queryset
        if chosen["strand"]:
            lots = lots.filter(dps__strand=chosen["strand"])
        boroughs = form.fields["borough"].queryset if wide else [actor.borough]
        if borough:
            boroughs = [borough]
        context = {
            "form": form,
            "wide": wide,
            "year_label": financial_year_label(chosen["year"]),
            "previous_label": financial_year_label(chosen["year"] - 1),
            "market": market,
            "by_lot": by_dimension(lines, "lot", [(lot.pk, lot_label(lot)) for lot in lots]),
            "by_borough": by_dimension(lines, "borough", [(b.pk, b.name) for b in boroughs]),
            "concerns": concerns(where, today),
        }
        top = market.shares[:TOP_IN_CHART]
        context["chart"] = bar_chart(
            [(share.name, share.spend_share) for share in top],
            title=f"Share of spend by group, {context['year_label']} (largest {len(top)})",
            description=", ".join(f"{s.name}: {s.spend_share}%" for s in top),
            format_value=lambda value: f"{value}%",
        )
        return super().get_context_data(**kwargs, **context)

    def tables(self, context: dict) -> list[Table]:
        year = context["year_label"]
        return [
            Table(
                name="groups",
                title=f"Shares by group, {year}",
                columns=(
                    "Group or provider",
                    "Group recorded",
                    "Placements",
                    "Share of placements (%)",
                    "Spend (£)",
                    "Share of spend (%)",
                    f"Change on {context['previous_label']} (percentage points)",
                    "Under financial oversight",
                    "Private equity owned",
                ),
                rows=[
                    (
                        s.name,
                        "Yes" if s.grouped else "No",
                        s.placements,
                        s.placement_share,
                        plain(s.spend),
                        s.spend_share,
                        s.change,
                        yes_no(s.oversight),
                        yes_no(s.private_equity),
                    )
                    for s in context["market"].shares
                ],
            ),
            dimension_table("by-lot", f"Concentration by lot, {year}", "Lot", context["by_lot"]),
            dimension_table(
                "by-borough", f"Concentration by borough, {year}", "Borough", context["by_borough"]
            ),
            Table(
                name="concerns",
                title=f"Groups with settings Ofsted found wanting, {year}",
                columns=("Group or provider", "Setting", "URN", "Inspected", "Found"),
                rows=[
                    (
                        row["group"],
                        row["setting"],
                        row["urn"],
                        row["inspected_on"],
                        "; ".join(row["problems"]),
                    )
                    for row in context["concerns"]
                ],
            ),
        ]


def dimension_table(name: str, title: str, heading: str, lines: list[dict]) -> Table:
    return Table(
        name=name,
        title=title,
        columns=(heading, *SHARE_COLUMNS),
        rows=[
            (
                line["name"],
                line["result"].placements,
                plain(line["result"].spend),
                len(line["result"].shares),
                line["result"].hhi_spend,
                line["result"].top_spend_share,
            )
            for line in lines
        ],
    )


urlpatterns = [path("market/", MarketView.as_view(), name="market")]
