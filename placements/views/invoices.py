"""Pages for invoices: a provider's list, its invoice form, CSV upload and corrections; the
invoice's own page for both sides, with its match, history and the actions the state machine
offers the reader (a borough's commissioner decides and records payment).

Providers see their own invoices by placement reference, never the child's; council staff see
their borough's, with the child's reference (each view logged, placements.access).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from boroughs import policy
from kernel.formviews import ServiceFormMixin
from kernel.pages import PageMixin
from kernel.pagination import paginate
from kernel.workflow import Action, actions

from .. import selectors, services
from ..access import access_invoice, access_invoice_upload, is_borough_staff, is_provider_user
from ..choices import InvoiceStatus, PlacementStatus
from ..forms.invoices import (
    DECISIONS,
    CorrectionForm,
    CsvUploadForm,
    DecisionForm,
    InvoiceForm,
    PaymentForm,
)
from ..models import Invoice, Placement
from ..services.invoice_jobs import BACKGROUND_ROWS, invoice_upload_start, rows_in
from ..services.invoice_upload import INVOICE_COLUMNS, invoices_upload
from ..workflow import COMMISSIONER, PROVIDER, invoice_machine
from .base import ProviderFormView, ProviderPageMixin

DECISION_TARGETS = {
    "approve": InvoiceStatus.APPROVED,
    "query": InvoiceStatus.QUERIED,
    "dispute": InvoiceStatus.DISPUTED,
}


def invoice_url(invoice: Invoice) -> str:
    return reverse("placements:invoice_detail", kwargs={"public_id": invoice.public_id})


# --- The provider's side --------------------------------------------------------------------------


class ProviderInvoiceListView(ProviderPageMixin, TemplateView):
    template_name = "placements/invoices/provider_invoice_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        status = status if status in InvoiceStatus.values else ""
        qs = selectors.invoice_list(actor=self.request.user, status=status)
        page = paginate(self.request, qs)
        return super().get_context_data(
            invoices=list(page.object_list),
            page=page,
            status=status,
            statuses=InvoiceStatus.choices,
            **kwargs,
        )


class InvoiceSubmitView(ProviderFormView):
    template_name = "placements/invoices/invoice_form.html"
    form_class = InvoiceForm
    success_message = "Invoice submitted"

    def get_form_kwargs(self):
        placements = (
            Placement.objects.for_user(self.request.user)
            .filter(status=PlacementStatus.ACTIVE)  # awarded ones too: a month may be billed
            .select_related("setting")
            .order_by("pk")
        )
        return {**super().get_form_kwargs(), "placements": placements}

    def save(self, form) -> str:
        data = form.cleaned_data
        invoice = services.invoice_submit(
            actor=self.request.user,
            placement=form.placement_chosen(),
            number=data["number"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            lines=form.lines(),
        )
        return invoice_url(invoice)


class InvoiceUploadView(ProviderFormView):
    template_name = "placements/invoices/invoice_upload.html"
    form_class = CsvUploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "columns": INVOICE_COLUMNS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=INVOICE_COLUMNS, **kwargs)

    def save(self, form) -> str:
        uploaded = form.cleaned_data["file"]
        if rows_in(uploaded) > BACKGROUND_ROWS:  # more than a second's work: a worker reads it
            upload = invoice_upload_start(actor=self.request.user, uploaded=uploaded)
            return reverse(
                "placements:invoice_upload_status", kwargs={"public_id": upload.public_id}
            )
        saved = invoices_upload(actor=self.request.user, uploaded=uploaded)
        variances = sum(1 for invoice in saved if invoice.status == InvoiceStatus.VARIANCE)
        messages.success(
            self.request,
            f"{len(saved)} invoices uploaded: {len(saved) - variances} matched, "
            f"{variances} with a variance",
        )
        return reverse("placements:provider_invoice_list")


class InvoiceUploadStatusView(ProviderPageMixin, TemplateView):
    """A background upload's progress; htmx asks for the panel again while it runs."""

    template_name = "placements/invoices/invoice_upload_status.html"

    def load(self, public_id) -> None:
        self.upload = access_invoice_upload(self.request.user, public_id)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["placements/invoices/_upload_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(upload=self.upload, **kwargs)


# --- One invoice, both sides ----------------------------------------------------------------------


class InvoicePageMixin(PageMixin):
    """The invoice (404 for another borough's or another provider's)."""

    def allows(self, user) -> bool:
        return is_borough_staff(user) or is_provider_user(user)

    def load(self, public_id) -> None:
        self.invoice = access_invoice(self.request.user, public_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invoice=self.invoice, detail_url=invoice_url(self.invoice), **kwargs
        )


def _decide(to: str) -> Action:
    return Action(to, to=frozenset({to}), permission="placements.decide_invoice")


# What the invoice's page offers, as the state machine and the policy allow the reader.
OFFERED = (
    _decide(InvoiceStatus.APPROVED),
    _decide(InvoiceStatus.QUERIED),
    _decide(InvoiceStatus.DISPUTED),
    _decide(InvoiceStatus.PAID),
    Action(
        InvoiceStatus.REPLACED,
        to=frozenset({InvoiceStatus.REPLACED}),
        permission="placements.correct_invoice",
    ),
)


def offered_to(user, invoice: Invoice) -> frozenset[str]:
    """The states this user may move the invoice to from its page."""
    party = PROVIDER if is_provider_user(user) else COMMISSIONER
    may = lambda permission, obj: policy.may(user, permission, obj)  # noqa: E731
    return actions(invoice_machine(), invoice, party=party, offered=OFFERED, may=may)


def match_rows(invoice: Invoice) -> list[dict]:
    return [
        {key: Decimal(value) if key != "part" else value for key, value in line.items()}
        for line in invoice.match_lines
    ]


def charge_explanation(invoice: Invoice) -> list[str]:
    """How the expected charge was worked out: as kept on the version, or, for one from a
    large upload (which keeps the figures only), worked out again, shown only while it comes
    to the same total, so the words never describe figures other than the kept ones."""
    if invoice.charge_explanation:
        return invoice.charge_explanation
    from ..charges import expected_charge

    charge = expected_charge(invoice.placement, invoice.period_start, invoice.period_end)
    return list(charge.explanation) if charge.total == invoice.expected_total else []


class InvoiceDetailView(InvoicePageMixin, TemplateView):
    template_name = "placements/invoices/invoice_detail.html"

    def get_context_data(self, **kwargs):
        user, invoice = self.request.user, self.invoice
        offered = offered_to(user, invoice)
        decisions = [(key, label) for key, label in DECISIONS if DECISION_TARGETS[key] in offered]
        versions = Invoice.objects.for_user(user).filter(
            provider_id=invoice.provider_id, number=invoice.number
        )
        return super().get_context_data(
            is_staff=is_borough_staff(user),
            lines=list(invoice.lines.all()),
            match_rows=match_rows(invoice),
            charge_explanation=charge_explanation(invoice),
            events=list(invoice.events.select_related("actor")),
            versions=list(versions.order_by("version")),
            decision_form=DecisionForm(decisions=decisions) if decisions else None,
            payment_form=PaymentForm() if InvoiceStatus.PAID in offered else None,
            may_correct=InvoiceStatus.REPLACED in offered,
            **kwargs,
        )


class InvoiceDecideView(InvoicePageMixin, ServiceFormMixin, FormView):
    """The commissioner's approval, query or dispute (POST from the invoice's page)."""

    template_name = "placements/invoices/invoice_decide.html"
    form_class = DecisionForm
    success_message = "Decision recorded"

    def allows_loaded(self, user) -> bool:
        return policy.may(user, "placements.decide_invoice", self.invoice)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "decisions": DECISIONS}

    def save(self, form) -> str:
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        actor, invoice = self.request.user, self.invoice
        if decision == "approve":
            services.invoice_approve(actor=actor, invoice=invoice, reason=reason)
        elif decision == "query":
            services.invoice_query(actor=actor, invoice=invoice, message=reason)
        else:
            services.invoice_dispute(actor=actor, invoice=invoice, reason=reason)
        return invoice_url(invoice)


class InvoicePayView(InvoicePageMixin, ServiceFormMixin, FormView):
    template_name = "placements/invoices/invoice_pay.html"
    form_class = PaymentForm
    success_message = "Payment recorded"

    def allows_loaded(self, user) -> bool:
        return policy.may(user, "placements.decide_invoice", self.invoice)

    def save(self, form) -> str:
        services.invoice_mark_paid(
            actor=self.request.user,
            invoice=self.invoice,
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
            late_interest=form.cleaned_data["late_interest"],
        )
        return invoice_url(self.invoice)


class InvoiceCorrectView(InvoicePageMixin, ServiceFormMixin, FormView):
    template_name = "placements/invoices/invoice_correct.html"
    form_class = CorrectionForm
    success_message = "Corrected invoice sent"

    def allows(self, user) -> bool:
        return is_provider_user(user)

    def get_initial(self):
        return {f"line_{line.part}": line.amount for line in self.invoice.lines.all()}

    def save(self, form) -> str:
        corrected = services.invoice_correct(
            actor=self.request.user,
            invoice=self.invoice,
            lines=form.lines(),
            reason=form.cleaned_data["reason"],
        )
        return invoice_url(corrected)


urlpatterns = [
    path("our-invoices/", ProviderInvoiceListView.as_view(), name="provider_invoice_list"),
    path("our-invoices/new/", InvoiceSubmitView.as_view(), name="invoice_submit"),
    path("our-invoices/upload/", InvoiceUploadView.as_view(), name="invoice_upload"),
    path(
        "our-invoices/uploads/<uuid:public_id>/",
        InvoiceUploadStatusView.as_view(),
        name="invoice_upload_status",
    ),
    path("invoices/<uuid:public_id>/", InvoiceDetailView.as_view(), name="invoice_detail"),
    path("invoices/<uuid:public_id>/decide/", InvoiceDecideView.as_view(), name="invoice_decide"),
    path("invoices/<uuid:public_id>/paid/", InvoicePayView.as_view(), name="invoice_pay"),
    path(
        "invoices/<uuid:public_id>/correct/", InvoiceCorrectView.as_view(), name="invoice_correct"
    ),
]
