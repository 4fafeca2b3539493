"""Outcomes' Celery tasks: thin, taking ids; the work is in services (see the beat schedule).

The emails name the placement by its reference only: providers never learn who the child is,
and a commissioner reads the rest on the portal.
"""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from boroughs.choices import Role
from boroughs.mail import EMAIL_RETRY, send_templated_email
from boroughs.models import User
from placements.models import Placement

from .models import Term, TermlyReturn
from .services.benchmarks import outcome_records_refresh
from .services.returns import returns_flag_overdue, returns_remind_due

SUBJECTS = {
    "submitted": "Termly return for {ref} ({term}) submitted by {provider}",
    "corrected": "Termly return for {ref} ({term}) corrected by {provider}",
    "queried": "Your termly return for {ref} ({term}) has been queried",
    "accepted": "Your termly return for {ref} ({term}) has been accepted",
}


@shared_task
def remind_returns_due() -> int:
    """Email providers whose returns for the current term are due soon and not yet in."""
    return returns_remind_due()


@shared_task
def flag_overdue_returns() -> int:
    """Create an overdue return for every active placement with none in by the due date."""
    return returns_flag_overdue()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def publish_outcome_records(consortium_id: int | None = None) -> int:
    """Recompute the benchmarks from accepted returns and publish them to providers."""
    return outcome_records_refresh(consortium_id=consortium_id)


def _provider_emails(provider_id: int) -> list[str]:
    return list(
        User.objects.filter(provider_membership__provider_id=provider_id, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _commissioner_emails(borough_id: int) -> list[str]:
    return list(
        User.objects.filter(
            borough_id=borough_id, role_assignments__role=Role.COMMISSIONER, is_active=True
        )
        .order_by("email")
        .distinct()
        .values_list("email", flat=True)
    )


def _return(pk: int) -> TermlyReturn:
    return TermlyReturn.objects.select_related(
        "placement", "placement__provider", "placement__setting", "term"
    ).get(pk=pk)


def _send(kind: str, termly_return, to: list[str], **extra) -> int:
    placement = termly_return.placement
    subject = SUBJECTS[kind].format(
        ref=placement.reference, term=termly_return.term, provider=placement.provider
    )
    url = reverse("outcomes:return_detail", kwargs={"public_id": termly_return.public_id})
    context = {"termly_return": termly_return, "placement": placement, "kind": kind, "url": url}
    return send_templated_email(
        f"outcomes/email/return_{'submitted' if kind == 'corrected' else kind}",
        subject=subject,
        to=to,
        context={**context, **extra},
    )


@shared_task(**EMAIL_RETRY)
def send_return_submitted_email(return_id: int, kind: str = "submitted") -> int:
    """To the placing borough's commissioners: a return (or its correction) is in to review."""
    termly_return = _return(return_id)
    return _send(kind, termly_return, _commissioner_emails(termly_return.placement.borough_id))


@shared_task(**EMAIL_RETRY)
def send_return_decision_email(return_id: int, kind: str) -> int:
    """To the provider's users: the return was queried (with the reason) or accepted."""
    termly_return = _return(return_id)
    event = termly_return.events.filter(to_status=kind).order_by("-at", "-pk").first()
    reason = event.reason if event else ""
    to = _provider_emails(termly_return.placement.provider_id)
    return _send(kind, termly_return, to, reason=reason)


@shared_task(**EMAIL_RETRY)
def send_return_reminder_email(
    provider_id: int, term_id: int, placement_ids: list[int], days: int
) -> int:
    """To the provider's users: these placements' returns for the term are due in `days` days."""
    term = Term.objects.get(pk=term_id)
    placements = Placement.objects.filter(pk__in=placement_ids).select_related("setting")
    rows = sorted(placements, key=lambda p: (p.setting.name, p.pk))
    when = "tomorrow" if days == 1 else f"in {days} days"
    return send_templated_email(
        "outcomes/email/return_reminder",
        subject=f"Termly returns for {term} are due {when}",
        to=_provider_emails(provider_id),
        context={
            "term": term,
            "placements": rows,
            "when": when,
            "url": reverse("outcomes:return_list"),
        },
    )
