"""Who made a change, and what made it when nobody did: the context history rows are written in.

django-simple-history writes a historical row on every `save()` and `delete()` of a model that
declares `history = AuditedHistory()`. Its middleware gives it the signed-in user of a page, an
API call (DRF sets the user on the same request) or the Django admin. Outside a request there is
no user, so the row says what made the change instead (`history_change_reason`): a management
command names itself with `changes_made_by`, a Celery task is named by the signals below, and
anything else falls back to the command line it runs under.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from celery.signals import task_postrun, task_prerun
from django.db import models
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords

from .. import policy
from ..choices import Role
from ..tenancy import TenantQuerySet

REASON_MAX_LENGTH = 100  # simple-history's history_change_reason column
# Snapshots of records that existed before the audit trail began (or were bulk-created without
# history): a "from" for their first change, never listed as a change themselves.
BASELINE_REASON = "Recorded when the audit trail began"
BASELINE_BATCH = 2000


@dataclass(frozen=True)
class MadeBy:
    reason: str
    actor: object | None = None


_made_by: ContextVar[MadeBy | None] = ContextVar("audit_made_by", default=None)


@contextmanager
def changes_made_by(reason: str, *, actor=None) -> Iterator[None]:
    """Attribute every change saved inside the block to `reason` (and `actor`, when a person
    asked for it outside a request)."""
    token = _made_by.set(MadeBy(reason=reason[:REASON_MAX_LENGTH], actor=actor))
    try:
        yield
    finally:
        _made_by.reset(token)


def _in_request() -> bool:
    return getattr(HistoricalRecords.context, "request", None) is not None


def current_reason() -> str | None:
    """What is making changes now when no person is: the enclosing `changes_made_by`, or the
    management command being run. None inside a request (the user is recorded instead)."""
    made_by = _made_by.get()
    if made_by is not None:
        return made_by.reason
    if _in_request():
        return None
    program = sys.argv[0].rsplit("/", 1)[-1] if sys.argv else ""
    if program in ("manage.py", "django-admin") and len(sys.argv) > 1:
        return f"manage.py {sys.argv[1]}"[:REASON_MAX_LENGTH]
    return None


def record_actor(instance, actor) -> None:
    """Name `actor` as who makes the next save of `instance`: for services, which know their
    actor wherever they are called from (a page, the API, a task run for a user)."""
    instance._history_user = actor


def _history_user(request=None, **kwargs):
    if request is not None:
        return request.user
    made_by = _made_by.get()
    return made_by.actor if made_by is not None else None


def may_read_changes(actor: policy.Actor) -> bool:
    """Consortium admins read their consortium's changes; no other council role, no provider."""
    return actor.is_council and Role.CONSORTIUM_ADMIN in actor.roles and bool(actor.consortium_id)


class HistoryQuerySet(HistoricalQuerySet, TenantQuerySet):
    """Past versions of an audited record, fail-closed like the record (boroughs.tenancy).

    The one rule for them: a platform operator reads every version, a consortium admin the
    versions of their consortium's records (the rule the record's app registered, see
    `registry.AuditedKind.in_consortium`), nobody else any. Each audited model subclasses it
    to declare the tenancy paths of its historical rows (checked by boroughs.E001).
    """

    council_roles = frozenset({Role.CONSORTIUM_ADMIN})

    def scoped_for(self, actor: policy.Actor):
        if actor.is_operator:
            return self.all()
        from .registry import audited_kind_of  # the registry is filled once apps are ready

        kind = audited_kind_of(self.model)
        if kind is None or not may_read_changes(actor):
            return self.none()
        return self.filter(kind.in_consortium(actor.consortium_id))


class AuditedHistory(HistoricalRecords):
    """simple-history's HistoricalRecords, filling in who or what made a change from the context."""

    def __init__(self, *, queryset: type[HistoryQuerySet], **kwargs):
        kwargs.setdefault("get_user", _history_user)
        # The historical model's default manager: an abstract base is the way in.
        meta = type("Meta", (), {"abstract": True})
        base = type(
            f"{queryset.__name__}Base",
            (models.Model,),
            {"objects": queryset.as_manager(), "Meta": meta, "__module__": queryset.__module__},
        )
        kwargs.setdefault("bases", [base])
        super().__init__(**kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or (
            current_reason()
        )

    def create_historical_record(self, instance, history_type, using=None):
        # A save that changed nothing (update_or_create re-run, a form saved as it was) is not
        # an edit: one read of the latest version keeps it out of the trail.
        if history_type == "~" and self._same_as_latest(instance):
            return
        super().create_historical_record(instance, history_type, using=using)

    def _same_as_latest(self, instance) -> bool:
        fields = self.fields_included(instance)
        latest = (
            getattr(instance, self.manager_name)
            .order_by("-history_date", "-history_id")
            .values(*(f.attname for f in fields))
            .first()
        )
        return latest is not None and all(
            latest[f.attname] == getattr(instance, f.attname) for f in fields
        )


@task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs) -> None:
    # Kept on the task's request so the same task's end resets exactly this value.
    task.request.audit_token = _made_by.set(MadeBy(reason=f"Background task {task.name}"[:100]))


@task_postrun.connect
def _task_finished(task_id=None, task=None, **kwargs) -> None:
    token = getattr(task.request, "audit_token", None)
    if token is not None:
        try:
            _made_by.reset(token)
        except ValueError:  # set in another context (a pool that moved the task): drop it
            _made_by.set(None)


def history_baseline(model) -> int:
    """Snapshot every row of an audited model that has no history yet; returns how many.

    Rows saved before the model was audited, or bulk-created without history (the demo data),
    would otherwise show their first change with no "from". Safe to run again: rows with any
    history are left alone.
    """
    history = model.history.model
    missing = model._base_manager.exclude(pk__in=history.objects.values("id")).order_by("pk")
    made, batch = 0, []
    for row in missing.iterator(chunk_size=BASELINE_BATCH):
        batch.append(row)
        if len(batch) == BASELINE_BATCH:
            made += _snapshot(model, batch)
            batch = []
    return made + (_snapshot(model, batch) if batch else 0)


def _snapshot(model, rows) -> int:
    model.history.bulk_history_create(rows, default_change_reason=BASELINE_REASON)
    return len(rows)
