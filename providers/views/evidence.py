"""Evidence outside applications: providers replace expiring documents, reviewers accept them.

Accepting a valid replacement restores enrolments the daily check suspended (services).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.views import View
from django.views.generic import FormView, TemplateView

from kernel.errors import DomainError
from kernel.refusals import RefusalMixin

from .. import services
from ..access import access_document, is_provider_user
from ..forms.applications import EvidenceForm
from ..models import EvidenceDocument, provider_id_for
from .review import ReviewerRequiredMixin


class ProviderEvidenceView(LoginRequiredMixin, RefusalMixin, FormView):
    """The provider's documents, newest first, and a form to add a replacement."""

    template_name = "providers/evidence/provider_evidence.html"
    form_class = EvidenceForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_provider_user(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        documents = (
            EvidenceDocument.objects.for_user(self.request.user)
            .filter(provider_id=provider_id_for(self.request.user))
            .order_by("evidence_type", "-uploaded_at")
        )
        return super().get_context_data(documents=documents, **kwargs)

    def form_valid(self, form):
        try:
            document = services.evidence_replace(
                actor=self.request.user,
                evidence_type=form.cleaned_data["evidence_type"],
                uploaded_file=form.cleaned_data["file"],
                expires_on=form.cleaned_data.get("expires_on"),
            )
        except DomainError as error:
            return self.refused(error, form) or self.form_invalid(form)
        messages.success(
            self.request, f"{document.original_name} uploaded. The programme team will check it."
        )
        return redirect("providers:evidence")


class EvidenceToCheckView(ReviewerRequiredMixin, TemplateView):
    """Documents providers sent outside an application that nobody has accepted yet."""

    template_name = "providers/evidence/evidence_to_check.html"

    def get_context_data(self, **kwargs):
        documents = (
            EvidenceDocument.objects.for_user(self.request.user)
            .filter(application__isnull=True, accepted_at__isnull=True, rejected_at__isnull=True)
            .select_related("provider")
            .order_by("uploaded_at")
        )
        return super().get_context_data(documents=documents, **kwargs)


class EvidenceAcceptView(ReviewerRequiredMixin, View):
    def post(self, request, public_id):
        document = access_document(request.user, public_id)
        services.evidence_accept(actor=request.user, document=document)
        messages.success(
            request, f"{document.provider}: {document.get_evidence_type_display()} accepted"
        )
        return redirect("providers:evidence_to_check")


urlpatterns = [
    path("evidence/", ProviderEvidenceView.as_view(), name="evidence"),
    path("evidence/to-check/", EvidenceToCheckView.as_view(), name="evidence_to_check"),
    path("evidence/<uuid:public_id>/accept/", EvidenceAcceptView.as_view(), name="evidence_accept"),
]
