"""Provider pages: invitations, offers, declines, withdrawals, questions.

A provider's users see the invitations sent to their organisation (never a draft request's) and
answer them here; council staff get 403 and another provider's invitation is a 404
(placements.access). What a provider sees of the child is the anonymised request: needs, the
national curriculum year, an age band, sex and the postcode district. Never the name, the
borough's reference, the date of birth or the full postcode.

The borough's budget ceiling is not shown either: it is the borough's commercial position, and
showing it would pull offers up to it instead of down to the provider's own price. The DPS
ceiling rate is the provider's own, so it is shown.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.generic import TemplateView

from boroughs import policy
from kernel.confirmation import confirm
from kernel.errors import DomainError
from kernel.pagination import paginate
from kernel.workflow import actions

from .. import selectors, services
from ..access import access_invitation, log_children_viewed
from ..anonymised import AnonymousChild, curriculum_year_label, need_label
from ..choices import InvitationStatus, RequestStatus
from ..forms.offers import DeclineForm, OfferForm, QuestionForm, WithdrawForm
from ..matching import distance_band
from ..models import Offer, RequestInvitation
from ..workflow import INVITATION_ACTIONS, PROVIDER, invitation_machine
from .base import ProviderFormView, ProviderPageMixin

DECIDED = {InvitationStatus.AWARDED, InvitationStatus.UNSUCCESSFUL, InvitationStatus.NO_RESPONSE}
CLOSED_REQUEST = {RequestStatus.AWARDED, RequestStatus.CANCELLED, RequestStatus.NONE_SUITABLE}

MSG_CANNOT = {
    "offer": "Offers for this request have closed",
    "decline": "You can only decline a request you have not answered while it is open",
    "withdraw": "You can only withdraw an offer before the request is decided",
    "question": "Questions can only be asked while the request is open for offers",
}


# --- What a provider may do -----------------------------------------------------------------


def actions_for(user, invitation: RequestInvitation) -> frozenset[str]:
    """Which answers the page offers: the moves the invitation's machine gives its provider
    while the request allows them; the services decide again when one is sent."""
    return actions(
        invitation_machine(),
        invitation,
        party=PROVIDER,
        offered=INVITATION_ACTIONS,
        may=partial(policy.may, user),
    )


def group_of(invitation: RequestInvitation) -> str:
    if invitation.status in DECIDED or invitation.request.status in CLOSED_REQUEST:
        return "closed"
    if invitation.status == InvitationStatus.INVITED:
        return "awaiting"
    return "answered"


def detail_url(invitation: RequestInvitation) -> str:
    return reverse("placements:invitation_detail", kwargs={"public_id": invitation.public_id})


# --- Pages ------------------------------------------------------------------------------------


class InvitationListView(ProviderPageMixin, TemplateView):
    """The provider's invitations, split by what they need from the provider."""

    template_name = "placements/invitations/invitation_list.html"

    def get_context_data(self, **kwargs):
        """Open invitations soonest-closing first (those with no deadline last); closed ones
        newest first, a page at a time, so the list's cost does not grow with the years."""
        groups = {"awaiting": [], "answered": [], "closed": []}
        invitations = selectors.invitation_list(actor=self.request.user)
        closed = Q(status__in=DECIDED) | Q(request__status__in=CLOSED_REQUEST)
        for invitation in invitations.exclude(closed):  # open ones are few: all of them
            groups[group_of(invitation)].append(invitation)
        for key in ("awaiting", "answered"):
            groups[key].sort(key=closing_order)
        # Closed ones grow with the years: one page of them from the database.
        closed_page = paginate(self.request, invitations.filter(closed))
        listed = [*groups["awaiting"], *groups["answered"], *closed_page.object_list]
        log_children_viewed(
            self.request.user, [i.request.child_id for i in listed], "invitations list"
        )
        for invitation in listed:
            child = invitation.request.child
            invitation.needs_headline = (
                f"{need_label(child.primary_need)}, "
                f"{curriculum_year_label(child.national_curriculum_year)}"
            )
        sections = [
            ("awaiting", "Awaiting your response", groups["awaiting"], None),
            ("answered", "Answered", groups["answered"], None),
            ("closed", "Closed", list(closed_page.object_list), closed_page),
        ]
        return super().get_context_data(sections=sections, **kwargs)


def closing_order(invitation: RequestInvitation) -> tuple:
    deadline = invitation.request.response_deadline
    return (deadline is None, deadline or date.max, invitation.request_id)


class InvitationPageMixin:
    """Fetches the invitation (404 for another provider's) and the answers it allows."""

    action = ""

    def load(self, public_id) -> None:
        self.invitation = access_invitation(self.request.user, public_id)

    def back_url(self) -> str:
        return detail_url(self.invitation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation,
            placement_request=self.invitation.request,
            detail_url=detail_url(self.invitation),
            **kwargs,
        )


class InvitationDetailView(InvitationPageMixin, ProviderPageMixin, TemplateView):
    """The anonymised request, the provider's answer so far, and what it can do next."""

    template_name = "placements/invitations/invitation_detail.html"

    def get_context_data(self, **kwargs):
        invitation = self.invitation
        placement_request = invitation.request
        summary = selectors.assessment_summary(invitation)
        return super().get_context_data(
            child=AnonymousChild.of(
                placement_request.child, on=placement_request.required_start_on
            ),
            distance=distance_band(invitation.distance_km),
            offer=Offer.objects.for_user(self.request.user).filter(invitation=invitation).first(),
            questions=list(invitation.questions.all()),
            actions=actions_for(self.request.user, invitation),
            decided=invitation.status in DECIDED,
            summary=summary,
            summary_lines=selectors.summary_lines(summary),
            **kwargs,
        )


class InvitationFormView(InvitationPageMixin, ProviderFormView):
    """An answer to the invitation: a page that sends the provider back when it cannot apply."""

    def get(self, request, *args, **kwargs):
        if self.action not in actions_for(request.user, self.invitation):
            messages.info(request, MSG_CANNOT[self.action])
            return redirect(detail_url(self.invitation))
        return super().get(request, *args, **kwargs)


class OfferFormView(InvitationFormView):
    template_name = "placements/invitations/offer_form.html"
    form_class = OfferForm
    action = "offer"

    def load(self, public_id) -> None:
        super().load(public_id)
        self.offer = (
            Offer.objects.for_user(self.request.user).filter(invitation=self.invitation).first()
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "revising": self.offer is not None,
            "ceiling": self.invitation.ceiling_weekly,
        }

    def get_initial(self):
        placement_request = self.invitation.request
        return OfferForm.initial_for(
            self.offer,
            weeks_per_year=placement_request.weeks_per_year,
            starts_on=placement_request.required_start_on,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def form_valid(self, form):
        """First the provider checks its answers (every refusal asked first), then sends."""
        if self.request.POST.get("confirm") == "yes":
            return super().form_valid(form)
        fields = form.offer_fields()
        try:
            offer = services.offer_check(
                actor=self.request.user, invitation=self.invitation, **fields
            )
        except DomainError as error:
            return self.refused(error, form) or self.form_invalid(form)
        ceiling = self.invitation.ceiling_weekly
        return render(
            self.request,
            "placements/invitations/offer_check.html",
            self.get_context_data(
                form=form,
                checked=offer,
                above_ceiling=ceiling is not None and offer.weekly_fee > ceiling,
                hidden=[(name, self.request.POST.get(name, "")) for name in self.posted_names()],
            ),
        )

    def posted_names(self) -> list[str]:
        """The form's inputs as posted (a date is three inputs), to carry to the confirmation."""
        return [
            name for name in self.request.POST if name not in ("csrfmiddlewaretoken", "confirm")
        ]

    def save(self, form) -> str:
        offer = services.offer_submit(
            actor=self.request.user, invitation=self.invitation, **form.offer_fields()
        )
        confirm(
            self.request,
            title="Offer changed" if self.offer else "Offer sent",
            reference=self.invitation.request.reference,
            body=f"The borough has your offer of £{offer.weekly_fee:,.2f} a week for "
            f"{self.invitation.setting.name}. You can change or withdraw it until offers close"
            + (
                f" on {self.invitation.request.response_deadline:%-d %B %Y}."
                if self.invitation.request.response_deadline
                else "."
            ),
        )
        return detail_url(self.invitation)


class DeclineView(InvitationFormView):
    template_name = "placements/invitations/decline_form.html"
    form_class = DeclineForm
    action = "decline"
    success_message = "You have declined this request"

    def save(self, form) -> str:
        services.offer_decline(
            actor=self.request.user,
            invitation=self.invitation,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"].strip(),
        )
        return detail_url(self.invitation)


class WithdrawView(InvitationFormView):
    template_name = "placements/invitations/withdraw_form.html"
    form_class = WithdrawForm
    action = "withdraw"
    success_message = "Your offer has been withdrawn"

    def save(self, form) -> str:
        services.offer_withdraw(
            actor=self.request.user,
            invitation=self.invitation,
            reason=form.cleaned_data["reason"].strip(),
        )
        return detail_url(self.invitation)


class QuestionView(InvitationFormView):
    template_name = "placements/invitations/question_form.html"
    form_class = QuestionForm
    action = "question"
    success_message = "Question sent. The borough will answer it on this page"

    def save(self, form) -> str:
        services.question_ask(
            actor=self.request.user,
            invitation=self.invitation,
            question=form.cleaned_data["question"],
        )
        return detail_url(self.invitation)


urlpatterns = [
    path("invitations/", InvitationListView.as_view(), name="invitation_list"),
    path(
        "invitations/<uuid:public_id>/",
        InvitationDetailView.as_view(),
        name="invitation_detail",
    ),
    path("invitations/<uuid:public_id>/offer/", OfferFormView.as_view(), name="offer_form"),
    path("invitations/<uuid:public_id>/decline/", DeclineView.as_view(), name="invitation_decline"),
    path("invitations/<uuid:public_id>/withdraw/", WithdrawView.as_view(), name="offer_withdraw"),
    path("invitations/<uuid:public_id>/question/", QuestionView.as_view(), name="question_ask"),
]
