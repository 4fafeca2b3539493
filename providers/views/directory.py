"""The provider directory and the DPS dashboard for council staff, and the enrolment actions
reviewers take from a setting's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from boroughs.tables import DownloadableTablesMixin, Table
from kernel.errors import DomainError
from kernel.pagination import paginate
from kernel.refusals import RefusalMixin

from .. import services
from ..access import access_enrolment_for_reviewer, access_setting_for_directory, is_reviewer
from ..choices import EnrolmentStatus
from ..forms.review import DirectoryFilterForm, EnrolmentActionForm
from ..selectors.accreditation import decision_working_days
from ..selectors.dashboard import (
    EXPIRY_WINDOW_DAYS,
    evidence_expiring,
    lot_figures,
    providers_registered,
)
from ..selectors.deadlines import median
from ..selectors.directory import (
    DirectoryFilters,
    consortium_lots,
    setting_directory,
    with_distances,
)
from ..workflow import ENROLMENT_TRANSITIONS, REVIEWER
from .review import ReviewerRequiredMixin

PAGE_SIZE = 50


class StaffRequiredMixin(LoginRequiredMixin):
    """Council staff only, in any borough role; provider users get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_borough_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DirectoryView(StaffRequiredMixin, View):
    template_name = "providers/directory/directory.html"

    def get(self, request):
        actor = request.user
        form = DirectoryFilterForm(request.GET or None, lots=consortium_lots(actor=actor))
        filters = DirectoryFilters()
        if form.is_bound:
            form.is_valid()  # the valid filters apply; the invalid ones are shown at their field
            data = form.cleaned_data
            filters = DirectoryFilters(
                lot=data.get("lot"),
                need=data.get("need", ""),
                setting_type=data.get("setting_type", ""),
                ofsted=data.get("ofsted", ""),
                has_vacancies=data.get("has_vacancies", False),
                origin=data.get("origin"),
                within_km=data.get("within") if data.get("origin") else None,
            )
        settings = setting_directory(actor=actor, filters=filters)
        page = paginate(request, settings, PAGE_SIZE)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page_obj": page,
            "settings": with_distances(page.object_list, filters.origin),
            "origin": filters.origin,
            "query": query.urlencode(),
        }
        return render(request, self.template_name, context)


def _enrolment_actions(enrolment) -> list[EnrolmentAction]:
    """What the workflow lets a reviewer do to an enrolment in its status."""
    return [
        ENROLMENT_ACTIONS[ACTION_TO[target]]
        for (source, target), parties in ENROLMENT_TRANSITIONS.items()
        if source == enrolment.status and REVIEWER in parties
    ]


def setting_page(request, setting, *, bound=None, error: str = "", status: int = 200):
    """A setting's page; `bound` is a failed enrolment form: (enrolment pk, action, form)."""
    reviewer = is_reviewer(request.user)
    failed = None
    for enrolment in setting.consortium_enrolments:
        enrolment.action_forms = []
        for action in _enrolment_actions(enrolment) if reviewer else []:
            form = action.form(enrolment)
            if bound and bound[:2] == (enrolment.pk, action.name):
                form = failed = bound[2]
            enrolment.action_forms.append((action, form))
    context = {
        "setting": setting,
        "is_reviewer": reviewer,
        "error_form": failed,
        "action_error": error,
        "has_errors": bool(failed or error),
    }
    return render(request, "providers/directory/setting_detail.html", context, status=status)


class SettingDetailView(StaffRequiredMixin, View):
    def get(self, request, public_id):
        setting = access_setting_for_directory(request.user, public_id)
        return setting_page(request, setting)


@dataclass(frozen=True)
class EnrolmentAction:
    """A reviewer's change to an enrolment: its button, its service, and what the message says."""

    name: str
    label: str
    service: Callable
    done: str
    warning: bool = False

    @property
    def url_name(self) -> str:
        return f"providers:enrolment_{self.name}"

    def form(self, enrolment, data=None) -> EnrolmentActionForm:
        return EnrolmentActionForm(
            data,
            prefix=f"{self.name}-{enrolment.public_id}",
            action_label=self.label,
            lot_name=str(enrolment.lot),
            warning=self.warning,
        )


ACTION_TO = {
    EnrolmentStatus.SUSPENDED: "suspend",
    EnrolmentStatus.ENROLLED: "reinstate",
    EnrolmentStatus.REMOVED: "remove",
}
ENROLMENT_ACTIONS = {
    action.name: action
    for action in (
        EnrolmentAction("suspend", "Suspend", services.enrolment_suspend, "suspended"),
        EnrolmentAction("reinstate", "Reinstate", services.enrolment_reinstate, "reinstated"),
        EnrolmentAction("remove", "Remove", services.enrolment_remove, "removed", warning=True),
    )
}


class EnrolmentActionView(ReviewerRequiredMixin, RefusalMixin, View):
    """POST: suspend, reinstate or remove one enrolment, then back to its setting's page."""

    action_name = ""

    def conflict_response(self, error):
        setting = access_setting_for_directory(self.request.user, self.enrolment.setting.public_id)
        return setting_page(self.request, setting, error=error.message, status=409)

    def post(self, request, public_id):
        action = ENROLMENT_ACTIONS[self.action_name]
        enrolment = access_enrolment_for_reviewer(request.user, public_id)
        form = action.form(enrolment, request.POST)
        if form.is_valid():
            try:
                action.service(
                    actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                self.enrolment = enrolment
                if refusal := self.refused(error, form):
                    return refusal
            else:
                messages.success(
                    request, f"{enrolment.setting} {action.done} on {enrolment.lot.name}"
                )
                return redirect("providers:setting_detail", public_id=enrolment.setting.public_id)
        setting = access_setting_for_directory(request.user, enrolment.setting.public_id)
        return setting_page(request, setting, bound=(enrolment.pk, action.name, form))


class DashboardView(StaffRequiredMixin, DownloadableTablesMixin, TemplateView):
    template_name = "providers/directory/dashboard.html"
    download_prefix = "dps"

    def tables(self, context):
        return [
            Table(
                "lots",
                "Providers and settings by DPS and lot",
                (
                    "DPS",
                    "Lot",
                    "Providers registered",
                    "Providers accredited",
                    "Settings enrolled",
                    "Median working days to decision",
                ),
                [
                    (
                        figures.dps.name,
                        str(row.lot),
                        row.registered,
                        row.accredited,
                        row.enrolled,
                        None if row.median_days is None else round(row.median_days, 1),
                    )
                    for figures in context["dpss"]
                    for row in figures.lots
                ],
            )
        ]

    def get_context_data(self, **kwargs):
        actor = self.request.user
        return super().get_context_data(
            dpss=lot_figures(actor=actor),
            median_days=median(decision_working_days(actor=actor)[None]),
            providers_registered=providers_registered(actor=actor),
            expiring=evidence_expiring(actor=actor),
            is_reviewer=is_reviewer(actor),
            window_days=EXPIRY_WINDOW_DAYS,
            **kwargs,
        )


urlpatterns = [
    path("directory/", DirectoryView.as_view(), name="directory"),
    path("directory/<uuid:public_id>/", SettingDetailView.as_view(), name="setting_detail"),
    path(
        "enrolments/<uuid:public_id>/suspend/",
        EnrolmentActionView.as_view(action_name="suspend"),
        name="enrolment_suspend",
    ),
    path(
        "enrolments/<uuid:public_id>/reinstate/",
        EnrolmentActionView.as_view(action_name="reinstate"),
        name="enrolment_reinstate",
    ),
    path(
        "enrolments/<uuid:public_id>/remove/",
        EnrolmentActionView.as_view(action_name="remove"),
        name="enrolment_remove",
    ),
    path("overview/", DashboardView.as_view(), name="dps_dashboard"),
]
