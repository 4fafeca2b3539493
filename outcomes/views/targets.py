"""Pages for a placement's outcome targets: the list, and a commissioner's add, change, remove.

Commissioners of the placement's borough manage the targets; other council staff who may see
the placement (analysts, consortium-wide roles) read them, and so does the placement's
provider, shown the placement's reference and never the child's identity. Anyone else gets the
same 404 as for a missing placement (placements.access logs every view of the child's record).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from boroughs import policy
from kernel.errors import DomainError
from kernel.formviews import ServiceFormMixin
from kernel.pages import PageMixin
from kernel.refusals import RefusalMixin
from placements.access import access_placement, is_provider_user
from placements.choices import PlacementStatus
from placements.models import Placement

from ..access import access_target
from ..forms.targets import TargetForm
from ..models import Indicator, OutcomeTarget
from ..selectors.framework import framework_current, scale_points
from ..selectors.targets import indicator_choices, target_list
from ..services import targets as services
from .framework import is_member

MSG_ENDED = "This placement has ended: its targets cannot change"


def list_url(placement: Placement) -> str:
    return reverse("outcomes:target_list", kwargs={"public_id": placement.public_id})


def may_manage(user, placement: Placement) -> bool:
    return policy.may(user, "placements.change_placement", placement)


def score_label(indicator: Indicator, score: int | None) -> str:
    """A score with what it means on the indicator's scale, like "2: Emerging: ..."."""
    if score is None:
        return "Not scored yet"
    meaning = dict(scale_points(indicator)).get(score, "")
    return f"{score}: {meaning}" if meaning else str(score)


class TargetPageMixin(PageMixin):
    """Council staff and provider users who may see the placement (404 otherwise); `manage`
    pages are for the borough's commissioners only (403 for others who may see it)."""

    manage = False

    def allows(self, user) -> bool:
        return is_member(user)

    def load(self, public_id) -> None:
        self.placement = access_placement(self.request.user, public_id, what="outcome targets")

    def allows_loaded(self, user) -> bool:
        return not self.manage or may_manage(user, self.placement)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            placement=self.placement,
            list_url=list_url(self.placement),
            **kwargs,
        )


class TargetListView(TargetPageMixin, TemplateView):
    template_name = "outcomes/targets/target_list.html"

    def get_context_data(self, **kwargs):
        user, placement = self.request.user, self.placement
        targets = list(target_list(actor=user, placement_id=placement.pk))
        for target in targets:
            target.baseline_label = score_label(target.indicator, target.baseline)
            target.target_label = score_label(target.indicator, target.target)
            target.latest_label = score_label(target.indicator, target.latest_score)
        provider = is_provider_user(user)
        back = "placements:provider_placement_detail" if provider else "placements:placement_detail"
        return super().get_context_data(
            targets=targets,
            may_manage=may_manage(user, placement) and placement.status == PlacementStatus.ACTIVE,
            current=framework_current(consortium_id=placement.borough.consortium_id),
            back_url=reverse(back, kwargs={"public_id": placement.public_id}),
            **kwargs,
        )


class TargetFormMixin(TargetPageMixin, ServiceFormMixin):
    manage = True

    def get(self, request, *args, **kwargs):
        if self.placement.status != PlacementStatus.ACTIVE:
            messages.info(request, MSG_ENDED)
            return redirect(list_url(self.placement))
        return super().get(request, *args, **kwargs)


class TargetCreateView(TargetFormMixin, FormView):
    template_name = "outcomes/targets/target_form.html"
    form_class = TargetForm
    success_message = "Target added"

    def get_form_kwargs(self):
        consortium_id = self.placement.borough.consortium_id
        return {
            **super().get_form_kwargs(),
            "indicators": indicator_choices(consortium_id=consortium_id),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading="Add an outcome target", **kwargs)

    def save(self, form) -> str:
        services.target_set(
            actor=self.request.user,
            placement=self.placement,
            target=form.cleaned_data["target"],
            **form.service_fields(),
        )
        return list_url(self.placement)


class TargetObjectMixin:
    """Pages about one target: fetched through outcomes.access (404 for another tenant's)."""

    def load(self, public_id) -> None:
        user = self.request.user
        self.target: OutcomeTarget = access_target(user, public_id)
        self.placement = (
            Placement.objects.for_user(user)
            .select_related("borough", "setting")
            .get(pk=self.target.placement_id)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, **kwargs)


class TargetEditView(TargetObjectMixin, TargetFormMixin, FormView):
    template_name = "outcomes/targets/target_form.html"
    form_class = TargetForm
    success_message = "Target saved"

    def get_form_kwargs(self):
        consortium_id = self.placement.borough.consortium_id
        return {
            **super().get_form_kwargs(),
            "indicators": indicator_choices(consortium_id=consortium_id),
            "keep": Indicator.objects.for_user(self.request.user)
            .select_related("domain__version")
            .get(pk=self.target.indicator_id),
        }

    def get_initial(self):
        t = self.target
        return {
            "outcome": t.outcome,
            "indicator": t.indicator_id,
            "baseline": t.baseline,
            "target": t.target,
            "target_date": t.target_date,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading="Change an outcome target", **kwargs)

    def save(self, form) -> str:
        services.target_update(
            actor=self.request.user,
            target=self.target,
            target_score=form.cleaned_data["target"],
            **form.service_fields(),
        )
        return list_url(self.placement)


class TargetDeleteView(TargetObjectMixin, TargetPageMixin, RefusalMixin, TemplateView):
    """Confirm, then remove a target set in error (one already scored stays)."""

    template_name = "outcomes/targets/target_delete.html"
    manage = True

    def back_url(self) -> str:
        return list_url(self.placement)

    def post(self, request, *args, **kwargs):
        try:
            services.target_remove(actor=request.user, target=self.target)
        except DomainError as error:
            if refusal := self.refused(error):
                return refusal
        else:
            messages.success(request, "Target removed")
        return redirect(list_url(self.placement))


def targets_panel(request, placement: Placement) -> dict | None:
    """A link to the placement's targets, with how many it has, on its council and provider page."""
    count = OutcomeTarget.objects.for_user(request.user).filter(placement=placement).count()
    return {
        "template": "outcomes/targets/_placement_panel.html",
        "count": count,
        "url": list_url(placement),
        "may_manage": may_manage(request.user, placement),
    }


PLACEMENT_PANELS = (targets_panel,)

urlpatterns = [
    path("placements/<uuid:public_id>/targets/", TargetListView.as_view(), name="target_list"),
    path(
        "placements/<uuid:public_id>/targets/add/",
        TargetCreateView.as_view(),
        name="target_create",
    ),
    path("targets/<uuid:public_id>/edit/", TargetEditView.as_view(), name="target_edit"),
    path("targets/<uuid:public_id>/remove/", TargetDeleteView.as_view(), name="target_delete"),
]
