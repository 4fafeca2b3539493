"""Pages for a placement's agreement, for both sides: read it, download its PDF (logged), the
provider signs, the commissioner counter-signs; fee change variations proposed, accepted and
signed, and moves and ends acknowledged.

Both sides reach the agreement through `access_agreement` (404 for anyone else); who may sign
what is the policy's answer (placements.rules), asked again by the services.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from boroughs import policy
from kernel.confirmation import confirm
from kernel.errors import InvalidTransition
from kernel.formviews import ServiceFormMixin
from kernel.pages import PageMixin

from .. import services
from ..access import access_agreement, access_variation, is_borough_staff, is_provider_user
from ..agreement_actions import agreement_actions, may_propose_variation, variation_actions
from ..choices import VariationKind
from ..forms.agreements import FeeVariationForm, SignatureForm


def agreement_url(agreement) -> str:
    return reverse("placements:agreement_detail", kwargs={"public_id": agreement.public_id})


class BothSidesMixin(PageMixin):
    """Council staff and provider users; the object decides (404 for another tenant's)."""

    def allows(self, user) -> bool:
        return is_borough_staff(user) or is_provider_user(user)


class AgreementDetailView(BothSidesMixin, TemplateView):
    template_name = "placements/agreements/agreement_detail.html"

    def load(self, public_id) -> None:
        self.agreement = access_agreement(self.request.user, public_id)

    def get_context_data(self, **kwargs):
        user, agreement = self.request.user, self.agreement
        variations = [
            (variation, variation_actions(user, variation))
            for variation in agreement.variations.all().prefetch_related("signatures")
        ]
        placement = agreement.placement
        return super().get_context_data(
            agreement=agreement,
            content=agreement.content,
            placement=placement,
            placement_url=reverse(
                "placements:provider_placement_detail"
                if is_provider_user(user)
                else "placements:placement_detail",
                kwargs={"public_id": placement.public_id},
            ),
            signatures=[s for s in agreement.signatures.all() if s.variation_id is None],
            actions=agreement_actions(user, agreement),
            council=is_borough_staff(user),
            may_propose=may_propose_variation(user, agreement),
            variations=variations,
            **kwargs,
        )


class AgreementDownloadView(BothSidesMixin, View):
    """The PDF of the agreement's stage, as an attachment; every download is logged."""

    def load(self, public_id) -> None:
        self.agreement = access_agreement(self.request.user, public_id, what="download")

    def get(self, request, *args, **kwargs):
        try:
            data, filename = services.agreement_download(
                actor=request.user, agreement=self.agreement
            )
        except InvalidTransition as error:
            raise Http404(error.message) from error
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SignView(BothSidesMixin, ServiceFormMixin, FormView):
    """A signature in two steps: the signer checks what they sign and their answers, then
    confirms; a confirmation panel follows."""

    form_class = SignatureForm
    template_name = "placements/agreements/sign_form.html"
    permission = ""  # who may sign here (403 for others); the state is the service's to refuse
    heading = ""
    done = ""

    def signed(self):
        """The agreement or variation signed here."""
        return self.agreement

    def allows_loaded(self, user) -> bool:
        return policy.may(user, self.permission, self.signed())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agreement=self.agreement,
            content=self.agreement.content,
            variation=getattr(self, "variation", None),
            heading=self.heading,
            back_url=agreement_url(self.agreement),
            **kwargs,
        )

    def form_valid(self, form):
        if self.request.POST.get("confirm") == "yes":
            return super().form_valid(form)
        hidden = [("name", form.cleaned_data["name"]), ("role", form.cleaned_data["role"])]
        context = self.get_context_data(form=form, checked=form.cleaned_data, hidden=hidden)
        return render(self.request, "placements/agreements/sign_check.html", context)

    def save(self, form) -> str:
        self.sign(name=form.cleaned_data["name"], role=form.cleaned_data["role"])
        confirm(self.request, title=self.done, reference=self.reference())
        return agreement_url(self.agreement)

    def reference(self) -> str:
        return self.agreement.reference


class AgreementSignView(SignView):
    permission = "placements.sign_agreement"
    heading = "Sign the agreement"
    done = "Agreement signed"

    def load(self, public_id) -> None:
        self.agreement = access_agreement(self.request.user, public_id, what="sign")

    def sign(self, **signer):
        services.agreement_sign(actor=self.request.user, agreement=self.agreement, **signer)


class AgreementCountersignView(AgreementSignView):
    permission = "placements.countersign_agreement"
    heading = "Counter-sign the agreement"
    done = "Agreement counter-signed"

    def sign(self, **signer):
        services.agreement_countersign(actor=self.request.user, agreement=self.agreement, **signer)


class VariationSignView(SignView):
    """The provider accepts (or acknowledges); the commissioner signs a fee change."""

    permission = "placements.sign_variation"
    heading = "Sign the fee change"
    done = "Variation signed: the new fee is in force from its date"

    def load(self, public_id) -> None:
        self.variation = access_variation(self.request.user, public_id)
        self.agreement = self.variation.agreement

    def signed(self):
        return self.variation

    def reference(self) -> str:
        return self.variation.reference

    def sign(self, **signer):
        services.variation_sign(actor=self.request.user, variation=self.variation, **signer)


class VariationAcceptView(VariationSignView):
    """A fee change is accepted; a move or an end (the council's notice) is acknowledged."""

    permission = "placements.accept_variation"

    @property
    def heading(self) -> str:
        return "Accept the fee change" if self._fee_change() else "Acknowledge the notice"

    @property
    def done(self) -> str:
        return "Variation accepted" if self._fee_change() else "Notice acknowledged"

    def _fee_change(self) -> bool:
        return self.variation.kind == VariationKind.FEE_CHANGE

    def sign(self, **signer):
        services.variation_accept(actor=self.request.user, variation=self.variation, **signer)


class VariationProposeView(BothSidesMixin, ServiceFormMixin, FormView):
    """The commissioner proposes a new fee schedule from a date."""

    form_class = FeeVariationForm
    template_name = "placements/agreements/variation_form.html"
    success_message = "Fee change proposed: the provider is asked to accept it"

    def load(self, public_id) -> None:
        self.agreement = access_agreement(self.request.user, public_id, what="vary")

    def allows_loaded(self, user) -> bool:
        return may_propose_variation(user, self.agreement)

    def get_initial(self):
        lines = self.agreement.placement.fees.order_by("-effective_from").first()
        schedule = lines.schedule() if lines is not None else {}
        return {part: amount for part, amount in schedule.items() if part != "fee"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agreement=self.agreement, back_url=agreement_url(self.agreement), **kwargs
        )

    def save(self, form) -> str:
        data = form.cleaned_data
        services.variation_propose_fee(
            actor=self.request.user,
            agreement=self.agreement,
            effective_on=data["effective_on"],
            lines=form.lines(),
            reason=data["reason"],
        )
        return agreement_url(self.agreement)


def placement_agreement_redirect(agreement):
    """Where the old fee change page sends a commissioner under an agreement."""
    return redirect(
        reverse("placements:variation_propose", kwargs={"public_id": agreement.public_id})
    )


urlpatterns = [
    path("agreements/<uuid:public_id>/", AgreementDetailView.as_view(), name="agreement_detail"),
    path(
        "agreements/<uuid:public_id>/download/",
        AgreementDownloadView.as_view(),
        name="agreement_download",
    ),
    path("agreements/<uuid:public_id>/sign/", AgreementSignView.as_view(), name="agreement_sign"),
    path(
        "agreements/<uuid:public_id>/countersign/",
        AgreementCountersignView.as_view(),
        name="agreement_countersign",
    ),
    path(
        "agreements/<uuid:public_id>/variations/new/",
        VariationProposeView.as_view(),
        name="variation_propose",
    ),
    path(
        "variations/<uuid:public_id>/accept/",
        VariationAcceptView.as_view(),
        name="variation_accept",
    ),
    path("variations/<uuid:public_id>/sign/", VariationSignView.as_view(), name="variation_sign"),
]
