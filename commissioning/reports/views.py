"""Report pages: the runs an analyst may see, the form to ask for one, a run's page whose status
panel follows the build (htmx polls it every two seconds until the run is done or failed), and
the download, which is logged.

Analysts and consortium admins may use these pages; everyone else gets 403. Runs are fetched
through access.access_run, so another borough's run is a 404 like a missing one.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from kernel.errors import InvalidTransition
from kernel.formviews import ServiceFormMixin
from kernel.navigation import NavItem
from kernel.pages import PageMixin
from kernel.pagination import paginate

from . import selectors, services
from .access import access_run, may_read_reports, may_request_reports, sees_every_scope
from .forms import RunRequestForm


class ReportPageMixin(PageMixin):
    """Analysts and consortium admins only (403 otherwise); `requesters_only` pages refuse
    consortium admins too, who read reports but do not ask for them."""

    requesters_only = False

    def allows(self, user) -> bool:
        return may_request_reports(user) if self.requesters_only else may_read_reports(user)


class RunPageMixin(ReportPageMixin):
    def load(self, *, public_id) -> None:
        self.run = access_run(self.request.user, public_id)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "run": self.run}


class RunListView(ReportPageMixin, TemplateView):
    """Who asked for which report, when, how long it took, and the file once it is ready."""

    template_name = "reports/run_list.html"

    def get_context_data(self, **kwargs):
        runs = selectors.report_run_list(actor=self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "page": paginate(self.request, runs),
            "may_request": may_request_reports(self.request.user),
        }


class RunCreateView(ReportPageMixin, ServiceFormMixin, FormView):
    """Ask for a report; the run's page then follows it being built."""

    template_name = "reports/run_form.html"
    form_class = RunRequestForm
    requesters_only = True
    success_message = "Report requested"

    def get_initial(self):
        start, end = services.previous_month(timezone.localdate())
        return {"period_start": start, "period_end": end}

    def get_form_kwargs(self):
        actor = self.request.user
        strands, boroughs = selectors.report_scope_choices(actor=actor)
        fixed = None if sees_every_scope(actor) else actor.borough
        return {
            **super().get_form_kwargs(),
            "strands": strands,
            "boroughs": boroughs,
            "fixed_borough": fixed,
        }

    def save(self, form) -> str:
        run = services.report_run_request(actor=self.request.user, **form.run_fields())
        return reverse("reports:run_detail", args=[run.public_id])


class RunDetailView(RunPageMixin, TemplateView):
    template_name = "reports/run_detail.html"


class RunStatusView(RunPageMixin, TemplateView):
    """The status panel alone, for htmx to swap in while the run is queued or running."""

    template_name = "reports/_run_status.html"

    def get(self, request, *args, **kwargs):
        run = self.run
        if request.GET.get("seen") == f"{run.status}-{run.progress}-{run.attempts}":
            return HttpResponse(status=204)  # nothing new: htmx keeps the panel (and polls on)
        return super().get(request, *args, **kwargs)


class RunDownloadView(RunPageMixin, View):
    """The finished file, as an attachment; each download is logged (services)."""

    def get(self, request, *args, **kwargs):
        try:
            opened = services.report_run_download(actor=request.user, run=self.run)
        except InvalidTransition as error:
            raise Http404(error.message) from error
        return FileResponse(
            opened,
            as_attachment=True,
            filename=self.run.filename,
            content_type=self.run.content_type or "application/octet-stream",
        )


NAV = (NavItem("Reports", "reports:run_list", may_read_reports, 33, "Figures"),)

urlpatterns = [
    path("", RunListView.as_view(), name="run_list"),
    path("request/", RunCreateView.as_view(), name="run_create"),
    path("<uuid:public_id>/", RunDetailView.as_view(), name="run_detail"),
    path("<uuid:public_id>/status/", RunStatusView.as_view(), name="run_status"),
    path("<uuid:public_id>/download/", RunDownloadView.as_view(), name="run_download"),
]
