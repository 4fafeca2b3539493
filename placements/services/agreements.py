"""Writes for individual placement agreements: the template versions, the draft at award, the
PDF renders, the two signatures and the logged downloads."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import Strand, User
from kernel.errors import DomainError, InvalidTransition
from kernel.workflow import transition
from notifications.outbox import enqueue

from .. import agreement_pdf, notifications
from ..agreement_content import agreement_content
from ..agreement_defaults import BY_STRAND_KIND
from ..agreement_seal import seal
from ..choices import AgreementStatus, SigningParty
from ..models import (
    AgreementDownload,
    AgreementSignature,
    AgreementTemplate,
    Placement,
    PlacementAgreement,
)
from ..notifications import is_muted
from ..workflow import COMMISSIONER, PROVIDER, agreement_machine

RENDER_TASK = "placements.tasks.render_agreement_pdf"
MSG_NOT_READY = "The agreement is still being prepared: try again in a minute"
MSG_NAME = "Enter your full name"
MSG_ROLE = "Enter your role or job title"
MSG_TITLE = "Enter the template's title"
MSG_SECTIONS = "Enter at least one section, with a heading and its terms"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def agreement_template_current(*, strand: Strand) -> AgreementTemplate:
    """The strand's current template: its highest version (version 1 from the defaults, written
    now, where a strand has none yet)."""
    current = AgreementTemplate.objects.filter(strand=strand).order_by("-version").first()
    if current is not None:
        return current
    return AgreementTemplate.objects.create(
        consortium_id=strand.consortium_id,
        strand=strand,
        version=1,
        **BY_STRAND_KIND.get(strand.kind, BY_STRAND_KIND["send"]),
    )


@transaction.atomic
def agreement_template_create(
    *, actor: User, strand: Strand, title: str, sections: list[dict], notice: str, termination: str
) -> AgreementTemplate:
    """A new version of the strand's template; earlier versions, and the agreements made under
    them, stay as they were."""
    policy.require(actor, "placements.add_agreementtemplate", strand)
    sections = [s for s in sections if s.get("heading", "").strip() and s.get("body", "").strip()]
    if not title.strip():
        raise DomainError(MSG_TITLE, field="title")
    if not sections:
        raise DomainError(MSG_SECTIONS, field="sections")
    for field, value in (("notice", notice), ("termination", termination)):
        if not value.strip():
            raise DomainError(f"Enter the {field} terms", field=field)
    # Lock the strand's row so two admins saving at once get two versions, not one number twice.
    Strand.objects.select_for_update().filter(pk=strand.pk).first()
    latest = agreement_template_current(strand=strand)
    return AgreementTemplate.objects.create(
        consortium_id=strand.consortium_id,
        strand=strand,
        version=latest.version + 1,
        title=title.strip(),
        sections=sections,
        notice=notice.strip(),
        termination=termination.strip(),
        created_by=actor,
    )


def agreement_draft(*, placement: Placement) -> PlacementAgreement:
    """Draft the placement's agreement from its strand's current template (at award, inside the
    award's transaction). Side effect: the PDF render is queued through the outbox."""
    template = agreement_template_current(strand=placement.lot.dps.strand)
    agreement = PlacementAgreement.objects.create(
        placement=placement, template=template, content=agreement_content(placement, template)
    )
    agreement.content["reference"] = agreement.reference
    PlacementAgreement.objects.filter(pk=agreement.pk).update(content=agreement.content)
    _queue_render(agreement)
    notifications.agreement_news(agreement, kind="to_sign")
    return agreement


def _queue_render(agreement: PlacementAgreement) -> None:
    if not is_muted():  # loading history (the demo): rendered when first asked for
        enqueue(RENDER_TASK, agreement.pk)


def agreement_render(*, agreement_id: int) -> PlacementAgreement:
    """Render what the agreement's stage needs and is missing: the draft PDF, or the final one
    with the signature block. Idempotent: a file already rendered is left alone."""
    agreement = PlacementAgreement.objects.select_related("placement").get(pk=agreement_id)
    if not agreement.draft_sha256:
        data = agreement_pdf.render(agreement)
        _store(agreement, "draft", data)
    if agreement.status == AgreementStatus.SIGNED and not agreement.signed_sha256:
        data = agreement_pdf.render(agreement, signatures=list(agreement.signatures.all()))
        _store(agreement, "signed", seal(data, reason=f"{agreement.reference} signed by both"))
    return agreement


def _store(agreement: PlacementAgreement, stage: str, data: bytes) -> None:
    field = getattr(agreement, f"{stage}_pdf")
    field.save(f"{agreement.reference}-{stage}.pdf", ContentFile(data), save=False)
    digest = sha256_of(data)
    # Conditional: a render racing another keeps the first file's hash, never a mix.
    PlacementAgreement.objects.filter(pk=agreement.pk, **{f"{stage}_sha256": ""}).update(
        **{f"{stage}_pdf": field.name, f"{stage}_sha256": digest}
    )
    agreement.refresh_from_db()


def _signer(name: str, role: str) -> tuple[str, str]:
    if not name.strip():
        raise DomainError(MSG_NAME, field="name")
    if not role.strip():
        raise DomainError(MSG_ROLE, field="role")
    return name.strip(), role.strip()


@transaction.atomic
def agreement_sign(
    *, actor: User, agreement: PlacementAgreement, name: str, role: str
) -> AgreementSignature:
    """The provider accepts the agreement as drafted: its typed name and role, the time and the
    SHA-256 of the draft PDF it signed, frozen."""
    policy.require(actor, "placements.sign_agreement", agreement)
    signature = _sign(actor, agreement, name, role, SigningParty.PROVIDER)
    notifications.agreement_news(agreement, kind="provider_signed")
    return signature


@transaction.atomic
def agreement_countersign(
    *, actor: User, agreement: PlacementAgreement, name: str, role: str
) -> AgreementSignature:
    """The commissioner counter-signs. Side effect: the final PDF, with both signatures, is
    rendered by a task; its SHA-256 is then recorded and shown."""
    policy.require(actor, "placements.countersign_agreement", agreement)
    signature = _sign(actor, agreement, name, role, SigningParty.COMMISSIONER)
    _queue_render(agreement)
    notifications.agreement_news(agreement, kind="signed")
    return signature


def _sign(actor, agreement, name: str, role: str, party: str) -> AgreementSignature:
    name, role = _signer(name, role)
    to, by = (
        (AgreementStatus.PROVIDER_SIGNED, PROVIDER)
        if party == SigningParty.PROVIDER
        else (AgreementStatus.SIGNED, COMMISSIONER)
    )
    locked = transition(agreement_machine(), agreement, to=to, party=by, actor=actor)
    if not locked.draft_sha256:  # refused whole: the transition above rolls back with it
        raise InvalidTransition(MSG_NOT_READY)
    return AgreementSignature.objects.create(
        agreement=agreement,
        party=party,
        user=actor,
        name=name,
        role=role,
        signed_at=timezone.now(),
        sha256=locked.draft_sha256,
    )


def agreement_download(*, actor: User, agreement: PlacementAgreement) -> tuple[bytes, str]:
    """The PDF of the agreement's stage, for the actor (who reached it through access), and its
    file name. Side effect: an AgreementDownload row (who, when, the file's SHA-256)."""
    if not agreement.pdf_ready:
        raise InvalidTransition(MSG_NOT_READY)
    signed = agreement.status == AgreementStatus.SIGNED
    field = agreement.signed_pdf if signed else agreement.draft_pdf
    with field.open("rb") as opened:
        data = opened.read()
    AgreementDownload.objects.create(agreement=agreement, user=actor, sha256=sha256_of(data))
    stage = "signed" if signed else "draft"
    return data, f"{agreement.reference}-{stage}.pdf"


def agreements_anonymise(*, child_id: int, fields: tuple[str, ...], text: str) -> int:
    """The retention job's rewrite of an agreement's snapshot: the borough's case reference and
    the additional services (the offer's conditions, free text) are replaced; fees, dates, terms
    and hashes stay. Answers how many agreements were anonymised."""
    agreements = list(PlacementAgreement.objects.filter(placement__child_id=child_id))
    for agreement in agreements:
        content = {**agreement.content, "child_reference": text, "additional_services": text}
        PlacementAgreement.objects.filter(pk=agreement.pk).update(content=content)
    return len(agreements)


def agreements_render_missing(*, limit: int = 30) -> int:
    """Render the PDFs that are missing: an agreement loaded as history (the demo queues no
    tasks) or one whose task was lost. Answers how many agreements were rendered."""
    missing = PlacementAgreement.objects.filter(
        models.Q(draft_sha256="") | models.Q(status=AgreementStatus.SIGNED, signed_sha256="")
    ).order_by("pk")
    ids = list(missing.values_list("pk", flat=True)[:limit])
    for agreement_id in ids:
        agreement_render(agreement_id=agreement_id)
    return len(ids)
