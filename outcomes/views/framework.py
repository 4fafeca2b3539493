"""Pages for the outcomes framework: its versions, one version in full, sign-off and agreement,
and a consortium admin's editing of a draft (title, domains, indicators).

Council staff and provider users read every version. Commissioners and borough analysts sign a
draft off for their borough, provider users for their provider; a consortium admin starts,
edits and agrees versions (others get 403). Domains and indicators are addressed by their codes
within a version, so no sequential id reaches a URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from kernel.errors import DomainError, NotAllowed
from kernel.formviews import ServiceFormMixin
from kernel.navigation import NavItem
from kernel.pages import PageMixin
from kernel.refusals import RefusalMixin
from placements.access import is_borough_staff, is_provider_user

from ..access import access_version
from ..choices import GAS_DESCRIPTORS, VersionStatus
from ..forms.framework import DomainForm, IndicatorForm, VersionForm
from ..models import Domain, FrameworkVersion, Indicator
from ..selectors import framework as selectors
from ..services import framework as services


def detail_url(version: FrameworkVersion) -> str:
    return reverse("outcomes:framework_detail", kwargs={"public_id": version.public_id})


def is_member(user) -> bool:
    return is_borough_staff(user) or is_provider_user(user)


class MemberPageMixin(PageMixin):
    """Council staff and provider users (403 for anyone else); objects come through access_*."""

    def allows(self, user) -> bool:
        return is_member(user)

    def load(self, **kwargs) -> None:
        """Fetch the page's objects once the user may see pages like it."""


def _may_start(user, versions) -> bool:
    admin = user.borough_id is not None and services.is_consortium_admin(user, user.consortium_id)
    return admin and not any(v.status == VersionStatus.DRAFT for v in versions)


class FrameworkListView(MemberPageMixin, TemplateView):
    template_name = "outcomes/framework/framework_list.html"

    def get_context_data(self, **kwargs):
        versions = list(selectors.framework_version_list(actor=self.request.user))
        for version in versions:
            version.progress = selectors.sign_off_progress(version)
        return super().get_context_data(
            versions=versions, may_start=_may_start(self.request.user, versions), **kwargs
        )


class FrameworkDetailView(MemberPageMixin, TemplateView):
    template_name = "outcomes/framework/framework_detail.html"

    def load(self, public_id) -> None:
        found = access_version(self.request.user, public_id)
        self.version = selectors.framework_version_detail(actor=self.request.user, version=found)

    def get_context_data(self, **kwargs):
        user, version = self.request.user, self.version
        draft = version.status == VersionStatus.DRAFT
        sign_offs = list(version.sign_offs.all())
        missing = services.missing_boroughs(version) if draft else []
        party = services.signing_party(user, version) if draft else None
        is_admin = services.is_consortium_admin(user, version.consortium_id)
        domains = list(version.domains.all())
        for domain in domains:
            for indicator in domain.indicators.all():
                indicator.points = selectors.scale_points(indicator)
        return super().get_context_data(
            version=version,
            progress=selectors.sign_off_progress(version),
            domains=domains,
            gas_descriptors=sorted(GAS_DESCRIPTORS.items()),
            sign_offs=sign_offs,
            missing=missing,
            party=party,
            may_sign=party is not None and not _has_signed(party, sign_offs),
            is_admin=is_admin,
            editable=draft and is_admin,
            may_agree=draft and is_admin and not missing and version.provider_sign_offs > 0,
            may_start=is_admin and not draft_exists(self.request.user, version.consortium_id),
            **kwargs,
        )


def draft_exists(user, consortium_id: int) -> bool:
    drafts = FrameworkVersion.objects.for_user(user).filter(consortium_id=consortium_id)
    return drafts.filter(status=VersionStatus.DRAFT).exists()


def _has_signed(party, sign_offs) -> bool:
    return any(s.borough == party or s.provider == party for s in sign_offs)


# --- Actions: start, sign off, agree ------------------------------------------------------------


class VersionActionView(MemberPageMixin, RefusalMixin, View):
    """A button's POST: the service's refusal for the actor's role is the 403 page, a wrong
    state the 409; any other refusal (a missing sign-off) is shown on the version's page."""

    http_method_names = ["post"]
    success_message = ""

    def post(self, request, *args, **kwargs):
        try:
            version = self.act(request.user)
        except DomainError as error:
            return self.refused(error) or redirect(self.fallback_url())
        messages.success(request, self.success_message.format(version=version))
        return redirect(detail_url(version))

    def act(self, user) -> FrameworkVersion:
        raise NotImplementedError

    def fallback_url(self) -> str:
        return detail_url(self.version)

    def back_url(self) -> str:
        return self.fallback_url()


class FrameworkCreateView(VersionActionView):
    success_message = "Version {version.number} started as a draft"

    def act(self, user) -> FrameworkVersion:
        if user.borough_id is None:
            raise NotAllowed(services.MSG_ADMIN_ONLY)
        return services.framework_version_create(actor=user, consortium=user.borough.consortium)

    def fallback_url(self) -> str:
        return reverse("outcomes:framework_list")


class FrameworkSignOffView(VersionActionView):
    success_message = "You have signed off version {version.number}"

    def load(self, public_id) -> None:
        self.version = access_version(self.request.user, public_id)

    def act(self, user) -> FrameworkVersion:
        return services.framework_version_sign_off(actor=user, version=self.version).version


class FrameworkAgreeView(VersionActionView):
    success_message = "Version {version.number} is agreed: new targets are set against it"

    def load(self, public_id) -> None:
        self.version = access_version(self.request.user, public_id)

    def act(self, user) -> FrameworkVersion:
        return services.framework_version_agree(actor=user, version=self.version)


# --- Editing a draft ----------------------------------------------------------------------------


class DraftMixin(MemberPageMixin):
    """A consortium admin's page on a draft; a version no longer a draft goes back to its page."""

    def load(self, public_id, domain=None, indicator=None) -> None:
        user = self.request.user
        self.version = access_version(user, public_id)
        if not services.is_consortium_admin(user, self.version.consortium_id):
            raise PermissionDenied
        self.domain = _part(user, Domain, version=self.version, code=domain) if domain else None
        self.indicator = (
            _part(user, Indicator, domain=self.domain, code=indicator) if indicator else None
        )

    def get(self, request, *args, **kwargs):
        if self.version.status != VersionStatus.DRAFT:
            return self.not_a_draft()
        return super().get(request, *args, **kwargs)

    def back_url(self) -> str:
        return detail_url(self.version)

    def not_a_draft(self):
        status = self.version.get_status_display().lower()
        messages.info(self.request, services.MSG_NOT_DRAFT.format(status=status))
        return redirect(detail_url(self.version))

    def get_context_data(self, **kwargs):
        for word in ("public_id", "domain", "indicator"):  # the URL's words: load() read them
            kwargs.pop(word, None)
        return super().get_context_data(
            version=self.version,
            domain=self.domain,
            indicator=self.indicator,
            back_url=detail_url(self.version),
            sign_offs=self.version.sign_offs.count(),
            **kwargs,
        )


def _part(user, model, **lookup):
    found = model.objects.for_user(user).filter(**lookup).first()
    if found is None:
        raise Http404
    return found


class DraftFormView(DraftMixin, ServiceFormMixin, FormView):
    template_name = "outcomes/framework/draft_form.html"
    heading = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)

    def next_url(self) -> str:
        return detail_url(self.version)


class VersionEditView(DraftFormView):
    form_class = VersionForm
    heading = "Change the title and summary"
    success_message = "Title and summary saved"

    def get_initial(self):
        return {"title": self.version.title, "summary": self.version.summary}

    def save(self, form) -> str:
        services.framework_version_update(
            actor=self.request.user, version=self.version, **form.cleaned_data
        )
        return self.next_url()


class DomainFormView(DraftFormView):
    form_class = DomainForm
    success_message = "Domain saved"

    @property
    def heading(self) -> str:
        return f"Change {self.domain.name}" if self.domain else "Add a domain"

    def get_initial(self):
        d = self.domain
        return {"name": d.name, "code": d.code, "kind": d.kind} if d else {}

    def save(self, form) -> str:
        user, data = self.request.user, form.cleaned_data
        if self.domain is None:
            services.domain_create(actor=user, version=self.version, **data)
        else:
            services.domain_update(actor=user, domain=self.domain, **data)
        return self.next_url()


class IndicatorFormView(DraftFormView):
    form_class = IndicatorForm
    success_message = "Indicator saved"

    @property
    def heading(self) -> str:
        if self.indicator:
            return f"Change {self.indicator.name}"
        return f"Add an indicator to {self.domain.name}"

    def get_initial(self):
        return IndicatorForm.initial_for(self.indicator) if self.indicator else {}

    def save(self, form) -> str:
        data = {name: form.cleaned_data[name] for name in ("code", "name", "scale", "description")}
        user, descriptors = self.request.user, form.descriptors
        if self.indicator is None:
            services.indicator_create(
                actor=user, domain=self.domain, descriptors=descriptors, **data
            )
        else:
            services.indicator_update(
                actor=user, indicator=self.indicator, descriptors=descriptors, **data
            )
        return self.next_url()


class RemoveView(DraftMixin, RefusalMixin, TemplateView):
    """Confirm, then remove a draft's domain (with its indicators) or one indicator."""

    template_name = "outcomes/framework/remove.html"

    def post(self, request, *args, **kwargs):
        try:
            if self.indicator is not None:
                services.indicator_delete(actor=request.user, indicator=self.indicator)
            else:
                services.domain_delete(actor=request.user, domain=self.domain)
        except DomainError as error:
            if refusal := self.refused(error):
                return refusal
        else:
            messages.success(request, f"{(self.indicator or self.domain).name} removed")
        return redirect(detail_url(self.version))


NAV = (
    NavItem("Outcomes framework", "outcomes:framework_list", is_borough_staff, 20, "Outcomes"),
    NavItem("Outcomes framework", "outcomes:framework_list", is_provider_user, 20, "Outcomes"),
)

DOMAIN = "framework/<uuid:public_id>/domains/<slug:domain>/"
INDICATOR = f"{DOMAIN}indicators/<slug:indicator>/"

urlpatterns = [
    path("framework/", FrameworkListView.as_view(), name="framework_list"),
    path("framework/new/", FrameworkCreateView.as_view(), name="framework_create"),
    path("framework/<uuid:public_id>/", FrameworkDetailView.as_view(), name="framework_detail"),
    path(
        "framework/<uuid:public_id>/sign-off/",
        FrameworkSignOffView.as_view(),
        name="framework_sign_off",
    ),
    path("framework/<uuid:public_id>/agree/", FrameworkAgreeView.as_view(), name="framework_agree"),
    path("framework/<uuid:public_id>/edit/", VersionEditView.as_view(), name="framework_edit"),
    path("framework/<uuid:public_id>/domains/add/", DomainFormView.as_view(), name="domain_create"),
    path(f"{DOMAIN}edit/", DomainFormView.as_view(), name="domain_edit"),
    path(f"{DOMAIN}remove/", RemoveView.as_view(), name="domain_delete"),
    path(f"{DOMAIN}indicators/add/", IndicatorFormView.as_view(), name="indicator_create"),
    path(f"{INDICATOR}edit/", IndicatorFormView.as_view(), name="indicator_edit"),
    path(f"{INDICATOR}remove/", RemoveView.as_view(), name="indicator_delete"),
]
