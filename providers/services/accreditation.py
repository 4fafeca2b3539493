"""Writes for the review of a submitted application: checks, clarifications, the deadline, and the
decision to accredit or reject it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError, InvalidTransition
from kernel.workflow import MSG_WRONG_STATE, transition

from .. import notifications
from ..choices import ApplicationStatus, EnrolmentStatus
from ..models import Application, Clarification, Enrolment, ReviewItem
from ..workflow import PROVIDER, REVIEWER, application_machine
from .common import MSG_REASON_REQUIRED, full_clean

MSG_DETAILS_UNCONFIRMED = (
    "Confirm {provider}'s company details against Companies House before accrediting"
)
MSG_QUESTION = "Enter your question"
MSG_OPEN_QUESTIONS = "Answer every clarification question first"

# Between submission and decision: the working-day clock runs.
DECIDING_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.CLARIFICATION_REQUESTED,
)


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
    full_clean(item, exclude=["application", "document", "reviewer"])
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
