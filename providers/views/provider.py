"""Pages for providers: register, organisation, settings, apply, upload, clarifications.

They are for a provider's own users only: council staff get 403 (reviewers have their own
screens), a signed-in user with no organisation is sent to register one, and another
provider's settings and applications answer 404 (providers.access). Every write goes through
providers.services; a refusal (DomainError) is shown at the field it names.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from kernel.confirmation import confirm
from kernel.errors import DomainError
from kernel.formviews import ServiceFormMixin

from .. import services
from ..access import access_application, access_setting
from ..choices import REQUIRED_EVIDENCE, SETTING_TYPE_LABELS, ApplicationStatus
from ..forms import (
    ClarificationAnswerForm,
    EvidenceForm,
    LotsForm,
    PriceForm,
    ProviderForm,
    QuestionnaireForm,
    SettingForm,
    StartApplicationForm,
)
from ..models import (
    Application,
    DynamicPurchasingSystem,
    Lot,
    PriceLine,
    Provider,
    Setting,
    provider_id_for,
)
from ..working_days import DECISION_LIMIT, add_working_days

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


# --- Applications -------------------------------------------------------------------------------


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


class ApplicationSubmitView(ApplicationDetailView):
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
            messages.error(request, error.message)
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


class ClarificationAnswerView(ApplicationDetailView):
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
                form.add_error("answer" if error.field == "answer" else None, error.message)
            else:
                messages.success(request, "Answer sent. Your application is back with the reviewer")
                return detail
        return self.render_to_response(self.get_context_data(answer_form=form))


class ApplicationSectionView(ApplicationPageMixin, ServiceFormView):
    """A section of the task list: a form while the application may change, else a summary."""

    def get_form(self, form_class=None):
        return super().get_form(form_class) if self.editable else None

    def post(self, request, *args, **kwargs):
        if not self.editable:
            return self.render_to_response(self.get_context_data(), status=409)
        return super().post(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse(
            "providers:application_detail", kwargs={"public_id": self.application.public_id}
        )


class ApplicationLotsView(ApplicationSectionView):
    template_name = "providers/provider/application_lots.html"
    form_class = LotsForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "lots": self.application.dps.lots.all(),
            "settings": Setting.objects.for_user(self.request.user).order_by("name"),
        }

    def get_initial(self):
        return LotsForm.initial_for(self.application, actor=self.request.user)

    def save(self, form) -> str:
        services.application_update(
            actor=self.request.user,
            application=self.application,
            lots=list(form.cleaned_data["lots"]),
            settings=list(form.cleaned_data["settings"]),
        )
        return self.detail_url()


class ApplicationQuestionnaireView(ApplicationSectionView):
    template_name = "providers/provider/application_questionnaire.html"
    form_class = QuestionnaireForm

    def get_initial(self):
        return QuestionnaireForm.initial_for(self.application)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exclusions"] = self.application.exclusions.all()
        context["reused"] = bool(
            self.application.declarations and not self.application.declarations_confirmed_at
        )
        return context

    def save(self, form) -> str:
        services.application_update(
            actor=self.request.user, application=self.application, **form.answers()
        )
        return self.detail_url()


class ApplicationEvidenceView(ApplicationSectionView):
    template_name = "providers/provider/application_evidence.html"
    form_class = EvidenceForm
    # Replacement documents may be asked for while a reviewer waits for a clarification.
    editable_statuses = (ApplicationStatus.DRAFT, ApplicationStatus.CLARIFICATION_REQUESTED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = self.application.documents.for_user(self.request.user)
        documents = list(own)
        current = {d.evidence_type for d in own.current()}
        context["documents"] = documents
        context["missing"] = [e.label for e in REQUIRED_EVIDENCE if e not in current]
        context["today"] = timezone.localdate()
        return context

    def save(self, form) -> str:
        document = services.evidence_upload(
            actor=self.request.user,
            application=self.application,
            evidence_type=form.cleaned_data["evidence_type"],
            uploaded_file=form.cleaned_data["file"],
            expires_on=form.cleaned_data["expires_on"],
        )
        messages.success(self.request, f"{document.get_evidence_type_display()} uploaded")
        return reverse(
            "providers:application_evidence", kwargs={"public_id": self.application.public_id}
        )


class ApplicationPricesView(ApplicationPageMixin, TemplateView):
    """The price schedule: one weekly ceiling rate per selected setting and lot."""

    template_name = "providers/provider/application_prices.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        lines = {(p.setting_id, p.lot_id): p for p in application.prices.all()}
        context["rows"] = [
            {"setting": setting, "lot": lot, "line": lines.get((setting.pk, lot.pk))}
            for setting in application.settings.for_user(self.request.user).order_by("name")
            for lot in application.lots.for_user(self.request.user).order_by("number")
        ]
        return context


class ApplicationPriceView(ApplicationSectionView):
    """One setting's price on one lot."""

    template_name = "providers/provider/application_price.html"
    form_class = PriceForm

    def load(self, public_id, setting_id, lot_number, **kwargs):
        super().load(public_id)
        user = self.request.user
        self.setting = get_object_or_404(
            self.application.settings.for_user(user), public_id=setting_id
        )
        self.lot = get_object_or_404(self.application.lots.for_user(user), number=lot_number)
        self.line = (
            PriceLine.objects.for_user(user)
            .filter(application=self.application, setting=self.setting, lot=self.lot)
            .first()
        )

    def get_initial(self):
        if self.line is not None:
            return {name: getattr(self.line, name) for name in PriceForm.base_fields}
        weeks = self.setting.weeks_offered
        return {"weeks_per_year": weeks[0]} if len(weeks) == 1 else {}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "setting": self.setting,
            "lot": self.lot,
            "line": self.line,
        }

    def save(self, form) -> str:
        services.price_line_set(
            actor=self.request.user,
            application=self.application,
            setting=self.setting,
            lot=self.lot,
            **form.rates(),
        )
        messages.success(self.request, f"Price saved for {self.setting.name} on {self.lot.name}")
        return reverse(
            "providers:application_prices", kwargs={"public_id": self.application.public_id}
        )


APPLICATION = "applications/<uuid:public_id>/"

urlpatterns = [
    path("register/", RegisterView.as_view(), name="register"),
    path("organisation/", OrganisationView.as_view(), name="organisation"),
    path("settings/", SettingListView.as_view(), name="setting_list"),
    path("settings/add/", SettingFormView.as_view(), name="setting_create"),
    path("settings/<uuid:public_id>/", SettingFormView.as_view(), name="setting_update"),
    path("applications/", ApplicationListView.as_view(), name="application_list"),
    path("applications/start/", ApplicationStartView.as_view(), name="application_start"),
    path(APPLICATION, ApplicationDetailView.as_view(), name="application_detail"),
    path(f"{APPLICATION}submit/", ApplicationSubmitView.as_view(), name="application_submit"),
    path(f"{APPLICATION}answer/", ClarificationAnswerView.as_view(), name="application_answer"),
    path(f"{APPLICATION}lots/", ApplicationLotsView.as_view(), name="application_lots"),
    path(
        f"{APPLICATION}questionnaire/",
        ApplicationQuestionnaireView.as_view(),
        name="application_questionnaire",
    ),
    path(f"{APPLICATION}evidence/", ApplicationEvidenceView.as_view(), name="application_evidence"),
    path(f"{APPLICATION}prices/", ApplicationPricesView.as_view(), name="application_prices"),
    path(
        f"{APPLICATION}prices/<uuid:setting_id>/lot-<int:lot_number>/",
        ApplicationPriceView.as_view(),
        name="application_price",
    ),
]
