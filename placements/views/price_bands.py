"""National price bands: the bands in force for council staff to read, and the form for a
consortium admin to load a publication (placements.price_bands)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.views.generic import FormView

from boroughs.policy import may
from kernel.formviews import ServiceFormMixin

from ..forms.price_bands import PriceBandsForm
from ..price_bands import NONE_LOADED, current_set, price_bands_load
from .base import StaffPageMixin


class PriceBandsView(StaffPageMixin, ServiceFormMixin, FormView):
    """Council staff read the bands; consortium admins also load a new publication."""

    template_name = "placements/price_bands.html"
    form_class = PriceBandsForm
    success_message = "Price bands loaded"

    def post(self, request, *args, **kwargs):
        if not may(request.user, "placements.add_pricebandset"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        loads = may(self.request.user, "placements.add_pricebandset")
        context = super().get_context_data(**kwargs)
        if not loads:
            context.pop("form", None)
        return {**context, "band_set": current_set(), "none_loaded": NONE_LOADED, "loads": loads}

    def save(self, form) -> str:
        fields = form.cleaned_data
        price_bands_load(
            actor=self.request.user,
            text=fields["file"],
            source=fields["source"],
            published_on=fields["published_on"],
        )
        return reverse("placements:price_bands")


urlpatterns = [path("price-bands/", PriceBandsView.as_view(), name="price_bands")]
