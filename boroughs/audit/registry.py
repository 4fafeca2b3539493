"""The kinds of record in the audit trail: each app registers its own models, so this app
imports none of them (as with the navigation and the dashboard panels)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Q


def as_record(row) -> Model:
    """The record as a historical row holds it, built in memory: simple-history's `instance`
    reads the fields it does not track from the database, once per row."""
    model = row.instance_type
    return model(**{f.attname: getattr(row, f.attname) for f in row.tracked_fields})


def _plain_names(rows: list) -> dict[int, str]:
    return {row.history_id: str(as_record(row)) for row in rows}


@dataclass(frozen=True)
class AuditedKind:
    """One kind of record whose changes consortium admins read.

    `in_consortium(consortium_id)` filters the model's historical rows to the consortium's; it
    is the whole scoping rule for the kind. `record_names(rows)` names the records of some
    historical rows (by history id) in a fixed number of queries. `shown_value(viewer, row,
    field, text)` may hide a value from a viewer; `on_read(viewer, object_ids, what)` runs once
    for every list of this kind's changes a viewer reads (children's access log).
    """

    key: str
    label: str
    model: type[Model]
    in_consortium: Callable[[int], Q]
    record_names: Callable[[list], dict[int, str]] = _plain_names
    hidden_fields: tuple[str, ...] = ()
    shown_value: Callable | None = None
    on_read: Callable | None = None
    order: int = 100

    @property
    def history_model(self) -> type[Model]:
        return self.model.history.model


_kinds: dict[str, AuditedKind] = {}


def register(*kinds: AuditedKind) -> None:
    """Called from an app's AppConfig.ready()."""
    for kind in kinds:
        _kinds[kind.key] = kind


def audited_kinds() -> list[AuditedKind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.label))


def audited_kind(key: str) -> AuditedKind | None:
    return _kinds.get(key)


def audited_kind_of(history_model) -> AuditedKind | None:
    """The kind whose historical model this is."""
    return next((kind for kind in _kinds.values() if kind.history_model is history_model), None)
