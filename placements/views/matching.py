"""Commissioner pages for choosing settings: the matches page ranks the enrolled settings that fit
the child (`matching.match_settings`) and invites the chosen ones; a draft whose policy
questions are unanswered cannot be sent, and the page lists what to answer, linked to the edit
page. Read-only staff see the page without the form. Refusals and 409s are handled as on the
request page (`RequestActionView`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from kernel.errors import DomainError
from kernel.forms import GovukDateField
from kernel.refusals import RefusalMixin
from providers.choices import NeedCode

from .. import services
from ..access import access_request
from ..choices import Provision, RequestStatus
from ..forms.requests import InviteForm, RequestForm
from ..matching import ORDERINGS, criteria_for, match_settings, nearest_matches
from ..models import PlacementRequest
from .base import StaffPageMixin
from .requests import can_act, detail_url, request_actions

MSG_NOT_INVITABLE = "Settings can only be invited while the request is a draft or open for offers"


SORTS = (
    ("distance", "Distance"),
    ("ofsted", "Ofsted"),
    ("ceiling", "DPS ceiling"),
    ("outcomes", "Outcomes for this need"),
)


def matches_context(placement_request: PlacementRequest, *, order: str) -> dict:
    """The ranked matches and the criteria they were found by, for display beside them."""
    order = order if order in ORDERINGS else "distance"
    criteria = criteria_for(placement_request)
    return {
        "matches": nearest_matches(placement_request, order=order, criteria=criteria),
        "match_count": match_settings(placement_request, criteria=criteria).count(),
        "criteria": criteria,
        "need_label": NeedCode(criteria.need).label if criteria.need else "",
        "provision_label": Provision(criteria.provision).label,
        "precision": criteria.home.precision if criteria.home else "",
        "order": order,
        "sorts": SORTS,
    }


def edit_anchor(field: str) -> str:
    """Where on the edit page a problem with `field` is: radios and checkboxes count from 1."""
    form_field = RequestForm.base_fields.get(field)
    suffix = ""
    if isinstance(form_field, GovukDateField):
        suffix = "_0"
    elif form_field is not None and getattr(form_field.widget, "input_type", "") in (
        "radio",
        "checkbox",
    ):
        suffix = "_1"
    return f"#id_{field}{suffix}"


class RequestMatchesView(StaffPageMixin, RefusalMixin, TemplateView):
    """The settings that match, nearest first (or by Ofsted or ceiling); POST invites them."""

    template_name = "placements/requests/request_matches.html"

    @property
    def commissioner_only(self) -> bool:
        return self.request.method == "POST"

    def load(self, public_id, **kwargs):
        self.placement_request = access_request(self.request.user, public_id, what="matches for")

    def get_context_data(self, **kwargs):
        order = self.request.GET.get("order", "distance")
        context = matches_context(self.placement_request, order=order)
        writer = can_act(self.request.user, self.placement_request)
        choices = [
            (str(row.setting.public_id), row.setting.name)
            for row in context["matches"]
            if not row.invited
        ]
        invite = "invite" in request_actions(self.request.user, self.placement_request)
        context.update(
            placement_request=self.placement_request,
            can_act=writer,
            can_invite=invite,
            choices=choices,
            first_choice=choices[0][0] if choices else "",
            edit_url=reverse("placements:request_edit", args=[self.placement_request.public_id]),
        )
        if invite and self.placement_request.status == RequestStatus.DRAFT:
            context["problems"] = [
                (edit_anchor(field), message)
                for field, message in services.request_problems(self.placement_request)
            ]
        return super().get_context_data(**context, **kwargs)

    def conflict_response(self, error):
        context = self.get_context_data(**self.kwargs)
        context["action_error"] = error.message
        return self.render_to_response(context, status=409)

    def post(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        if not context["can_act"]:
            raise PermissionDenied
        if not context["can_invite"]:
            context["action_error"] = MSG_NOT_INVITABLE
            return self.render_to_response(context, status=409)
        form = InviteForm(request.POST, choices=context["choices"])
        if context.get("problems"):
            context["show_problems"] = True
            return self.render_to_response(context)
        if form.is_valid():
            ids = {str(row.setting.public_id): row.setting_id for row in context["matches"]}
            try:
                invited = services.request_invite(
                    actor=request.user,
                    placement_request=self.placement_request,
                    setting_ids=[ids[value] for value in form.cleaned_data["settings"]],
                )
            except DomainError as error:
                # The draft may have been opened in memory before the refusal rolled it back.
                self.placement_request.refresh_from_db(fields=["status"])
                if refusal := self.refused(error, form):
                    return refusal
            else:
                count = len(invited)
                messages.success(
                    request,
                    f"{count} setting{'s' if count != 1 else ''} invited. "
                    "Their providers have been emailed.",
                )
                return redirect(detail_url(self.placement_request))
        context.update(form=form, selected=request.POST.getlist("settings"))
        return self.render_to_response(context)


urlpatterns = [
    path(
        "requests/<uuid:public_id>/matches/", RequestMatchesView.as_view(), name="request_matches"
    ),
]
