"""Consortium admins confirm a provider's company details, which then change only through them."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from boroughs import policy

from .. import services
from ..access import access_provider


class ProviderConfirmView(LoginRequiredMixin, View):
    def post(self, request, public_id):
        provider = access_provider(request.user, public_id)
        if not policy.may(request.user, "providers.confirm_provider", provider):
            raise PermissionDenied
        services.provider_confirm_details(actor=request.user, provider=provider)
        messages.success(request, f"{provider}: company details confirmed")
        back = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            return redirect(back)
        return redirect("providers:directory")


urlpatterns = [
    path(
        "providers/<uuid:public_id>/confirm/",
        ProviderConfirmView.as_view(),
        name="provider_confirm",
    ),
]
