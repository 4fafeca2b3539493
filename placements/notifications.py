"""Emails about requests and offers: written to the outbox in the caller's transaction and
delivered by Celery once it commits (ADR 16). Tasks are named, not imported."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from notifications.outbox import enqueue

_muted: ContextVar[bool] = ContextVar("placements_emails_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Queue no emails inside this block: for loading history (the demo), not for users' actions."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def is_muted() -> bool:
    """Whether the current block is loading history (see `muted`): higher apps ask too."""
    return _muted.get()


def _enqueue(task_name: str, *args) -> None:
    if not is_muted():
        enqueue(task_name, *args)


def invited(invitations) -> None:
    """Tell each invited provider's users that a request awaits their offer."""
    for invitation in invitations:
        _enqueue("placements.tasks.send_invitation_email", invitation.pk)


def responded(invitation, *, kind: str) -> None:
    """Tell the commissioner who raised the request: offered, declined or withdrawn."""
    _enqueue("placements.tasks.send_response_email", invitation.pk, kind)


def outcome(invitation_ids: list[int], *, placement_request) -> None:
    """Tell every provider that offered how the request ended for them."""
    for pk in invitation_ids:
        _enqueue("placements.tasks.send_outcome_email", pk)


def question_asked(question) -> None:
    _enqueue("placements.tasks.send_question_email", question.pk, "asked")


def question_answered(question) -> None:
    _enqueue("placements.tasks.send_question_email", question.pk, "answered")


def invoice_decided(invoice) -> None:
    """Tell the provider's users that their invoice was queried, disputed or approved."""
    _enqueue("placements.tasks.send_invoice_email", invoice.pk)


def agreement_news(agreement, *, kind: str) -> None:
    """Tell the other side what to do next: "to_sign" (the provider), "provider_signed" (the
    commissioner who awarded), "signed" (the provider)."""
    _enqueue("placements.tasks.send_agreement_email", agreement.pk, kind, None)


def variation_news(variation, *, kind: str) -> None:
    """A variation: "proposed" and "notice" (to the provider), "accepted" (to the commissioner
    who proposed it), "signed" (to the provider)."""
    _enqueue("placements.tasks.send_agreement_email", variation.agreement_id, kind, variation.pk)
