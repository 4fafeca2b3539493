"""The settings finance works by: the consortium's tolerance for invoices (its admins) and
each borough's cost-centre codes (its commissioners)."""

from __future__ import annotations

from django.urls import path, reverse
from django.views.generic import FormView

from boroughs.choices import Role
from boroughs.policy import actor_of
from kernel.formviews import ServiceFormMixin
from kernel.pages import PageMixin
from providers.models import Lot

from ..forms.invoices import CostCentreForm, ToleranceForm
from ..models import BillingSettings, CostCentre
from ..services.invoice_export import billing_settings_save, cost_centre_set
from .base import StaffFormView


class ToleranceView(PageMixin, ServiceFormMixin, FormView):
    template_name = "placements/invoices/settings_form.html"
    form_class = ToleranceForm
    success_message = "Tolerance saved"
    extra_context = {"title": "Tolerance for invoices"}

    def allows(self, user) -> bool:
        return actor_of(user).has_role(Role.CONSORTIUM_ADMIN)

    def get_initial(self):
        consortium_id = self.request.user.borough.consortium_id
        current = BillingSettings.objects.for_user(self.request.user).filter(
            consortium_id=consortium_id
        )
        current = current.first()
        if current is None:
            return {}
        return {
            "tolerance_pounds": current.tolerance_pounds,
            "tolerance_percent": current.tolerance_percent,
        }

    def save(self, form) -> str:
        billing_settings_save(
            actor=self.request.user,
            consortium=self.request.user.borough.consortium,
            **form.cleaned_data,
        )
        return reverse("placements:billing_settings")


class CostCentreView(StaffFormView):
    template_name = "placements/invoices/settings_form.html"
    form_class = CostCentreForm
    success_message = "Cost centres saved"
    extra_context = {"title": "Cost centres for invoices"}

    def lots(self):
        return (
            Lot.objects.for_user(self.request.user)
            .select_related("dps__strand")
            .order_by("dps__strand__name", "number")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lots": list(self.lots())}

    def get_initial(self):
        codes = dict(
            CostCentre.objects.for_user(self.request.user)
            .filter(borough=self.request.user.borough)
            .values_list("lot_id", "code")
        )
        initial = {f"lot_{lot_id}": code for lot_id, code in codes.items() if lot_id}
        return {**initial, "default": codes.get(None, "")}

    def save(self, form) -> str:
        actor, borough = self.request.user, self.request.user.borough
        cost_centre_set(
            actor=actor, borough=borough, lot_id=None, code=form.cleaned_data["default"]
        )
        for name, lot in form.lots.items():
            cost_centre_set(
                actor=actor, borough=borough, lot_id=lot.pk, code=form.cleaned_data[name]
            )
        return reverse("placements:cost_centres")


urlpatterns = [
    path("invoices/tolerance/", ToleranceView.as_view(), name="billing_settings"),
    path("invoices/cost-centres/", CostCentreView.as_view(), name="cost_centres"),
]
