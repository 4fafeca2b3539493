"""Statutory returns: a borough's SEN2 placement items and SSDA903 placement episodes as CSV, and
the reconciliation of its SEN2 return with the portal (placements.returns).

The page shows counts only; the downloads and the reconciliation name children, so each logs
the children it names as viewed. A borough the user may not take is not offered, and asked for
by its code answers 404.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from boroughs.spreadsheets import csv_writer
from kernel.errors import DomainError
from kernel.refusals import RefusalMixin

from ..forms.returns import Sen2ReturnForm
from ..returns import sen2, ssda903
from ..returns.extracts import (
    Choice,
    NoSuchChoice,
    sen2_items,
    sen2_reconcile,
    ssda903_episodes,
)
from ..returns.upload import ReturnRefused
from .base import StaffPageMixin


def choice_of(request) -> Choice:
    """The borough and years the query string asks for; one not offered is a 404."""
    try:
        return Choice(request.user, request.GET, timezone.localdate())
    except NoSuchChoice as error:
        raise Http404(error.message) from error


class ReturnsPage(StaffPageMixin, TemplateView):
    """What each extract holds for the chosen borough and years, with the downloads."""

    template_name = "placements/returns/index.html"

    def get_context_data(self, **kwargs):
        user, choice = self.request.user, choice_of(self.request)
        census = sen2.census_date(choice.sen2_year)
        first, _ = sen2.collection_window(choice.sen2_year)
        year_start, year_end = ssda903.year_window(choice.ssda903_year)
        items = sen2_items(user, choice.borough, choice.sen2_year, log=False)
        episodes = ssda903_episodes(user, choice.borough, choice.ssda903_year, log=False)
        download = reverse("placements:returns_download")
        return super().get_context_data(
            choice=choice,
            census=census,
            sen2_from=first,
            sen2_items=len(items),
            sen2_children=len({i.ChildReference for i in items}),
            sen2_download=f"{download}?{choice.query(file='sen2')}",
            year_start=year_start,
            year_end=year_end,
            episodes=len(episodes),
            episode_children=len({e["CHILD"] for e in episodes}),
            ssda903_download=f"{download}?{choice.query(file='ssda903')}",
            reconcile_url=f"{reverse('placements:returns_reconcile')}?{choice.query()}",
            **kwargs,
        )


class ReturnsDownloadView(StaffPageMixin, View):
    """?file=sen2 (the default) or ssda903, for the chosen borough and year, as CSV."""

    def get(self, request):
        choice, kind = choice_of(request), request.GET.get("file", "sen2")
        if kind == "sen2":
            columns = sen2.COLUMNS
            rows = [
                [getattr(item, name) for name in columns]
                for item in sen2_items(request.user, choice.borough, choice.sen2_year)
            ]
            name = f"sen2-placements-{choice.borough.dfe_la_code}-{choice.sen2_year}.csv"
        elif kind == "ssda903":
            columns = ssda903.COLUMNS
            rows = [
                [row[name] for name in columns]
                for row in ssda903_episodes(request.user, choice.borough, choice.ssda903_year)
            ]
            name = f"ssda903-episodes-{choice.borough.dfe_la_code}-{choice.ssda903_year}.csv"
        else:
            raise Http404("No such extract")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv_writer(response)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(row)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReconcileView(StaffPageMixin, RefusalMixin, FormView):
    """Upload the borough's SEN2 return; the page lists every difference with the portal."""

    template_name = "placements/returns/reconcile.html"
    form_class = Sen2ReturnForm
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.choice = None
        return super().dispatch(request, *args, **kwargs)

    def get_choice(self) -> Choice:
        if self.choice is None:
            self.choice = choice_of(self.request)
        return self.choice

    def get_context_data(self, **kwargs):
        choice = self.get_choice()
        return super().get_context_data(
            choice=choice,
            census=sen2.census_date(choice.sen2_year),
            sen2_from=sen2.collection_window(choice.sen2_year)[0],
            back_url=f"{reverse('placements:returns')}?{choice.query()}",
            **kwargs,
        )

    def form_valid(self, form):
        choice = self.get_choice()
        try:
            result = sen2_reconcile(
                self.request.user,
                choice.borough,
                choice.sen2_year,
                form.cleaned_data["file"].read(),
            )
        except ReturnRefused as error:
            for problem in error.problems:  # each bad row its own error, linked to the field
                form.add_error("file", problem)
            return self.form_invalid(form)
        except DomainError as error:
            return self.refused(error, form) or self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, result=result))


urlpatterns = [
    path("returns/", ReturnsPage.as_view(), name="returns"),
    path("returns/download/", ReturnsDownloadView.as_view(), name="returns_download"),
    path("returns/sen2/reconcile/", ReconcileView.as_view(), name="returns_reconcile"),
]
