"""A provider's colleagues: the people on its account, and invitations from its admins."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView

from boroughs.pages import InvitationAcceptBaseView
from kernel.errors import DomainError
from kernel.forms import GovukFormMixin
from kernel.refusals import RefusalMixin

from .. import services
from ..models import ProviderInvitation, ProviderMembership, provider_id_for


class ColleagueInviteForm(GovukFormMixin, forms.Form):
    submit_label = "Send invitation"

    email = forms.EmailField(
        label="Email address",
        help_text="We will send them a link to create their account.",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class ColleaguesView(LoginRequiredMixin, RefusalMixin, FormView):
    template_name = "providers/colleagues.html"
    form_class = ColleagueInviteForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.membership = (
                ProviderMembership.objects.for_user(request.user).filter(user=request.user).first()
            )
            if self.membership is None:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            members=ProviderMembership.objects.for_user(user)
            .filter(provider_id=provider_id_for(user))
            .select_related("user")
            .order_by("user__email"),
            invitations=ProviderInvitation.objects.for_user(user).pending(),
            is_admin=self.membership.is_provider_admin,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            invitation = services.provider_invitation_create(
                actor=self.request.user, email=form.cleaned_data["email"]
            )
        except DomainError as error:
            return self.refused(error, form) or self.form_invalid(form)
        messages.success(self.request, f"Invitation sent to {invitation.email}")
        return redirect("providers:colleagues")


class ColleagueJoinView(InvitationAcceptBaseView):
    """A colleague's emailed link: they become a provider user of the inviting organisation,
    then set up MFA (they will read children's needs: ADR 2)."""

    model = ProviderInvitation

    def accept(self, invitation, *, full_name: str, password: str):
        return services.provider_invitation_accept(
            invitation=invitation, full_name=full_name, password=password
        )

    def next_url(self) -> str:
        return reverse("mfa_activate_totp")


urlpatterns = [
    path("colleagues/", ColleaguesView.as_view(), name="colleagues"),
    path("join/<str:token>/", ColleagueJoinView.as_view(), name="colleague_join"),
]
