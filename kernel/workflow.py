"""The workflow engine: a state machine as data, and the one function that moves a row along it.

Each app writes its tables (`providers.workflow`, `placements.workflow`, `outcomes.workflow`):
every allowed (from, to) pair names the parties who may make it. `transition` locks the row,
checks the table and the party, and writes the event row (who, when, from, to, why) in one step.
"""

from __future__ import annotations

from dataclasses import dataclass

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
