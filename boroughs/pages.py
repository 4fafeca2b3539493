"""Page bases that other apps' pages build on: where an invitation link lands (staff and
providers' colleagues) and the peer network's pages (threads, provider notes)."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.shortcuts import render
from django.views import View

from kernel.errors import DomainError
from kernel.pages import PageMixin
from kernel.refusals import RefusalMixin

from . import services
from .access import is_peer_member
from .forms.invitations import AcceptInvitationForm
from .models import Invitation, User


class PeerNetworkMixin(PageMixin):
    """Member boroughs' council staff only: 403 for others on a list or form; on an object's
    page (`object_page`) the object is fetched first, so others get its 404 instead."""

    object_page = False

    def allows(self, user) -> bool:
        return self.object_page or is_peer_member(user)


class InvitationAcceptBaseView(RefusalMixin, View):
    """Where an emailed invitation link lands: the invitee names themselves and sets a password.

    Subclasses say which invitations they take (`model`), what joining means (`accept`) and
    where the new user goes next (`next_url`).
    """

    model: type = Invitation
    template_name = "boroughs/invitation_accept.html"

    def accept(self, invitation, *, full_name: str, password: str) -> User:
        raise NotImplementedError

    def next_url(self) -> str:
        raise NotImplementedError

    def dispatch(self, request, token):
        self.invitation = services.invitation_from_token(token, model=self.model)
        if self.invitation is None or not self.invitation.is_pending:
            return render(
                request,
                "boroughs/invitation_invalid.html",
                {"invitation": self.invitation},
                status=404 if self.invitation is None else 410,
            )
        return super().dispatch(request, token)

    def get(self, request, token):
        form = AcceptInvitationForm(email=self.invitation.email)
        return render(request, self.template_name, {"form": form, "invitation": self.invitation})

    def post(self, request, token):
        form = AcceptInvitationForm(request.POST, email=self.invitation.email)
        if form.is_valid():
            try:
                user = self.accept(
                    self.invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except DomainError as error:
                if refusal := self.refused(error, form):
                    return refusal
            else:
                # Sign in through allauth so that setting up MFA next needs no second password.
                record_authentication(request, user, method="password", email=user.email)
                return perform_login(
                    request, user, email_verification="none", redirect_url=self.next_url()
                )
        return render(request, self.template_name, {"form": form, "invitation": self.invitation})
