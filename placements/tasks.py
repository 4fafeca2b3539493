"""Celery tasks for placements: emails, agreements' PDFs, invoice uploads and the daily sweep. Ids in,
services called."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from boroughs.mail import EMAIL_RETRY, send_templated_email
from boroughs.models import User

from . import selectors
from .models import (
    AgreementVariation,
    Invoice,
    OfferQuestion,
    PlacementAgreement,
    RequestInvitation,
)
from .services import agreement_render, requests_close_expired
from .services.agreements import agreements_render_missing
from .services.invoice_jobs import invoice_upload_run

SUBJECTS = {
    "invited": "Placement request {ref}: offers due {deadline:%-d %B %Y}",
    "offered": "Offer received for {ref} from {provider}",
    "declined": "{provider} declined {ref}",
    "withdrawn": "{provider} withdrew its offer for {ref}",
    "awarded": "Placement request {ref}: your offer was successful",
    "unsuccessful": "Placement request {ref}: your offer was not successful",
    "closed": "Placement request {ref} has closed",
    "asked": "Question about {ref} from {provider}",
    "answered": "Your question about {ref} has been answered",
}


def _provider_emails(provider_id: int) -> list[str]:
    return list(
        User.objects.filter(provider_membership__provider_id=provider_id, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _invitation(pk: int) -> RequestInvitation:
    return RequestInvitation.objects.select_related(
        "request", "request__lot", "request__created_by", "setting", "provider"
    ).get(pk=pk)


def _subject(kind: str, invitation: RequestInvitation) -> str:
    placement_request = invitation.request
    return SUBJECTS[kind].format(
        ref=placement_request.reference,
        deadline=placement_request.response_deadline,
        provider=invitation.provider,
    )


def _send(template: str, kind: str, invitation: RequestInvitation, to: list[str], **extra) -> int:
    context = {"invitation": invitation, "request": invitation.request, "kind": kind, **extra}
    return send_templated_email(
        f"placements/email/{template}", subject=_subject(kind, invitation), to=to, context=context
    )


@shared_task(**EMAIL_RETRY)
def send_invitation_email(invitation_id: int) -> int:
    invitation = _invitation(invitation_id)
    url = reverse("placements:invitation_detail", args=[invitation.public_id])
    return _send(
        "invited", "invited", invitation, _provider_emails(invitation.provider_id), url=url
    )


@shared_task(**EMAIL_RETRY)
def send_response_email(invitation_id: int, kind: str) -> int:
    invitation = _invitation(invitation_id)
    url = reverse("placements:request_detail", args=[invitation.request.public_id])
    to = [invitation.request.created_by.email]
    return _send("responded", kind, invitation, to, url=url)


@shared_task(**EMAIL_RETRY)
def send_outcome_email(invitation_id: int) -> int:
    invitation = _invitation(invitation_id)
    kind = invitation.status if invitation.status in ("awarded", "unsuccessful") else "closed"
    url = reverse("placements:invitation_detail", args=[invitation.public_id])
    lines = selectors.summary_lines(selectors.assessment_summary(invitation))
    return _send(
        "outcome", kind, invitation, _provider_emails(invitation.provider_id), url=url, lines=lines
    )


@shared_task(**EMAIL_RETRY)
def send_question_email(question_id: int, kind: str) -> int:
    question = OfferQuestion.objects.get(pk=question_id)
    invitation = _invitation(question.invitation_id)
    if kind == "asked":
        to = [invitation.request.created_by.email]
        url = reverse("placements:request_detail", args=[invitation.request.public_id])
    else:
        to = _provider_emails(invitation.provider_id)
        url = reverse("placements:invitation_detail", args=[invitation.public_id])
    return _send(f"question_{kind}", kind, invitation, to, question=question, url=url)


AGREEMENT_SUBJECTS = {
    "to_sign": "Agreement {ref} is ready for you to sign",
    "provider_signed": "{provider} has signed agreement {ref}: counter-sign it",
    "signed": "Agreement {ref} is signed by both sides",
    "proposed": "Variation {var} of agreement {ref}: a fee change to accept",
    "notice": "Variation {var} of agreement {ref}: please acknowledge",
    "accepted": "{provider} has accepted variation {var}: sign it",
}
TO_COUNCIL = ("provider_signed", "accepted")


@shared_task(**EMAIL_RETRY)
def send_agreement_email(agreement_id: int, kind: str, variation_id: int | None) -> int:
    agreement = PlacementAgreement.objects.select_related(
        "placement__provider", "placement__created_by"
    ).get(pk=agreement_id)
    variation = AgreementVariation.objects.filter(pk=variation_id).first()
    placement = agreement.placement
    if kind in TO_COUNCIL:
        to = [(variation.proposed_by if variation else placement.created_by).email]
    else:
        to = _provider_emails(placement.provider_id)
    subject = AGREEMENT_SUBJECTS[kind].format(
        ref=agreement.reference,
        var=variation.reference if variation else "",
        provider=placement.provider,
    )
    url = reverse("placements:agreement_detail", args=[agreement.public_id])
    context = {"agreement": agreement, "variation": variation, "kind": kind, "url": url}
    return send_templated_email(
        "placements/email/agreement", subject=subject, to=to, context=context
    )


@shared_task(acks_late=True)
def close_expired_requests() -> int:
    """Daily: requests past their response deadline move to evaluation."""
    return requests_close_expired()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def run_invoice_upload(upload_id: int) -> str:
    """A provider's large CSV of invoices (placements.services.invoice_jobs)."""
    return invoice_upload_run(upload_id=upload_id)


@shared_task(**EMAIL_RETRY)
def send_invoice_email(invoice_id: int) -> int:
    """The borough's decision on an invoice, with its message, to the provider's users."""
    invoice = Invoice.objects.select_related("placement").get(pk=invoice_id)
    event = invoice.events.order_by("-at", "-pk").first()
    url = reverse("placements:invoice_detail", args=[invoice.public_id])
    subject = f"Invoice {invoice.number}: {invoice.get_status_display().lower()}"
    return send_templated_email(
        "placements/email/invoice_decided",
        subject=subject,
        to=_provider_emails(invoice.provider_id),
        context={"invoice": invoice, "event": event, "url": url},
    )


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def render_agreement_pdf(agreement_id: int) -> str:
    """Render the agreement's missing PDF (draft, or final with the signatures); idempotent."""
    agreement = agreement_render(agreement_id=agreement_id)
    return agreement.signed_sha256 or agreement.draft_sha256


@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def render_missing_agreement_pdfs() -> int:
    """The beat job: PDFs no task rendered (history loaded by the demo, a lost task)."""
    return agreements_render_missing()
