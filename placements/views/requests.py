"""Commissioner pages for placement requests: list, new, change, detail, close, cancel,
answering providers' questions. Matching and inviting settings, like evaluating their offers,
is in `evaluation` (choosing settings); both use `RequestActionView`'s handling of refusals.

Council staff read their borough's requests; only its commissioners act on them. Each action is
a POST to its own URL, answered with a redirect and a success message. A service's refusal is
shown at its field with nothing saved; an action the request's state no longer allows re-renders
the page with the domain's message and status 409. Requests come through `access_request`
(404 for another borough's, and the view is logged against the child).
"""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from boroughs import policy
from boroughs.choices import StrandKind
from kernel.errors import DomainError
from kernel.pagination import paginate
from kernel.refusals import RefusalMixin
from kernel.workflow import actions
from providers.choices import NeedCode
from providers.models import Lot

from .. import selectors, services
from ..access import (
    access_child,
    access_question,
    access_request,
    log_children_viewed,
)
from ..choices import NotMetReason, RequestStatus
from ..forms.requests import AnswerForm, ReasonForm, RequestForm
from ..matching import age_on
from ..models import OfferQuestion, PlacementRequest, RequestEvent, RequestInvitation
from ..price_bands import current_set, where
from ..standard.answers import answered
from ..workflow import COMMISSIONER, REQUEST_ACTIONS, request_machine
from .base import StaffFormView, StaffPageMixin

DETAIL = "placements:request_detail"
# A request whose offers can be compared: readers get a link to the comparison.
COMPARABLE = (RequestStatus.EVALUATING, RequestStatus.AWARDED, RequestStatus.NONE_SUITABLE)


def detail_url(placement_request: PlacementRequest) -> str:
    return reverse(DETAIL, args=[placement_request.public_id])


def can_act(user, placement_request: PlacementRequest) -> bool:
    """Only the owning borough's commissioners act; everyone else who may see it reads."""
    return policy.may(user, "placements.change_request", placement_request)


def request_actions(user, placement_request: PlacementRequest) -> frozenset[str]:
    """What the request page offers: the moves the request's machine gives a commissioner from
    its state, when the policy lets this user change the request."""
    return actions(
        request_machine(),
        placement_request,
        party=COMMISSIONER,
        offered=REQUEST_ACTIONS,
        may=partial(policy.may, user),
    )


def lots_for(user):
    """The lots of the DPSs of the strands the user's borough belongs to."""
    return (
        Lot.objects.for_user(user)
        .filter(dps__strand__memberships__borough_id=user.borough_id)
        .select_related("dps")
        .order_by("dps__name", "number")
    )


# --- List -----------------------------------------------------------------------------------


class RequestListView(StaffPageMixin, TemplateView):
    """Requests by status (?status=), newest first, in a fixed number of queries."""

    template_name = "placements/requests/request_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        status = self.request.GET.get("status", "")
        if status not in RequestStatus.values:
            status = ""
        counts = dict(
            PlacementRequest.objects.for_user(user)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        tabs = [("", "All", sum(counts.values()))] + [
            (value, label, counts.get(value, 0)) for value, label in RequestStatus.choices
        ]
        page = paginate(self.request, selectors.request_list(actor=user, status=status or None))
        listed = list(page.object_list)
        log_children_viewed(user, [r.child_id for r in listed], "requests list")
        return super().get_context_data(
            requests=listed,
            page=page,
            status=status,
            status_label=RequestStatus(status).label if status else "",
            tabs=tabs,
            whole_consortium=user.sees_whole_consortium,
            **kwargs,
        )


# --- New and change -------------------------------------------------------------------------


class RequestFormView(StaffFormView):
    template_name = "placements/requests/request_form.html"
    form_class = RequestForm
    placement_request: PlacementRequest | None = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["lots"] = lots_for(self.request.user)
        kwargs["is_new"] = self.placement_request is None
        kwargs["initial"] = RequestForm.initial_for(self.placement_request)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            child=self.child, placement_request=self.placement_request, **kwargs
        )


class RequestCreateView(RequestFormView):
    """A draft request for one of the borough's children."""

    def load(self, public_id, **kwargs):
        self.child = access_child(self.request.user, public_id, what="raise a request")

    def save(self, form) -> str:
        placement_request = services.request_create(
            actor=self.request.user, child=self.child, **form.request_fields()
        )
        messages.success(
            self.request,
            f"Draft request {placement_request.reference} saved. "
            "Find matching settings to invite providers.",
        )
        return detail_url(placement_request)


class RequestEditView(RequestFormView):
    """Change a draft; once invitations have gone out the request is what providers answered."""

    success_message = "Request updated"

    def load(self, public_id, **kwargs):
        self.placement_request = access_request(self.request.user, public_id, what="change request")
        self.child = self.placement_request.child

    def get(self, request, *args, **kwargs):
        return self._unless_sent() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._unless_sent() or super().post(request, *args, **kwargs)

    def _unless_sent(self):
        if self.placement_request.status == RequestStatus.DRAFT:
            return None
        messages.error(self.request, services.requests.MSG_NOT_DRAFT)
        return redirect(detail_url(self.placement_request))

    def save(self, form) -> str:
        services.request_update(
            actor=self.request.user,
            placement_request=self.placement_request,
            **form.request_fields(),
        )
        return detail_url(self.placement_request)


# --- Detail and the actions on it -----------------------------------------------------------


def detail_page(http_request, placement_request, *, bound=None, error="", status=200):
    """The request page; `bound` holds a form that failed (by name), shown with its errors."""
    user, bound = http_request.user, bound or {}
    writer = can_act(user, placement_request)
    invitations = list(
        RequestInvitation.objects.for_user(user)
        .filter(request=placement_request)
        .select_related("setting", "provider", "offer")
    )
    offers = [inv.offer for inv in invitations if hasattr(inv, "offer")]
    if placement_request.strand.kind == StrandKind.SEND:
        bands = current_set()
        for offer in offers:
            offer.price_band = where(offer.weekly_fee, placement_request.child.primary_need, bands)
    questions = list(
        OfferQuestion.objects.for_user(user)
        .filter(invitation__request=placement_request)
        .select_related("invitation__provider", "invitation__setting")
    )
    for question in questions:
        key = f"answer-{question.pk}"
        unanswered = writer and not question.answer
        question.form = bound.get(key) or (AnswerForm(question=question) if unanswered else None)
    failed = next((form for form in bound.values() if form.errors), None)
    child = placement_request.child
    context = {
        "placement_request": placement_request,
        "child": child,
        "age_at_start": age_on(child.date_of_birth, placement_request.required_start_on),
        "secondary_needs": [NeedCode(code).label for code in child.secondary_needs or []],
        "not_met_reasons": [NotMetReason(code).label for code in placement_request.not_met_reasons],
        "can_act": writer,
        "invitations": invitations,
        "offers": offers,
        "lowest_weekly": min((offer.weekly_fee for offer in offers), default=None),
        "questions": questions,
        "events": RequestEvent.objects.for_user(user)
        .filter(request=placement_request)
        .select_related("actor"),
        "placement": placement_request.placements.for_user(user).order_by("pk").first(),
        "error_form": failed,
        "action_error": error,
        "actions": request_actions(user, placement_request),
        "comparable": placement_request.status in COMPARABLE,
        "standard_answers": answered(placement_request.standard),
    }
    return render(http_request, "placements/requests/request_detail.html", context, status=status)


class RequestDetailView(StaffPageMixin, View):
    """What providers see, what only the borough sees, the invitations, offers and questions."""

    def load(self, public_id, **kwargs):
        self.placement_request = access_request(self.request.user, public_id, what="request")

    def get(self, request, *args, **kwargs):
        return detail_page(request, self.placement_request)


class RequestActionView(StaffPageMixin, RefusalMixin, View):
    """POST one action on a request; subclasses name the form and call the service.

    A refusal at a field re-renders `page` with that form's errors (status 200); a transition
    the request's state does not allow re-renders it with the message and status 409; a
    refusal of the actor is the 403 page (`kernel.refusals`).
    """

    commissioner_only = True
    name = ""  # the key of the form on the page that shows the errors
    form_class: type[forms.Form] = forms.Form
    success_message = ""
    what = "request"

    def load(self, public_id, **kwargs):
        self.placement_request = access_request(self.request.user, public_id, what=self.what)

    def get_form(self, data=None):
        return self.form_class(data)

    def act(self, **cleaned):
        raise NotImplementedError

    def page(self, *, bound=None, error="", status=200):
        return detail_page(
            self.request, self.placement_request, bound=bound, error=error, status=status
        )

    def success_url(self, result) -> str:
        return detail_url(self.placement_request)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                result = self.act(**form.cleaned_data)
            except DomainError as error:
                if refusal := self.refused(error, form):
                    return refusal
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.success_url(result))
        self._reload()
        return self.page(bound={self.name: form})

    def conflict_response(self, error):
        self._reload()
        return self.page(error=error.message, status=409)

    def _reload(self) -> None:
        # A refused service may have changed the instance in memory before rolling back.
        self.placement_request.refresh_from_db(fields=["status", "decision_reason"])


class RequestCloseView(RequestActionView):
    """Close the request to offers: evaluation starts, unanswered invitations lapse."""

    success_message = "Offers closed. Compare the offers and award the placement."
    what = "close request"

    def act(self):
        return services.request_close(
            actor=self.request.user, placement_request=self.placement_request
        )

    def success_url(self, result) -> str:
        return reverse("placements:request_evaluation", args=[self.placement_request.public_id])


class RequestCancelView(RequestActionView):
    """A confirmation page with the reason; every provider that offered is told."""

    name = "cancel"
    success_message = "Request cancelled. Providers that offered have been told."
    what = "cancel request"

    def get_form(self, data=None):
        return ReasonForm(
            data,
            label="Why are you cancelling the request?",
            hint="Recorded on the request. Providers that offered are told it is cancelled.",
            button="Cancel request",
        )

    def get(self, request, *args, **kwargs):
        return self.page()

    def page(self, *, bound=None, error="", status=200):
        context = {
            "placement_request": self.placement_request,
            "form": (bound or {}).get(self.name) or self.get_form(),
            "action_error": error,
            "cancellable": "cancel" in request_actions(self.request.user, self.placement_request),
        }
        return render(
            self.request, "placements/requests/request_cancel.html", context, status=status
        )

    def act(self, reason):
        return services.request_cancel(
            actor=self.request.user, placement_request=self.placement_request, reason=reason
        )


class QuestionAnswerView(RequestActionView):
    """The commissioner's answer to a provider's question; the provider is emailed."""

    success_message = "Answer sent"

    def load(self, public_id, **kwargs):
        self.question = access_question(self.request.user, public_id)
        self.placement_request = access_request(
            self.request.user, self.question.invitation.request.public_id, what="answer question"
        )
        self.name = f"answer-{self.question.pk}"

    def get_form(self, data=None):
        return AnswerForm(data, question=self.question)

    def act(self, answer):
        return services.question_answer(
            actor=self.request.user, question=self.question, answer=answer
        )

    def success_url(self, result) -> str:
        return f"{detail_url(self.placement_request)}#questions"


urlpatterns = [
    path("requests/", RequestListView.as_view(), name="request_list"),
    path(
        "children/<uuid:public_id>/requests/new/",
        RequestCreateView.as_view(),
        name="request_create",
    ),
    path("requests/<uuid:public_id>/", RequestDetailView.as_view(), name="request_detail"),
    path("requests/<uuid:public_id>/edit/", RequestEditView.as_view(), name="request_edit"),
    path("requests/<uuid:public_id>/close/", RequestCloseView.as_view(), name="request_close"),
    path("requests/<uuid:public_id>/cancel/", RequestCancelView.as_view(), name="request_cancel"),
    path(
        "questions/<uuid:public_id>/answer/",
        QuestionAnswerView.as_view(),
        name="question_answer",
    ),
]
