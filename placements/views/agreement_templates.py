"""Pages for the agreement templates: council staff read each strand's current version and its
history; consortium admins write a new version. Agreements keep the version they were made
under, so a new version changes only agreements drafted after it."""

from __future__ import annotations

from django import forms
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from boroughs import policy
from boroughs.models import Strand
from kernel.formviews import ServiceFormMixin

from .. import services
from ..forms.agreements import TemplateVersionForm
from ..models import AgreementTemplate
from .base import StaffPageMixin


class TemplateListView(StaffPageMixin, TemplateView):
    template_name = "placements/agreements/template_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        templates = AgreementTemplate.objects.for_user(user).select_related("strand", "created_by")
        return super().get_context_data(
            templates=list(templates.order_by("strand__kind", "-version")),
            may_write=any(
                policy.may(user, "placements.add_agreementtemplate", strand)
                for strand in Strand.objects.for_user(user)
            ),
            **kwargs,
        )


class TemplateCreateView(StaffPageMixin, ServiceFormMixin, FormView):
    """A new version of one strand's template, starting from its current version."""

    template_name = "placements/agreements/template_form.html"
    form_class = TemplateVersionForm
    success_message = "New version saved: agreements drafted from now on use it"

    def allows(self, user) -> bool:
        return policy.actor_of(user).has_role("consortium_admin")

    def strands(self):
        return Strand.objects.for_user(self.request.user).order_by("kind")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["strand"] = forms.ModelChoiceField(
            queryset=self.strands(),
            label="Strand",
            empty_label=None,
            to_field_name="slug",
            error_messages={"required": "Select the strand"},
        )
        form.helper.layout.fields.insert(0, "strand")
        return form

    def get_initial(self):
        strand = self.strands().filter(slug=self.request.GET.get("strand", "")).first()
        strand = strand or self.strands().first()
        if strand is None:
            return {}
        current = services.agreement_template_current(strand=strand)
        return {
            "strand": strand.slug,
            "title": current.title,
            "sections": TemplateVersionForm.sections_text(current.sections),
            "notice": current.notice,
            "termination": current.termination,
        }

    def save(self, form) -> str:
        data = form.cleaned_data
        services.agreement_template_create(
            actor=self.request.user,
            strand=data["strand"],
            title=data["title"],
            sections=form.parsed_sections(),
            notice=data["notice"],
            termination=data["termination"],
        )
        return reverse("placements:agreement_template_list")


urlpatterns = [
    path("agreement-templates/", TemplateListView.as_view(), name="agreement_template_list"),
    path(
        "agreement-templates/new/", TemplateCreateView.as_view(), name="agreement_template_create"
    ),
]
