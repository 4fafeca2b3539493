"""Writes for the DPS. Each service is one transaction; emails go out after commit."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from boroughs import policy, uploads
from boroughs.audit.records import record_actor
from boroughs.choices import Role
from boroughs.errors import DomainError, Duplicate, InvalidTransition, NotAllowed
from boroughs.geo import normalise_postcode, postcode_la_code, postcode_location
from boroughs.models import RoleAssignment, User, hash_invitation_token
from boroughs.services import MSG_USER_EXISTS, invitation_accept

from . import notifications
from .choices import (
    EXPIRING_EVIDENCE,
    REQUIRED_EVIDENCE,
    ApplicationStatus,
    Declaration,
    EnrolmentStatus,
    ExclusionGround,
)
from .models import (
    Application,
    Clarification,
    DocumentDownload,
    DynamicPurchasingSystem,
    Enrolment,
    EvidenceDocument,
    EvidenceReminder,
    ExclusionAnswer,
    Lot,
    PriceLine,
    Provider,
    ProviderInvitation,
    ProviderMembership,
    ReviewItem,
    Setting,
    provider_id_for,
)
from .rules import (
    MSG_NOT_PROVIDER,
)
from .workflow import (
    MSG_WRONG_STATE,
    PROVIDER,
    REVIEWER,
    SYSTEM,
    application_machine,
    enrolment_machine,
    transition,
)

MSG_ALREADY_REGISTERED = "Your account already belongs to an organisation"
MSG_COMPANY_OR_CHARITY = "Enter a Companies House number or a charity number"
MSG_CONFIRMED_DETAILS = (
    "Company details have been confirmed. Ask the consortium admin to change them"
)
MSG_CONDITIONS_FIXED = (
    "The conditions of membership of a dynamic market cannot change during its term"
)
MSG_DRAFT_ONLY = "The application can only be changed while it is a draft"
# Re-exported: the upload rules are boroughs.uploads', the same for every upload.
MSG_FILE_TYPE = uploads.MSG_FILE_TYPE
MSG_FILE_SIZE = uploads.MSG_FILE_SIZE
MSG_FILE_EMPTY = uploads.MSG_FILE_EMPTY
MSG_EXPIRY_PAST = "The expiry date must be in the future"
MSG_EXPIRY_REQUIRED = "Enter the date the insurance expires"
MSG_REASON_REQUIRED = "Enter a reason"
MSG_DETAILS_UNCONFIRMED = (
    "Confirm {provider}'s company details against Companies House before accrediting"
)
MSG_QUESTION = "Enter your question"
MSG_OPEN_QUESTIONS = "Answer every clarification question first"
MSG_LOT_NOT_IN_DPS = "Select lots of this dynamic purchasing system"
MSG_POSTCODE = "Enter a real postcode, like CR0 1NX"

# Between submission and decision: the working-day clock runs.
DECIDING_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.CLARIFICATION_REQUESTED,
)
REMINDER_DAYS = (30, 7)
COMPANY_FIELDS = ("legal_name", "companies_house_number", "charity_number", "registered_address")


class ApplicationIncomplete(DomainError):
    """The application cannot be submitted; `problems` lists (field, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems[0][1], field=problems[0][0])
        self.problems = problems


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        codes = {problem.code for problem in error.error_dict.get(field, [])}
        refusal = Duplicate if codes & {"unique", "unique_together"} else DomainError
        raise refusal(messages[0], field=None if field == "__all__" else field) from error


# --- DPS ---------------------------------------------------------------------------------------


@transaction.atomic
def dps_update(*, actor: User, dps: DynamicPurchasingSystem, **fields) -> DynamicPurchasingSystem:
    """Change a DPS. A dynamic market's conditions of membership (and its regime) are fixed
    once its term starts."""
    policy.require(actor, "providers.change_dps", dps)
    dps = DynamicPurchasingSystem.objects.select_for_update().get(pk=dps.pk)
    if dps.conditions_locked():
        for name in ("conditions_of_membership", "regime"):
            if name in fields and fields[name] != getattr(dps, name):
                raise DomainError(MSG_CONDITIONS_FIXED, field=name)
    for name, value in fields.items():
        setattr(dps, name, value)
    _full_clean(dps, exclude=["consortium", "strand"])
    record_actor(dps, actor)
    dps.save()
    return dps


@transaction.atomic
def lot_create(*, actor: User, dps: DynamicPurchasingSystem, **fields) -> Lot:
    """Add a category to a DPS. Lots can be added during the term; the DPS stays open."""
    policy.require(actor, "providers.change_dps", dps)
    lot = Lot(dps=dps, **fields)
    _full_clean(lot)
    lot.save()
    return lot


# --- Registration and settings ------------------------------------------------------------------


@transaction.atomic
def provider_register(*, actor: User, **fields) -> Provider:
    """Create the actor's organisation and make them its provider admin."""
    if provider_id_for(actor) is not None:
        raise DomainError(MSG_ALREADY_REGISTERED)
    policy.require(actor, "providers.add_provider")
    if not fields.get("companies_house_number") and not fields.get("charity_number"):
        raise DomainError(MSG_COMPANY_OR_CHARITY, field="companies_house_number")
    provider = Provider(**fields)
    _full_clean(provider)
    record_actor(provider, actor)
    provider.save()
    ProviderMembership.objects.create(user=actor, provider=provider, is_provider_admin=True)
    RoleAssignment.objects.get_or_create(user=actor, role=Role.PROVIDER_USER)
    policy.forget_actor(actor)
    return provider


@transaction.atomic
def provider_update(*, actor: User, provider: Provider, **fields) -> Provider:
    """Change a provider's details. Confirmed company details change only through an admin."""
    policy.require(actor, "providers.change_provider", provider)
    if policy.actor_of(actor).is_provider:
        changed = [
            name
            for name in COMPANY_FIELDS
            if name in fields and fields[name] != getattr(provider, name)
        ]
        if provider.details_confirmed_at and changed:
            raise DomainError(MSG_CONFIRMED_DETAILS, field=changed[0])
    for name, value in fields.items():
        setattr(provider, name, value)
    _full_clean(provider)
    record_actor(provider, actor)
    provider.save()
    return provider


@transaction.atomic
def provider_confirm_details(*, actor: User, provider: Provider) -> Provider:
    policy.require(actor, "providers.confirm_provider", provider)
    provider.details_confirmed_at = timezone.now()
    record_actor(provider, actor)
    provider.save(update_fields=["details_confirmed_at"])
    return provider


# What a provider says about its setting. The rest the portal derives: the place and the local
# authority from the postcode (or GIAS), Section 41 status from the DfE's list, the LAESTAB.
SETTING_FIELDS = frozenset(
    {
        "name",
        "urn",
        "ofsted_urn",
        "establishment_type",
        "age_low",
        "age_high",
        "sex",
        "capacity",
        "vacancies",
        "offers_day",
        "offers_residential",
        "weeks_offered",
        "needs",
        "address",
        "postcode",
    }
)


@transaction.atomic
def setting_save(*, actor: User, setting: Setting | None = None, **fields) -> Setting:
    """Create or change one of the actor's provider's settings.

    Where it is and its local authority are derived from its postcode (`_place`), never taken
    from the provider, who could otherwise sit at a child's home and top the matching.
    """
    unknown = set(fields) - SETTING_FIELDS
    if unknown:
        raise TypeError(f"Not fields a provider gives: {sorted(unknown)}")
    if setting is None:
        policy.require(actor, "providers.add_setting")
        setting = Setting(provider_id=provider_id_for(actor))
    else:
        policy.require(actor, "providers.change_setting", setting)
    moved = setting.pk is None or fields.get("postcode", setting.postcode) != setting.postcode
    for name, value in fields.items():
        setattr(setting, name, value)
    _place(setting, moved=moved)
    _full_clean(setting)
    record_actor(setting, actor)
    setting.save()
    return setting


def _place(setting: Setting, *, moved: bool) -> None:
    """The setting's position and local authority from its (normalised) postcode.

    A postcode the data cannot place clears them when it is new; an unchanged one keeps what
    GIAS gave (a school's own coordinates and LA).
    """
    if setting.postcode:
        postcode = normalise_postcode(setting.postcode)
        if postcode is None:
            raise DomainError(MSG_POSTCODE, field="postcode")
        setting.postcode = postcode
    location = postcode_location(setting.postcode)
    if location is not None or moved:
        setting.latitude = location.latitude if location else None
        setting.longitude = location.longitude if location else None
    la_code = postcode_la_code(setting.postcode)
    if la_code is not None or moved:
        setting.dfe_la_code = la_code or ""


MSG_VACANCY_TAKEN = "A placement took a vacancy"
MSG_VACANCY_RELEASED = "A placement ended and gave back its vacancy"


def setting_take_vacancy(*, setting_id: int) -> bool:
    """Take one vacancy if the setting has one; False if none is left.

    A conditional update, not read-then-write: two awards racing for the last vacancy cannot
    both take it, whatever the isolation level. Call it inside the award's transaction.
    """
    taken = Setting.objects.filter(pk=setting_id, vacancies__gt=0).update(
        vacancies=F("vacancies") - 1
    )
    if taken:
        _record_vacancies(setting_id, MSG_VACANCY_TAKEN)
    return taken == 1


def setting_release_vacancy(*, setting_id: int) -> None:
    """Give back a vacancy when a placement at the setting ends."""
    if Setting.objects.filter(pk=setting_id).update(vacancies=F("vacancies") + 1):
        _record_vacancies(setting_id, MSG_VACANCY_RELEASED)


def _record_vacancies(setting_id: int, reason: str) -> None:
    # A conditional UPDATE sends no save signal: write the history row (boroughs.audit) here,
    # or the provider's next edit would show vacancies changing from a stale number.
    setting = Setting.objects.get(pk=setting_id)
    Setting.history.bulk_history_create([setting], update=True, default_change_reason=reason)


# --- Applications ---------------------------------------------------------------------------------


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
    _full_clean(line, exclude=["application", "setting", "lot"])
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


# --- Accreditation -----------------------------------------------------------------------------------


@transaction.atomic
def application_start_review(*, actor: User, application: Application) -> Application:
    policy.require(actor, "providers.review_application", application)
    transition(
        application_machine(),
        application,
        to=ApplicationStatus.UNDER_REVIEW,
        party=REVIEWER,
        actor=actor,
    )
    return application


@transaction.atomic
def application_extend_deadline(
    *, actor: User, application: Application, reason: str
) -> Application:
    """Extend the decision period from 10 to 15 working days, once, where it is justified
    (PCR 2015 reg. 34). Side effect: the provider is emailed the reason."""
    policy.require(actor, "providers.review_application", application)
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    updated = Application.objects.filter(
        pk=application.pk,
        deadline_extended=False,
        status__in=DECIDING_STATUSES,
    ).update(deadline_extended=True, deadline_extension_reason=reason.strip())
    if not updated:
        raise InvalidTransition("The deadline can be extended once, before the decision")
    application.refresh_from_db()
    notifications.application_email(application, "extended")
    return application


@transaction.atomic
def review_item_record(
    *,
    actor: User,
    application: Application,
    outcome: str,
    document=None,
    question: str = "",
    reason: str = "",
) -> ReviewItem:
    """Record a check of one document or answer; fail and clarification need a reason."""
    policy.require(actor, "providers.review_application", application)
    if application.status != ApplicationStatus.UNDER_REVIEW:
        raise InvalidTransition("Start the review before recording checks")
    if outcome != "pass" and not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    item = ReviewItem(
        application=application,
        document=document,
        question=question,
        outcome=outcome,
        reason=reason.strip(),
        reviewer=actor,
    )
    _full_clean(item, exclude=["application", "document", "reviewer"])
    item.save()
    return item


@transaction.atomic
def clarification_request(*, actor: User, application: Application, question: str) -> Clarification:
    """Ask the provider a question. Side effect: the provider is emailed."""
    policy.require(actor, "providers.review_application", application)
    if not question.strip():
        raise DomainError(MSG_QUESTION, field="question")
    transition(
        application_machine(),
        application,
        to=ApplicationStatus.CLARIFICATION_REQUESTED,
        party=REVIEWER,
        actor=actor,
        reason=question.strip(),
    )
    clarification = Clarification.objects.create(
        application=application, question=question.strip(), asked_by=actor
    )
    notifications.application_email(application, "clarification")
    return clarification


@transaction.atomic
def clarification_answer(
    *, actor: User, clarification: Clarification, answer: str
) -> Clarification:
    """Answer a question; once all are answered the application goes back to the reviewer."""
    application = clarification.application
    policy.require(actor, "providers.change_application", application)
    if not answer.strip():
        raise DomainError("Enter your answer", field="answer")
    if clarification.answered_at:
        raise InvalidTransition("This question has already been answered")
    clarification.answer, clarification.answered_by = answer.strip(), actor
    clarification.answered_at = timezone.now()
    clarification.save()
    if not application.clarifications.filter(answered_at__isnull=True).exists():
        transition(
            application_machine(),
            application,
            to=ApplicationStatus.UNDER_REVIEW,
            party=PROVIDER,
            actor=actor,
            reason="Clarification answered",
        )
        notifications.reviewer_email(application, clarification)
    return clarification


def accredit_check(*, actor: User, application: Application) -> None:
    """What an accreditation is refused for, checked without writing (the reviewer's
    check-your-answers page asks it first): the reviewer's right, the application's state and
    the provider's confirmed company details."""
    policy.require(actor, "providers.review_application", application)
    if application.status != ApplicationStatus.UNDER_REVIEW:
        raise InvalidTransition(
            MSG_WRONG_STATE.format(
                noun="application", status=application.get_status_display().lower()
            )
        )
    if application.provider.details_confirmed_at is None:
        # A state the provider's record must reach first, like the application's own: 409.
        raise InvalidTransition(MSG_DETAILS_UNCONFIRMED.format(provider=application.provider))


@transaction.atomic
def application_accredit(
    *, actor: User, application: Application, reason: str = ""
) -> list[Enrolment]:
    """Accredit: every priced setting is enrolled on its lot. Refused until the provider's
    company details are confirmed. Side effect: the provider is emailed."""
    accredit_check(actor=actor, application=application)
    transition(
        application_machine(),
        application,
        to=ApplicationStatus.ACCREDITED,
        party=REVIEWER,
        actor=actor,
        reason=reason,
    )
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(decided_at=now, decision_reason=reason)
    application.documents.filter(accepted_at__isnull=True, rejected_at__isnull=True).update(
        accepted_at=now
    )
    enrolments = []
    for line in application.prices.select_related("setting", "lot"):
        enrolment, _ = Enrolment.objects.update_or_create(
            setting=line.setting,
            lot=line.lot,
            defaults={
                "application": application,
                "price": line,
                "status": EnrolmentStatus.ENROLLED,
                "suspended_for_expiry": False,
                "enrolled_at": now,
            },
        )
        enrolments.append(enrolment)
    notifications.application_email(application, "accredited")
    return enrolments


@transaction.atomic
def application_reject(*, actor: User, application: Application, reason: str) -> Application:
    policy.require(actor, "providers.review_application", application)
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    transition(
        application_machine(),
        application,
        to=ApplicationStatus.REJECTED,
        party=REVIEWER,
        actor=actor,
        reason=reason.strip(),
    )
    Application.objects.filter(pk=application.pk).update(
        decided_at=timezone.now(), decision_reason=reason.strip()
    )
    notifications.application_email(application, "rejected")
    return application


# --- Enrolment ---------------------------------------------------------------------------------------


def _move_enrolment(enrolment: Enrolment, *, to: str, actor: User | None, reason: str) -> Enrolment:
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    party = SYSTEM if actor is None else REVIEWER
    if actor is not None:
        policy.require(actor, "providers.decide_enrolment", enrolment)
    return transition(
        enrolment_machine(), enrolment, to=to, party=party, actor=actor, reason=reason.strip()
    )


@transaction.atomic
def enrolment_suspend(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    return _move_enrolment(enrolment, to=EnrolmentStatus.SUSPENDED, actor=actor, reason=reason)


@transaction.atomic
def enrolment_reinstate(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    enrolment = _move_enrolment(enrolment, to=EnrolmentStatus.ENROLLED, actor=actor, reason=reason)
    Enrolment.objects.filter(pk=enrolment.pk).update(suspended_for_expiry=False)
    return enrolment


@transaction.atomic
def enrolment_remove(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    """Remove a setting from a lot, for example because its provider is an excluded supplier."""
    return _move_enrolment(enrolment, to=EnrolmentStatus.REMOVED, actor=actor, reason=reason)


def _missing_current_evidence(provider_id: int, on: date) -> list[str]:
    current = set(
        EvidenceDocument.objects.filter(provider_id=provider_id, accepted_at__isnull=False)
        .current(on)
        .values_list("evidence_type", flat=True)
    )
    return [evidence for evidence in EXPIRING_EVIDENCE if evidence not in current]


@transaction.atomic
def evidence_accept(*, actor: User, document: EvidenceDocument) -> EvidenceDocument:
    """Accept a (replacement) document; the provider's enrolments on the reviewer's own
    consortium's lots that were suspended for expired evidence come back once nothing required
    is missing any more. Another consortium's enrolments are that consortium's to restore."""
    policy.require(actor, "providers.accept_evidence", document)
    document.accepted_at, document.rejected_at = timezone.now(), None
    document.save(update_fields=["accepted_at", "rejected_at"])
    if not _missing_current_evidence(document.provider_id, timezone.localdate()):
        suspended = Enrolment.objects.filter(
            lot__dps__consortium_id=policy.actor_of(actor).consortium_id,
            setting__provider_id=document.provider_id,
            status=EnrolmentStatus.SUSPENDED,
            suspended_for_expiry=True,
        )
        restored = list(suspended)
        for enrolment in restored:
            transition(
                enrolment_machine(),
                enrolment,
                to=EnrolmentStatus.ENROLLED,
                party=SYSTEM,
                actor=None,
                reason=f"Valid {document.get_evidence_type_display().lower()} accepted",
            )
        Enrolment.objects.filter(pk__in=[e.pk for e in restored]).update(suspended_for_expiry=False)
    return document


@transaction.atomic
def evidence_expiry_check(*, today: date | None = None) -> dict[str, int]:
    """The daily check: remind providers 30 and 7 days before insurance expires, and suspend
    the enrolments of a provider whose accepted insurance has lapsed with no valid replacement.

    Idempotent: a reminder is sent once per document and lead time; a suspended enrolment is
    not suspended again.
    """
    today = today or timezone.localdate()
    reminded = 0
    for days in REMINDER_DAYS:
        due = EvidenceDocument.objects.filter(
            accepted_at__isnull=False,
            evidence_type__in=EXPIRING_EVIDENCE,
            expires_on=today + timedelta(days=days),
        ).exclude(reminders__days_before=days)
        for document in due:
            EvidenceReminder.objects.create(document=document, days_before=days)
            notifications.evidence_email(document, "expiring", days=days)
            reminded += 1
    suspended = 0
    enrolled = Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED).select_related("setting")
    for provider_id in set(enrolled.values_list("setting__provider_id", flat=True)):
        missing = _missing_current_evidence(provider_id, today)
        if not missing:
            continue
        labels = ", ".join(
            EvidenceDocument(evidence_type=m).get_evidence_type_display().lower() for m in missing
        )
        for enrolment in enrolled.filter(setting__provider_id=provider_id):
            transition(
                enrolment_machine(),
                enrolment,
                to=EnrolmentStatus.SUSPENDED,
                party=SYSTEM,
                actor=None,
                reason=f"Evidence expired: {labels}",
            )
            Enrolment.objects.filter(pk=enrolment.pk).update(suspended_for_expiry=True)
            suspended += 1
        notifications.provider_suspended_email(provider_id, labels)
    return {"reminded": reminded, "suspended": suspended}


def document_download(*, actor: User, document: EvidenceDocument):
    """Open a document for the actor (fetched with access_document) and log the download."""
    DocumentDownload.objects.create(document=document, user=actor)
    return document.file.open("rb")


# --- Colleagues -------------------------------------------------------------------------------------


@transaction.atomic
def provider_invitation_create(*, actor: User, email: str) -> ProviderInvitation:
    """A provider admin invites a colleague. Side effects: the provider's own earlier pending
    invitations to the same address are withdrawn (another provider's are not ours to withdraw);
    the link is emailed (by a worker, which makes the token)."""
    policy.require(actor, "providers.invite_colleague")
    membership = ProviderMembership.objects.get(user=actor)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(MSG_USER_EXISTS, field="email")
    ProviderInvitation.objects.pending().filter(
        email__iexact=email, provider_id=membership.provider_id
    ).update(revoked_at=timezone.now())
    invitation = ProviderInvitation.objects.create(
        provider_id=membership.provider_id,
        email=email,
        invited_by=actor,
        # A placeholder nobody holds, as for council staff (boroughs.services).
        token_hash=hash_invitation_token(secrets.token_urlsafe(32)),
    )
    notifications.colleague_invitation_email(invitation)
    return invitation


@transaction.atomic
def provider_invitation_accept(
    *, invitation: ProviderInvitation, full_name: str, password: str
) -> User:
    """The colleague's account: a provider user and a member (not an admin) of the provider."""
    user = invitation_accept(
        invitation=invitation, full_name=full_name, password=password, role=Role.PROVIDER_USER
    )
    ProviderMembership.objects.create(user=user, provider_id=invitation.provider_id)
    return user
