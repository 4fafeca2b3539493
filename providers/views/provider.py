"""Pages for providers: register, organisation, settings; and what every provider page does.

They are for a provider's own users only: council staff get 403 (reviewers have their own
screens), a signed-in user with no organisation is sent to register one, and another
provider's settings answer 404 (providers.access). Every write goes through
providers.services; a refusal (DomainError) is shown at the field it names.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from kernel.formviews import ServiceFormMixin

from .. import services
from ..access import access_setting
from ..choices import SETTING_TYPE_LABELS
from ..forms.provider import ProviderForm, SettingForm
from ..models import Provider, Setting, provider_id_for


class ProviderPageMixin(LoginRequiredMixin):
    """403 for council staff; a user with no organisation yet is sent to register it."""

    # False for the one page that is for users with no organisation yet: registering one.
    needs_provider = True

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if user.is_borough_staff or user.borough_id:
            raise PermissionDenied
        registered = provider_id_for(user) is not None
        if self.needs_provider and not registered:
            return redirect("providers:register")
        if registered and not self.needs_provider:
            return redirect("providers:organisation")
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Fetch the page's objects, once the user may see provider pages at all."""

    @property
    def provider(self) -> Provider:
        return Provider.objects.for_user(self.request.user).get()


class ServiceFormView(ProviderPageMixin, ServiceFormMixin, FormView):
    """A provider's form whose valid data goes to a service (kernel.formviews)."""


# --- Organisation ---------------------------------------------------------------------------


class RegisterView(ServiceFormView):
    needs_provider = False
    template_name = "providers/provider/register.html"
    form_class = ProviderForm
    success_message = (
        "Your organisation is registered. Next, add the schools, colleges or homes it runs"
    )

    def save(self, form) -> str:
        services.provider_register(actor=self.request.user, **form.cleaned_data)
        # Settings are what an organisation applies with: the next thing a new provider needs.
        return reverse("providers:setting_list")


class OrganisationView(ServiceFormView):
    template_name = "providers/provider/organisation.html"
    form_class = ProviderForm
    success_message = "Your organisation's details are saved"

    def load(self, **kwargs):
        self.organisation = self.provider

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["provider"] = self.organisation
        return kwargs

    def get_initial(self):
        return {name: getattr(self.organisation, name) for name in ProviderForm.base_fields}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["members"] = self.organisation.memberships.select_related("user")
        return context

    def save(self, form) -> str:
        services.provider_update(
            actor=self.request.user, provider=self.organisation, **form.cleaned_data
        )
        return reverse("providers:organisation")


# --- Settings ---------------------------------------------------------------------------------


class SettingListView(ProviderPageMixin, TemplateView):
    template_name = "providers/provider/setting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settings = list(Setting.objects.for_user(self.request.user).order_by("name"))
        for setting in settings:
            setting.type_label = SETTING_TYPE_LABELS.get(setting.establishment_type, "")
        context["settings"] = settings
        return context


class SettingFormView(ServiceFormView):
    template_name = "providers/provider/setting_form.html"
    form_class = SettingForm
    setting: Setting | None = None

    def load(self, public_id=None, **kwargs):
        if public_id is not None:
            self.setting = access_setting(self.request.user, public_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "is_new": self.setting is None}

    def get_initial(self):
        return SettingForm.initial_for(self.setting) if self.setting else {"vacancies": 0}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "setting": self.setting}

    def save(self, form) -> str:
        setting = services.setting_save(
            actor=self.request.user, setting=self.setting, **form.setting_fields()
        )
        verb = "added" if self.setting is None else "saved"
        messages.success(self.request, f"{setting.name} {verb}")
        return reverse("providers:setting_list")


urlpatterns = [
    path("register/", RegisterView.as_view(), name="register"),
    path("organisation/", OrganisationView.as_view(), name="organisation"),
    path("settings/", SettingListView.as_view(), name="setting_list"),
    path("settings/add/", SettingFormView.as_view(), name="setting_create"),
    path("settings/<uuid:public_id>/", SettingFormView.as_view(), name="setting_update"),
]
