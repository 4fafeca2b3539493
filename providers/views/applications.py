"""Pages for a provider's applications to a DPS: start, the task list and its sections (lots,
questionnaire, evidence, prices), clarification answers, and submission.

For a provider's own users only (views.provider.ProviderPageMixin); another provider's
application answers 404 (providers.access). Every write goes through providers.services; a
refusal (DomainError) is shown at the field it names.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from kernel.confirmation import confirm
from kernel.errors import DomainError
from kernel.refusals import RefusalMixin

from .. import services
from ..access import access_application
from ..choices import ApplicationStatus
from ..forms.applications import ClarificationAnswerForm, StartApplicationForm
from ..models import Application, DynamicPurchasingSystem, Lot
from ..working_days import DECISION_LIMIT, add_working_days
from .provider import ProviderPageMixin

# The task list's sections: (key, name, URL name); application_problems' fields map onto them.
SECTIONS = (
    ("lots", "Lots and settings", "providers:application_lots"),
    ("questionnaire", "Selection questionnaire", "providers:application_questionnaire"),
    ("evidence", "Evidence", "providers:application_evidence"),
    ("prices", "Price schedule", "providers:application_prices"),
)


def section_of(field: str) -> str:
    if field in ("lots", "settings"):
        return "lots"
    if field == "documents":
        return "evidence"
    if field == "prices":
        return "prices"
    return "questionnaire"  # exclusions, cover amounts, declarations


def open_dps_list(user):
    today = timezone.localdate()
    return DynamicPurchasingSystem.objects.for_user(user).filter(
        starts_on__lte=today, ends_on__gte=today
    )


class ApplicationListView(ProviderPageMixin, TemplateView):
    template_name = "providers/provider/application_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["applications"] = (
            Application.objects.for_user(self.request.user)
            .select_related("dps")
            .prefetch_related(Prefetch("lots", Lot.objects.for_user(self.request.user)))
        )
        context["open_dpss"] = open_dps_list(self.request.user)
        return context


class ApplicationStartView(ProviderPageMixin, FormView):
    http_method_names = ["post"]
    form_class = StartApplicationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dpss": open_dps_list(self.request.user)}

    def form_valid(self, form):
        application = services.application_start(
            actor=self.request.user, dps=form.cleaned_data["dps"]
        )
        return redirect("providers:application_detail", public_id=application.public_id)

    def form_invalid(self, form):
        messages.error(self.request, "That dynamic purchasing system is not open to applications")
        return redirect("providers:application_list")


class ApplicationPageMixin(ProviderPageMixin):
    """One of the provider's applications, or 404."""

    editable_statuses = (ApplicationStatus.DRAFT,)

    def load(self, public_id, **kwargs):
        self.application = access_application(self.request.user, public_id)

    @property
    def editable(self) -> bool:
        return self.application.status in self.editable_statuses

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(application=self.application, editable=self.editable)
        return context


class ApplicationDetailView(ApplicationPageMixin, TemplateView):
    """The application as a task list, with its status, questions and history."""

    template_name = "providers/provider/application_detail.html"

    def get_context_data(self, problems=None, answer_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context["sections"] = self.sections(services.application_problems(application))
        urls = {key: url_name for key, _, url_name in SECTIONS}
        context["problems"] = [
            (message, reverse(urls[section_of(field)], kwargs={"public_id": application.public_id}))
            for field, message in problems or []
        ]
        context["events"] = application.events.select_related("actor")
        context["clarifications"] = application.clarifications.select_related(
            "asked_by", "answered_by"
        )
        if application.status == ApplicationStatus.CLARIFICATION_REQUESTED:
            context["answer_form"] = answer_form or ClarificationAnswerForm()
            context["answer_url"] = reverse(
                "providers:application_answer", kwargs={"public_id": application.public_id}
            )
        return context

    def sections(self, problems) -> list[dict]:
        unfinished = {section_of(field) for field, _ in problems}
        can_price = "lots" not in unfinished
        rows = []
        for key, name, url_name in SECTIONS:
            if key == "prices" and not can_price and self.editable:
                status = "cannot_start"
            else:
                status = "incomplete" if key in unfinished else "completed"
            href = reverse(url_name, kwargs={"public_id": self.application.public_id})
            rows.append({"key": key, "name": name, "href": href, "status": status})
        return rows


class ApplicationSubmitView(RefusalMixin, ApplicationDetailView):
    """Submit in two steps: the provider checks the whole application (with the date a decision
    is due), then confirms; the application page opens with a confirmation panel."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = self.application
        if request.POST.get("confirm") != "yes":
            problems = services.application_problems(application)
            if problems or application.status != ApplicationStatus.DRAFT:
                return self.submit(request)  # the service says what is wrong, as before
            return render(
                request,
                "providers/provider/application_check.html",
                self.get_context_data(
                    lots=application.lots.order_by("name"),
                    prices=application.prices.select_related("setting", "lot").order_by(
                        "setting__name", "lot__name"
                    ),
                    documents=application.documents.for_user(request.user).current(),
                    due_on=add_working_days(timezone.localdate(), DECISION_LIMIT),
                ),
            )
        return self.submit(request)

    def submit(self, request):
        try:
            services.application_submit(actor=request.user, application=self.application)
        except services.ApplicationIncomplete as incomplete:
            return self.render_to_response(self.get_context_data(problems=incomplete.problems))
        except DomainError as error:
            if refusal := self.refused(error):
                return refusal
        else:
            due_on = add_working_days(timezone.localdate(), DECISION_LIMIT)
            confirm(
                request,
                title="Application submitted",
                reference=self.application.reference,
                body=f"The consortium should decide by {due_on:%-d %B %Y} (10 working "
                "days). It may ask you questions first, and may extend the time to 15 working "
                "days if it tells you why. We have emailed you a copy.",
            )
        return redirect("providers:application_detail", public_id=self.application.public_id)


class ClarificationAnswerView(RefusalMixin, ApplicationDetailView):
    """Answers the open question (a reviewer asks one at a time)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        detail = redirect("providers:application_detail", public_id=self.application.public_id)
        question = self.application.clarifications.filter(answered_at__isnull=True).first()
        if question is None:
            return detail
        form = ClarificationAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.clarification_answer(
                    actor=request.user, clarification=question, answer=form.cleaned_data["answer"]
                )
            except DomainError as error:
                if refusal := self.refused(error, form):
                    return refusal
            else:
                messages.success(request, "Answer sent. Your application is back with the reviewer")
                return detail
        return self.render_to_response(self.get_context_data(answer_form=form))


APPLICATION = "applications/<uuid:public_id>/"

urlpatterns = [
    path("applications/", ApplicationListView.as_view(), name="application_list"),
    path("applications/start/", ApplicationStartView.as_view(), name="application_start"),
    path(APPLICATION, ApplicationDetailView.as_view(), name="application_detail"),
    path(f"{APPLICATION}submit/", ApplicationSubmitView.as_view(), name="application_submit"),
    path(f"{APPLICATION}answer/", ClarificationAnswerView.as_view(), name="application_answer"),
]
