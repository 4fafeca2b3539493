"""The outbox: every side effect a service causes is a row written in the service's transaction,
handed to Celery by task name once that transaction commits (ADR 16).

- `enqueue("app.tasks.send_x", pk)` writes the row. It exists exactly when the change commits:
  a rolled-back change leaves no email behind, and a committed one cannot lose its email.
- On commit, `send` tries once to hand the row to Celery, giving up on an unreachable broker
  after `OUTBOX_BROKER_TIMEOUT` seconds, so a page never waits on the broker and never fails
  because of it: the row just stays pending.
- `relay` (the beat job `notifications.tasks.relay_pending`, every minute) sends what is due,
  backing off 1, 2, 4 ... minutes up to an hour, and after `OUTBOX_MAX_ATTEMPTS` marks the row
  failed and logs an error. Operators see pending and failed rows in the Django admin and can
  retry one (`retry`).
- Each send claims the row first with a conditional update, so two relays (or the commit hook
  and a relay) never send one row at the same time; the task run is guarded too
  (`notifications.delivery.OutboxTask`), so a row sent twice still runs once.
"""

from __future__ import annotations

import importlib
import logging
import uuid
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

# The message header naming the outbox row a Celery message delivers (see delivery.OutboxTask).
HEADER = "outbox_message"

# A claimed row is left to its sender this long before another relay may try it again.
CLAIM_LEASE = timedelta(minutes=2)
BACKOFF_CAP = timedelta(hours=1)
# How many due rows one relay run sends at most; the next run (a minute later) takes the rest.
RELAY_BATCH = 500
ERROR_MAX_LENGTH = 2000


def enqueue(task_name: str, *args, **kwargs) -> OutboxMessage:
    """Deliver the Celery task `task_name(*args, **kwargs)` once the caller's transaction
    commits (at once outside one). The arguments must be JSON: ids, not rows."""
    return enqueue_message(task_name, args=args, kwargs=kwargs)


def enqueue_message(
    task_name: str, *, args: Iterable = (), kwargs: dict | None = None, task_id: str = ""
) -> OutboxMessage:
    """`enqueue` with a fixed Celery task id, for callers that track it (a report run)."""
    message = OutboxMessage.objects.create(
        task_name=task_name, args=list(args), kwargs=kwargs or {}, task_id=task_id
    )
    transaction.on_commit(partial(send, message.pk))
    return message


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed send: 1, 2, 4 ... minutes, capped."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def send(message_id: int) -> str:
    """Hand one due, pending row to Celery. Answers "sent", "retrying" (the broker refused it;
    tried again later), "failed" (that was the last attempt) or "skipped" (not pending or not
    due, or another sender holds it). Never raises: a side effect must not fail its page."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE)
    if not claimed:
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _publish(message)
    except Exception as error:  # any broker or task error leaves the row to retry
        return _not_sent(message, error)
    OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.SENT, sent_at=Coalesce(F("sent_at"), timezone.now()), last_error=""
    )
    return "sent"


def relay(*, limit: int = RELAY_BATCH) -> dict[str, int]:
    """Send every pending row that is due, oldest first. Answers how many ended each way."""
    due = OutboxMessage.objects.filter(
        status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")
    counts: dict[str, int] = {}
    for message_id in list(due.values_list("pk", flat=True)[:limit]):
        outcome = send(message_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    if counts:
        logger.info("outbox relay: %s", counts)
    return counts


def retry(message_ids: Iterable[int]) -> int:
    """An operator's "Retry now": failed rows, pending ones waiting out their backoff, and sent
    ones no worker has started (a message the broker lost) are due again at once, with their
    attempts reset; rows done or running are left alone. Answers how many were sent."""
    retried = OutboxMessage.objects.filter(pk__in=list(message_ids)).filter(
        Q(status__in=(OutboxStatus.PENDING, OutboxStatus.FAILED))
        | Q(status=OutboxStatus.SENT, run_by="")
    )
    ids = list(retried.values_list("pk", flat=True))
    retried.update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), run_by=""
    )
    return sum(send(message_id) == "sent" for message_id in ids)


# --- Delivery (on the worker) -------------------------------------------------------------------


def claim_run(message_id: int, task_id: str) -> bool:
    """Whether the delivery `task_id` may run the row: the first to start claims it; retries
    of that delivery (the same task id) go on; any other delivery of the row is refused."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message_id, status__in=(OutboxStatus.PENDING, OutboxStatus.SENT)
        )
        .filter(Q(run_by="") | Q(run_by=task_id))
        .update(
            run_by=task_id,
            status=OutboxStatus.SENT,
            sent_at=Coalesce(F("sent_at"), timezone.now()),
        )
    )


def mark_done(message_id: int, task_id: str) -> None:
    OutboxMessage.objects.filter(pk=message_id, run_by=task_id).update(
        status=OutboxStatus.DONE, done_at=timezone.now(), last_error=""
    )


def mark_failed(message_id: int, task_id: str, error: BaseException) -> None:
    OutboxMessage.objects.filter(pk=message_id, run_by=task_id).update(
        status=OutboxStatus.FAILED, last_error=_describe(error)
    )
    logger.error("outbox message %s failed in its task: %s", message_id, _describe(error))


# --- Inside -------------------------------------------------------------------------------------


def _publish(message: OutboxMessage) -> None:
    app = current_app
    task_id = message.task_id or str(uuid.uuid4())
    headers = {HEADER: message.pk}
    if app.conf.task_always_eager:  # the embedded set-up and the tests: run it here and now
        _registered(message.task_name).apply(
            message.args, message.kwargs, task_id=task_id, headers=headers
        )
        return
    timeout = settings.OUTBOX_BROKER_TIMEOUT
    # One attempt with short socket timeouts, not Celery's publish retries: the caller is a page.
    transport_options = {
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "max_retries": 0,
    }
    with app.connection_for_write(
        connect_timeout=timeout, transport_options=transport_options
    ) as connection:
        app.send_task(
            message.task_name,
            args=message.args,
            kwargs=message.kwargs,
            task_id=task_id,
            headers=headers,
            connection=connection,
            ignore_result=True,  # no result backend call: results are tracked in rows
            retry=False,
        )


def _registered(task_name: str):
    """The task itself, importing its module: eager mode runs it in this process."""
    importlib.import_module(task_name.rpartition(".")[0])
    return current_app.tasks[task_name]


def _not_sent(message: OutboxMessage, error: Exception) -> str:
    reason = _describe(error)
    pending = OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING)
    if not pending.exists():
        return "sent"  # run eagerly and failed in its task: the task's failure is recorded
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        pending.update(status=OutboxStatus.FAILED, last_error=reason)
        logger.error(
            "outbox message %s (%s) not sent after %s attempts, given up: %s",
            message.pk,
            message.task_name,
            message.attempts,
            reason,
        )
        return "failed"
    wait = backoff(message.attempts)
    pending.update(next_attempt_at=timezone.now() + wait, last_error=reason)
    logger.warning(
        "outbox message %s (%s) not sent (attempt %s), trying again in %s: %s",
        message.pk,
        message.task_name,
        message.attempts,
        wait,
        reason,
    )
    return "retrying"


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
