"""Consortium admins run their DPSs: the term, the conditions of membership and the lots."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from boroughs.access import RoleRequiredMixin
from boroughs.choices import Role
from kernel.errors import DomainError
from kernel.refusals import RefusalMixin

from .. import services
from ..forms.manage import DpsForm, LotForm
from ..models import DynamicPurchasingSystem


class AdminOnly(RoleRequiredMixin):
    required_roles = (Role.CONSORTIUM_ADMIN,)

    def consortium_dpss(self):
        return DynamicPurchasingSystem.objects.for_user(self.request.user).filter(
            consortium_id=self.request.user.consortium_id
        )


class DpsManageListView(AdminOnly, TemplateView):
    template_name = "providers/manage/dps_list.html"

    def get_context_data(self, **kwargs):
        dpss = self.consortium_dpss().select_related("strand").prefetch_related("lots")
        return super().get_context_data(dpss=dpss, **kwargs)


class DpsManageView(AdminOnly, RefusalMixin, View):
    """One DPS: change its term and conditions, and add lots."""

    template_name = "providers/manage/dps_edit.html"

    def dispatch(self, request, *args, public_id=None, **kwargs):
        if request.user.is_authenticated and request.user.has_role(*self.required_roles):
            self.dps = get_object_or_404(self.consortium_dpss(), public_id=public_id)
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict:
        return {
            f: getattr(self.dps, f)
            for f in ("name", "starts_on", "ends_on", "conditions_of_membership")
        }

    def render_page(self, dps_form=None, lot_form=None, status=200):
        context = {
            "dps": self.dps,
            "lots": self.dps.lots.all(),
            "locked": self.dps.conditions_locked(),
            "form": dps_form
            or DpsForm(initial=self.initial(), locked=self.dps.conditions_locked()),
            "lot_form": lot_form or LotForm(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page()

    def post(self, request):
        if "lot-number" in request.POST:
            return self.add_lot(request)
        form = DpsForm(request.POST, initial=self.initial(), locked=self.dps.conditions_locked())
        if form.is_valid():
            try:
                services.dps_update(actor=request.user, dps=self.dps, **form.cleaned_data)
            except DomainError as error:
                if refusal := self.refused(error, form):
                    return refusal
            else:
                messages.success(request, "Changes saved")
                return redirect("providers:dps_manage", public_id=self.dps.public_id)
        return self.render_page(dps_form=form)

    def add_lot(self, request):
        form = LotForm(request.POST)
        if form.is_valid():
            try:
                lot = services.lot_create(actor=request.user, dps=self.dps, **form.cleaned_data)
            except DomainError as error:
                if refusal := self.refused(error, form):
                    return refusal
            else:
                messages.success(request, f"Lot {lot.number} added")
                return redirect("providers:dps_manage", public_id=self.dps.public_id)
        return self.render_page(lot_form=form)


urlpatterns = [
    path("manage/", DpsManageListView.as_view(), name="dps_manage_list"),
    path("manage/<uuid:public_id>/", DpsManageView.as_view(), name="dps_manage"),
]
