"""The Celery task class of the portal: a task delivered from the outbox runs once per row.

`commissioning.celery` makes it every task's base. A message the outbox sent carries the row's
id in a header; before the task starts, `before_start` claims the row for this delivery (its
Celery task id). A second delivery of the same row, sent again because the relay lost Celery's
answer, is ignored: acknowledged without running. Retries of the first delivery keep its task
id and go on. The row is marked done when the task succeeds and failed when it gives up. A
task called without the outbox (a test, a beat job) has no header and is not affected.
"""

from __future__ import annotations

import logging

from celery import Task
from celery.exceptions import Ignore

logger = logging.getLogger(__name__)


def _outbox():
    # Celery builds this class when the first task is declared, possibly before Django's
    # apps are loaded; the outbox (and its model) is imported when a task first runs.
    from . import outbox

    return outbox


class OutboxTask(Task):
    def _message_id(self) -> int | None:
        request, header = self.request, _outbox().HEADER
        value = getattr(request, header, None) or (request.headers or {}).get(header)
        return int(value) if value else None

    def before_start(self, task_id, args, kwargs):
        message_id = self._message_id()
        if message_id is not None and not _outbox().claim_run(message_id, task_id):
            logger.warning(
                "%s[%s]: outbox message %s already delivered; not run again",
                self.name,
                task_id,
                message_id,
            )
            raise Ignore()
        super().before_start(task_id, args, kwargs)

    def on_success(self, retval, task_id, args, kwargs):
        message_id = self._message_id()
        if message_id is not None:
            _outbox().mark_done(message_id, task_id)
        super().on_success(retval, task_id, args, kwargs)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        message_id = self._message_id()
        if message_id is not None:
            _outbox().mark_failed(message_id, task_id, exc)
        super().on_failure(exc, task_id, args, kwargs, einfo)
