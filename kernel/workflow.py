"""The workflow engine: a state machine as data, and the one function that moves a row along it.

Each app writes its tables (`providers.workflow`, `placements.workflow`, `outcomes.workflow`):
every allowed (from, to) pair names the parties who may make it. `transition` locks the row,
checks the table and the party, and writes the event row (who, when, from, to, why) in one step.
`actions` reads the same table for a page: the buttons it offers are the moves `allowed` gives
the party from the row's state (and the policy lets the user make), never a status compared in
a template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from .errors import InvalidTransition, NotAllowed

MSG_WRONG_STATE = "This cannot be done while the {noun} is {status}"
MSG_NOT_YOURS = "Your role does not allow this"


@dataclass(frozen=True)
class Machine:
    noun: str
    transitions: dict
    event_model: type[models.Model]
    event_fk: str

    def allowed_parties(self, source: str, target: str) -> frozenset[str]:
        parties = self.transitions.get((source, target))
        if parties is None:
            return frozenset()
        return parties if isinstance(parties, frozenset) else frozenset({parties})

    def allowed(self, obj, party: str) -> frozenset[str]:
        """The states `party` may move `obj` to from its current state."""
        return frozenset(
            target
            for (source, target) in self.transitions
            if source == obj.status and party in self.allowed_parties(source, target)
        )


@dataclass(frozen=True)
class Action:
    """Something a page offers to do to a row, named as its template asks for it.

    It is offered when the machine lets the party move the row to one of `to` (from one of
    `source`, when two actions reach one state: submitting an overdue return, correcting a
    queried one), or when the row is in one of `stays_in` (an action that changes the row
    without moving it: an edit, a revised offer); and then only if `when(obj)` holds (a
    condition on another row, such as the request an invitation belongs to) and the policy's
    `may` grants `permission` on the row.
    """

    name: str
    to: frozenset[str] = frozenset()
    source: frozenset[str] = frozenset()
    stays_in: frozenset[str] = frozenset()
    permission: str = ""
    when: Callable[[object], bool] | None = field(default=None, compare=False)


def actions(
    machine: Machine,
    obj,
    *,
    party: str,
    offered: Iterable[Action],
    may: Callable[[str, object], bool] | None = None,
) -> frozenset[str]:
    """The names of the `offered` actions this party may take on `obj` now.

    `may(permission, obj)` is the page's policy check for its user (`boroughs.policy.may`);
    the services ask the machine and the policy again when the action is sent.
    """
    reachable = machine.allowed(obj, party)
    return frozenset(
        action.name
        for action in offered
        if (
            (action.to & reachable and (not action.source or obj.status in action.source))
            or obj.status in action.stays_in
        )
        and (action.when is None or action.when(obj))
        and (may is None or not action.permission or may(action.permission, obj))
    )


def transition(
    machine: Machine, obj: models.Model, *, to: str, party: str, actor=None, reason: str = ""
) -> models.Model:
    """Move `obj` to `to` if the table allows it for `party`; record who, when, from, to, why.

    Must run inside a transaction. The row is re-read under `select_for_update`, so two
    requests racing over one application cannot both apply their change.
    """
    locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    source = locked.status
    parties = machine.allowed_parties(source, to)
    if not parties:
        raise InvalidTransition(
            MSG_WRONG_STATE.format(noun=machine.noun, status=locked.get_status_display().lower())
        )
    if party not in parties:
        raise NotAllowed(MSG_NOT_YOURS)
    locked.status = to
    locked.save(update_fields=["status"])
    machine.event_model.objects.create(
        **{machine.event_fk: locked},
        from_status=source,
        to_status=to,
        actor=actor,
        at=timezone.now(),
        reason=reason,
    )
    obj.status = to
    return locked
