"""The sections of a provider's application, from its task list: lots and settings, the
selection questionnaire, evidence, and the price schedule with each setting's price on a lot.

Each is a form while the application is a draft (views.applications.ApplicationPageMixin); its
valid data goes to a service (providers.services), whose refusal is shown at its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from .. import services
from ..choices import REQUIRED_EVIDENCE, ApplicationStatus
from ..forms.applications import EvidenceForm, LotsForm, PriceForm, QuestionnaireForm
from ..models import PriceLine, Setting
from .applications import APPLICATION, ApplicationPageMixin
from .provider import ServiceFormView


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


urlpatterns = [
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
