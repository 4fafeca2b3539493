"""Pages for reviewers (lead-borough commissioners, consortium admins): queue and review.

Each decision is a POST to its own URL. It answers with a redirect and a success message; a
missing reason is shown at its field; an action the application's state does not allow
re-renders the review screen with the domain's message and status 409, changing nothing.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from boroughs import policy
from kernel.confirmation import confirm
from kernel.errors import DomainError
from kernel.pages import PageMixin
from kernel.refusals import RefusalMixin
from kernel.workflow import actions

from .. import services
from ..access import access_application_for_review, is_reviewer
from ..choices import ApplicationStatus, Declaration, ReviewOutcome
from ..forms.review import (
    AccreditForm,
    ClarificationForm,
    ExtendDeadlineForm,
    RejectForm,
    ReviewCheckForm,
    StartReviewForm,
)
from ..selectors.accreditation import (
    decision_working_days,
    exclusion_answers,
    review_checklist,
    review_queue,
)
from ..selectors.deadlines import application_deadline, median
from ..workflow import REVIEW_ACTIONS, REVIEWER, application_machine

TEMPLATE = "providers/review/review.html"


class ReviewerRequiredMixin(PageMixin):
    """Refuses (403) anyone who does not review applications."""

    def allows(self, user) -> bool:
        return is_reviewer(user)


class QueueView(ReviewerRequiredMixin, TemplateView):
    template_name = "providers/review/queue.html"

    def get_context_data(self, **kwargs):
        actor = self.request.user
        context = super().get_context_data(**kwargs)
        context["rows"] = review_queue(actor=actor)
        context["median_days"] = median(decision_working_days(actor=actor)[None])
        return context


def _check_form(item, data=None) -> ReviewCheckForm:
    return ReviewCheckForm(data, prefix=f"check-{item.subject}", subject_label=item.label)


def review_actions(user, application) -> frozenset[str]:
    """The decisions the review screen offers: the moves the machine gives a reviewer from the
    application's state, which the policy lets this user make."""
    return actions(
        application_machine(),
        application,
        party=REVIEWER,
        offered=REVIEW_ACTIONS,
        may=partial(policy.may, user),
    )


def review_page(request, application, *, bound=None, error: str = "", status: int = 200):
    """The review screen; `bound` is a form that failed (name -> form), shown with its errors."""
    bound = bound or {}
    checklist = review_checklist(application)
    reviewing = application.status == ApplicationStatus.UNDER_REVIEW
    for item in checklist:
        item.form = bound.get(item.subject) or (_check_form(item) if reviewing else None)
    forms = {
        "start_form": bound.get("start") or StartReviewForm(),
        "clarify_form": bound.get("clarify") or ClarificationForm(),
        "accredit_form": bound.get("accredit") or AccreditForm(),
        "reject_form": bound.get("reject") or RejectForm(),
        "extend_form": bound.get("extend") or ExtendDeadlineForm(),
    }
    failed = next((form for form in bound.values() if form.errors), None)
    context = {
        "application": application,
        "deadline": application_deadline(application),
        "checklist": checklist,
        "sections": {item.subject: item for item in checklist if item.document is None},
        "exclusions": exclusion_answers(application),
        "declarations": [(d.label, d.value in application.declarations) for d in Declaration],
        "unpassed": [
            item.label
            for item in checklist
            if item.latest is None or item.latest.outcome != ReviewOutcome.PASS
        ],
        "error_form": failed,
        "action_error": error,
        "has_errors": bool(failed or error),
        "actions": review_actions(request.user, application),
        "can_extend": not application.deadline_extended
        and application.status in services.DECIDING_STATUSES,
        **forms,
    }
    return render(request, TEMPLATE, context, status=status)


class ReviewView(ReviewerRequiredMixin, View):
    def get(self, request, public_id):
        application = access_application_for_review(request.user, public_id)
        return review_page(request, application)


class ReviewActionView(ReviewerRequiredMixin, RefusalMixin, View):
    """POST one action on an application; subclasses name the form and call the service.
    A refusal is answered the one way (`kernel.refusals`): a wrong state re-renders the review
    screen with the message and 409."""

    name = ""  # which form on the review screen shows the errors
    form_class: type | None = None
    success_message = ""

    def get_form(self, application):
        return self.form_class(self.request.POST)

    def act(self, application, **cleaned) -> None:
        raise NotImplementedError

    def get_success_message(self, application, cleaned) -> str:
        return self.success_message.format(application=application)

    def get_success_url(self, application) -> str:
        return reverse("providers:review", kwargs={"public_id": application.public_id})

    def conflict_response(self, error):
        return review_page(self.request, self.application, error=error.message, status=409)

    def post(self, request, public_id):
        application = self.application = access_application_for_review(request.user, public_id)
        form = self.get_form(application)
        if form.is_valid():
            try:
                self.act(application, **form.cleaned_data)
            except DomainError as error:
                if refusal := self.refused(error, form):
                    return refusal
            else:
                messages.success(request, self.get_success_message(application, form.cleaned_data))
                return redirect(self.get_success_url(application))
        return review_page(request, application, bound={self.name: form})


class StartReviewView(ReviewActionView):
    name, form_class = "start", StartReviewForm
    success_message = "Review started"

    def act(self, application):
        services.application_start_review(actor=self.request.user, application=application)


class ClarifyView(ReviewActionView):
    name, form_class = "clarify", ClarificationForm
    success_message = "Question sent to {application.provider}"

    def act(self, application, question):
        services.clarification_request(
            actor=self.request.user, application=application, question=question
        )


class AccreditView(ReviewActionView):
    """Accredit in two steps: the reviewer checks what will be enrolled (every refusal asked
    first: the state, and the provider's confirmed company details), then confirms; the review
    screen opens with a confirmation panel quoting the application's reference."""

    name, form_class = "accredit", AccreditForm

    def post(self, request, public_id):
        if request.POST.get("confirm") == "yes":
            return super().post(request, public_id)
        application = self.application = access_application_for_review(request.user, public_id)
        form = self.get_form(application)
        if not form.is_valid():
            return review_page(request, application, bound={self.name: form})
        try:
            services.accredit_check(actor=request.user, application=application)
        except DomainError as error:
            return self.refused(error, form) or review_page(
                request, application, bound={self.name: form}
            )
        return render(
            request,
            "providers/review/accredit_check.html",
            {
                "application": application,
                "prices": application.prices.select_related("setting", "lot").order_by(
                    "setting__name", "lot__name"
                ),
                "reason": form.cleaned_data["reason"],
                "unpassed": [
                    item.label
                    for item in review_checklist(application)
                    if item.latest is None or item.latest.outcome != ReviewOutcome.PASS
                ],
            },
        )

    def act(self, application, reason):
        enrolments = services.application_accredit(
            actor=self.request.user, application=application, reason=reason.strip()
        )
        confirm(
            self.request,
            title="Application accredited",
            reference=application.reference,
            body=f"{application.provider} is accredited and {len(enrolments)} setting "
            f"enrolment{'s are' if len(enrolments) != 1 else ' is'} live on the DPS. The "
            "provider has been emailed.",
        )


class RejectView(ReviewActionView):
    name, form_class = "reject", RejectForm
    success_message = "Application from {application.provider} rejected"

    def act(self, application, reason):
        services.application_reject(actor=self.request.user, application=application, reason=reason)


class ExtendDeadlineView(ReviewActionView):
    name, form_class = "extend", ExtendDeadlineForm
    success_message = "Deadline extended to 15 working days; {application.provider} is told why"

    def act(self, application, reason):
        services.application_extend_deadline(
            actor=self.request.user, application=application, reason=reason
        )


class RecordCheckView(ReviewActionView):
    """POST the outcome of checking one document or section (`subject` names which)."""

    def get_form(self, application):
        items = {item.subject: item for item in review_checklist(application)}
        self.name = self.request.POST.get("subject", "")
        if self.name not in items:
            raise Http404
        self.item = items[self.name]
        return _check_form(self.item, self.request.POST)

    def act(self, application, outcome, reason):
        services.review_item_record(
            actor=self.request.user,
            application=application,
            outcome=outcome,
            document=self.item.document,
            question="" if self.item.document else self.item.subject,
            reason=reason,
        )

    def get_success_message(self, application, cleaned) -> str:
        return f"{self.item.label}: {ReviewOutcome(cleaned['outcome']).label.lower()} recorded"

    def get_success_url(self, application) -> str:
        return f"{super().get_success_url(application)}#check-{self.item.subject}"


urlpatterns = [
    path("accreditation/", QueueView.as_view(), name="accreditation_queue"),
    path("accreditation/<uuid:public_id>/", ReviewView.as_view(), name="review"),
    path("accreditation/<uuid:public_id>/start/", StartReviewView.as_view(), name="review_start"),
    path("accreditation/<uuid:public_id>/clarify/", ClarifyView.as_view(), name="review_clarify"),
    path(
        "accreditation/<uuid:public_id>/accredit/",
        AccreditView.as_view(),
        name="review_accredit",
    ),
    path("accreditation/<uuid:public_id>/reject/", RejectView.as_view(), name="review_reject"),
    path(
        "accreditation/<uuid:public_id>/extend/",
        ExtendDeadlineView.as_view(),
        name="review_extend",
    ),
    path("accreditation/<uuid:public_id>/checks/", RecordCheckView.as_view(), name="review_check"),
]
