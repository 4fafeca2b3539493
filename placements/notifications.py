"""Emails about requests and offers: queued to Celery once the transaction that caused them commits."""

from __future__ import annotations

from django.db import transaction


def invited(invitations) -> None:
    """Tell each invited provider's users that a request awaits their offer."""
    from .tasks import send_invitation_email

    for pk in [invitation.pk for invitation in invitations]:
        transaction.on_commit(lambda pk=pk: send_invitation_email.delay(pk))


def responded(invitation, *, kind: str) -> None:
    """Tell the commissioner who raised the request: offered, declined or withdrawn."""
    from .tasks import send_response_email

    transaction.on_commit(lambda: send_response_email.delay(invitation.pk, kind))


def outcome(invitation_ids: list[int], *, request) -> None:
    """Tell every provider that offered how the request ended for them."""
    from .tasks import send_outcome_email

    for pk in invitation_ids:
        transaction.on_commit(lambda pk=pk: send_outcome_email.delay(pk))


def question_asked(question) -> None:
    from .tasks import send_question_email

    transaction.on_commit(lambda: send_question_email.delay(question.pk, "asked"))


def question_answered(question) -> None:
    from .tasks import send_question_email

    transaction.on_commit(lambda: send_question_email.delay(question.pk, "answered"))
