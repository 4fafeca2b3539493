"""Writes for a provider's application to a DPS while it is a draft: its answers, evidence, prices,
and its submission."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from boroughs import policy, uploads
from boroughs.audit.records import record_actor
from boroughs.models import User
from kernel.errors import DomainError, InvalidTransition, NotAllowed
from kernel.workflow import transition

from .. import notifications
from ..choices import (
    EXPIRING_EVIDENCE,
    REQUIRED_EVIDENCE,
    ApplicationStatus,
    Declaration,
    ExclusionGround,
)
from ..models import (
    Application,
    DynamicPurchasingSystem,
    EvidenceDocument,
    ExclusionAnswer,
    PriceLine,
    Setting,
    provider_id_for,
)
from ..rules import MSG_NOT_PROVIDER
from ..workflow import PROVIDER, application_machine
from .common import full_clean

MSG_DRAFT_ONLY = "The application can only be changed while it is a draft"
# Re-exported: the upload rules are boroughs.uploads', the same for every upload.
MSG_FILE_TYPE = uploads.MSG_FILE_TYPE
MSG_FILE_SIZE = uploads.MSG_FILE_SIZE
MSG_FILE_EMPTY = uploads.MSG_FILE_EMPTY
MSG_EXPIRY_PAST = "The expiry date must be in the future"
MSG_EXPIRY_REQUIRED = "Enter the date the insurance expires"
MSG_LOT_NOT_IN_DPS = "Select lots of this dynamic purchasing system"


class ApplicationIncomplete(DomainError):
    """The application cannot be submitted; `problems` lists (field, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems[0][1], field=problems[0][0])
        self.problems = problems


@transaction.atomic
def application_start(*, actor: User, dps: DynamicPurchasingSystem) -> Application:
    """A draft application. Answers given before (covers, exclusions, declarations) are copied
    from the provider's last application; the provider must confirm them again."""
    policy.require(actor, "providers.add_application")
    provider_id = provider_id_for(actor)
    previous = Application.objects.filter(provider_id=provider_id).order_by("-created_at").first()
    application = Application.objects.create(provider_id=provider_id, dps=dps)
    if previous is not None:
        for name in (
            "employers_liability_cover",
            "public_liability_cover",
            "professional_indemnity_cover",
        ):
            setattr(application, name, getattr(previous, name))
        application.declarations = previous.declarations
        application.save()
        ExclusionAnswer.objects.bulk_create(
            ExclusionAnswer(
                application=application, ground=a.ground, applies=a.applies, mitigation=a.mitigation
            )
            for a in previous.exclusions.all()
        )
    return application


def _draft_for(actor: User, application: Application) -> Application:
    policy.require(actor, "providers.change_application", application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise InvalidTransition(MSG_DRAFT_ONLY)
    return application


@transaction.atomic
def application_update(
    *,
    actor: User,
    application: Application,
    lots=None,
    settings=None,
    exclusions: dict[str, tuple[bool, str]] | None = None,
    declarations: list[str] | None = None,
    **covers: Decimal | None,
) -> Application:
    """Change a draft: lots, settings, cover amounts, exclusion answers, declarations.

    Giving declarations records that the actor confirmed them now.
    """
    application = _draft_for(actor, application)
    if lots is not None:
        if any(lot.dps_id != application.dps_id for lot in lots):
            raise DomainError(MSG_LOT_NOT_IN_DPS, field="lots")
        application.lots.set(lots)
    if settings is not None:
        if any(setting.provider_id != application.provider_id for setting in settings):
            raise NotAllowed(MSG_NOT_PROVIDER)
        application.settings.set(settings)
    for name, value in covers.items():
        setattr(application, name, value)
    if exclusions is not None:
        for ground, (applies, mitigation) in exclusions.items():
            if applies and not mitigation.strip():
                raise DomainError(
                    f"Explain how you have put right: {ExclusionGround(ground).label.lower()}",
                    field=f"mitigation_{ground}",
                )
            ExclusionAnswer.objects.update_or_create(
                application=application,
                ground=ground,
                defaults={"applies": applies, "mitigation": mitigation.strip() if applies else ""},
            )
    if declarations is not None:
        application.declarations = sorted(set(declarations))
        application.declarations_confirmed_at = timezone.now()
        application.declarations_confirmed_by = actor
    application.save()
    return application


def _store_evidence(
    *, actor: User, provider_id: int, application, evidence_type: str, uploaded_file, expires_on
) -> EvidenceDocument:
    # The content decides the type and the name's extension, never the name or the browser.
    kind = uploads.accept_upload(uploaded_file, field="file")
    if evidence_type in EXPIRING_EVIDENCE and expires_on is None:
        raise DomainError(MSG_EXPIRY_REQUIRED, field="expires_on")
    if expires_on is not None and expires_on <= timezone.localdate():
        raise DomainError(MSG_EXPIRY_PAST, field="expires_on")
    document = EvidenceDocument(
        provider_id=provider_id,
        application=application,
        evidence_type=evidence_type,
        original_name=uploads.stored_name(uploaded_file.name, kind),
        content_type=kind.content_type,
        size=uploaded_file.size,
        expires_on=expires_on,
        uploaded_by=actor,
    )
    document.file.save(document.original_name, uploaded_file, save=False)
    document.save()
    return document


@transaction.atomic
def evidence_upload(
    *,
    actor: User,
    application: Application,
    evidence_type: str,
    uploaded_file,
    expires_on: date | None = None,
) -> EvidenceDocument:
    """Store an evidence document for an application, after checking its content and size."""
    policy.require(actor, "providers.change_application", application)
    if application.status not in (
        ApplicationStatus.DRAFT,
        ApplicationStatus.CLARIFICATION_REQUESTED,
    ):
        raise InvalidTransition(MSG_DRAFT_ONLY)
    return _store_evidence(
        actor=actor,
        provider_id=application.provider_id,
        application=application,
        evidence_type=evidence_type,
        uploaded_file=uploaded_file,
        expires_on=expires_on,
    )


@transaction.atomic
def evidence_replace(
    *, actor: User, evidence_type: str, uploaded_file, expires_on: date | None = None
) -> EvidenceDocument:
    """A provider's new document outside any application, such as renewed insurance.

    It waits for a reviewer to accept it (evidence_accept), which restores enrolments that
    the daily check suspended for expired evidence.
    """
    policy.require(actor, "providers.add_setting")
    provider_id = provider_id_for(actor)
    return _store_evidence(
        actor=actor,
        provider_id=provider_id,
        application=None,
        evidence_type=evidence_type,
        uploaded_file=uploaded_file,
        expires_on=expires_on,
    )


@transaction.atomic
def price_line_set(
    *, actor: User, application: Application, setting: Setting, lot, **rates
) -> PriceLine:
    """Set a setting's weekly ceiling rate (with its breakdown) and weeks a year on a lot."""
    application = _draft_for(actor, application)
    if setting.provider_id != application.provider_id:
        raise NotAllowed(MSG_NOT_PROVIDER)
    if lot.dps_id != application.dps_id:
        raise DomainError(MSG_LOT_NOT_IN_DPS, field="lot")
    # Built, then saved once: a new line is one "created" entry in the change history, not a
    # creation and a change. The application's row lock keeps two saves from racing.
    line = PriceLine.objects.filter(application=application, setting=setting, lot=lot).first()
    line = line or PriceLine(application=application, setting=setting, lot=lot)
    for name, value in rates.items():
        setattr(line, name, value)
    full_clean(line, exclude=["application", "setting", "lot"])
    if line.weekly_ceiling <= 0:
        raise DomainError("Enter a weekly rate above £0", field="education")
    record_actor(line, actor)
    line.save()
    return line


def application_problems(application: Application) -> list[tuple[str, str]]:
    """What stops a draft being submitted, in the order a provider would fix it."""
    problems = []
    lots = list(application.lots.all())
    settings = list(application.settings.all())
    if not lots:
        problems.append(("lots", "Select at least one lot"))
    if not settings:
        problems.append(("settings", "Select at least one setting"))
    answered = {a.ground for a in application.exclusions.all()}
    for ground in ExclusionGround:
        if ground not in answered:
            problems.append(
                (f"exclusion_{ground}", f"Answer the question about {ground.label.lower()}")
            )
    for name, label in (
        ("employers_liability_cover", "employer's liability"),
        ("public_liability_cover", "public liability"),
    ):
        if getattr(application, name) is None:
            problems.append((name, f"Enter your {label} cover in pounds"))
    if (
        set(application.declarations) != {d.value for d in Declaration}
        or not application.declarations_confirmed_at
    ):
        problems.append(("declarations", "Confirm every declaration"))
    current = {d.evidence_type for d in application.documents.current()}
    for evidence in REQUIRED_EVIDENCE:
        if evidence not in current:
            problems.append(("documents", f"Upload your {evidence.label.lower()}"))
    priced = {(line.setting_id, line.lot_id) for line in application.prices.all()}
    for setting in settings:
        for lot in lots:
            if (setting.pk, lot.pk) not in priced:
                problems.append(
                    ("prices", f"Enter a weekly ceiling rate for {setting.name} on {lot.name}")
                )
    return problems


@transaction.atomic
def application_submit(*, actor: User, application: Application) -> Application:
    """Submit a complete draft for accreditation. Side effect: the provider is emailed."""
    policy.require(actor, "providers.change_application", application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    problems = application_problems(application)
    if problems:
        raise ApplicationIncomplete(problems)
    transition(
        application_machine(),
        application,
        to=ApplicationStatus.SUBMITTED,
        party=PROVIDER,
        actor=actor,
    )
    application.submitted_at = timezone.now()
    Application.objects.filter(pk=application.pk).update(submitted_at=application.submitted_at)
    notifications.application_email(application, "submitted")
    return application
