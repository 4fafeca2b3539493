"""Emails about requests and offers: queued to Celery once the transaction that caused them commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

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


def _on_commit(send) -> None:
    if not is_muted():
        transaction.on_commit(send)


def invited(invitations) -> None:
    """Tell each invited provider's users that a request awaits their offer."""
    from .tasks import send_invitation_email

    for pk in [invitation.pk for invitation in invitations]:
        _on_commit(lambda pk=pk: send_invitation_email.delay(pk))


def responded(invitation, *, kind: str) -> None:
    """Tell the commissioner who raised the request: offered, declined or withdrawn."""
    from .tasks import send_response_email

    _on_commit(lambda: send_response_email.delay(invitation.pk, kind))


def outcome(invitation_ids: list[int], *, request) -> None:
    """Tell every provider that offered how the request ended for them."""
    from .tasks import send_outcome_email

    for pk in invitation_ids:
        _on_commit(lambda pk=pk: send_outcome_email.delay(pk))


def question_asked(question) -> None:
    from .tasks import send_question_email

    _on_commit(lambda: send_question_email.delay(question.pk, "asked"))


def question_answered(question) -> None:
    from .tasks import send_question_email

    _on_commit(lambda: send_question_email.delay(question.pk, "answered"))
