"""Reading the audit trail: one consortium's changes, newest first, with each field's from and to.

The list is one UNION over the registered kinds' historical tables, ordered and paged in the
database, so a page costs the same whatever the history holds. A page's entries then load their
own historical rows and the row before each (two queries a kind) and compare them field by
field: the "from" of a change is what the record held after the change before it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format

from .. import policy
from .records import BASELINE_REASON, may_read_changes
from .registry import AuditedKind, audited_kind, audited_kinds

NOT_SET = "Not set"
NOT_RECORDED = "Not recorded"
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
PAGE_SIZE = 25


def can_read_changes(user) -> bool:
    """Consortium admins read their consortium's changes; no one else does (403)."""
    return may_read_changes(policy.actor_of(user))


@dataclass(frozen=True)
class ChangeFilters:
    kind: AuditedKind | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def kinds(self) -> list[AuditedKind]:
        return [self.kind] if self.kind is not None else audited_kinds()


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def change_list(*, actor, filters: ChangeFilters | None = None) -> QuerySet:
    """(kind, history id, when) of the actor's consortium's changes, newest first.

    Empty unless the actor may read changes. Each kind's rows are scoped by its own
    `in_consortium` before they join the union.
    """
    filters = filters or ChangeFilters()
    kinds = filters.kinds()
    if not can_read_changes(actor) or not kinds:
        return audited_kinds()[0].history_model.objects.none().values_list("history_id")
    parts = [_rows_of(kind, actor, filters) for kind in kinds]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("-at", "-hid", "kind")


def changed_record_ids(*, actor, filters: ChangeFilters) -> dict[AuditedKind, set[int]]:
    """The ids of the records the filtered list has changes of, for the kinds that log reads."""
    if not can_read_changes(actor):
        return {}
    return {
        kind: set(_rows_of(kind, actor, filters).values_list("id", flat=True).distinct())
        for kind in filters.kinds()
        if kind.on_read is not None
    }


def _rows_of(kind: AuditedKind, actor, filters: ChangeFilters) -> QuerySet:
    rows = kind.history_model.objects.for_user(actor).exclude(history_change_reason=BASELINE_REASON)
    if filters.since:
        rows = rows.filter(history_date__gte=_start_of(filters.since))
    if filters.until:
        rows = rows.filter(history_date__lt=_start_of(filters.until + dt.timedelta(days=1)))
    # Every column an annotation, in one order, so the UNION's columns line up.
    return (
        rows.order_by()
        .annotate(kind=Value(kind.key, output_field=CharField()), hid=F("history_id"))
        .annotate(at=F("history_date"))
        .values_list("kind", "hid", "at")
    )


# --- Entries: what a page or a CSV shows for one change ----------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class ChangeEntry:
    kind: AuditedKind
    history_id: int
    object_id: int
    at: dt.datetime
    action: str
    record: str
    user: object | None
    reason: str
    public_id: object | None = None
    changes: list[FieldChange] = field(default_factory=list)
    earlier_not_recorded: bool = False

    @property
    def who(self) -> str:
        return str(self.user) if self.user is not None else "No user"


def change_entries(*, actor, rows) -> list[ChangeEntry]:
    """The entries for (kind, history id, when) rows from `change_list`, in the same order."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for key, history_id, _ in rows:
        by_kind[key].append(history_id)
    loaded: dict[tuple[str, int], ChangeEntry] = {}
    for key, ids in by_kind.items():
        kind = audited_kind(key)
        for entry in _entries_of(kind, ids, actor):
            loaded[(key, entry.history_id)] = entry
    return [loaded[(key, history_id)] for key, history_id, _ in rows if (key, history_id) in loaded]


def _entries_of(kind: AuditedKind, history_ids: list[int], actor) -> list[ChangeEntry]:
    model = kind.history_model
    earlier = model.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    rows = list(
        model.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(
            previous_id=Subquery(
                earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
            )
        )
    )
    previous = model.objects.in_bulk([row.previous_id for row in rows if row.previous_id])
    fields = [
        f
        for f in model.tracked_fields
        if f.editable and not f.primary_key and f.name not in kind.hidden_fields
    ]
    pairs = [(row, previous.get(row.previous_id)) for row in rows]
    changed = {row.history_id: _changed_fields(row, before, fields) for row, before in pairs}
    names = _related_names([(row, before, changed[row.history_id]) for row, before in pairs])
    records = kind.record_names(rows)
    entries = []
    for row, before in pairs:
        entry = ChangeEntry(
            kind=kind,
            history_id=row.history_id,
            object_id=row.id,
            at=row.history_date,
            action=ACTIONS.get(row.history_type, row.history_type),
            record=records.get(row.history_id, ""),
            user=row.history_user,
            reason=row.history_change_reason or "",
            public_id=getattr(row, "public_id", None),
            earlier_not_recorded=row.history_type == "~" and before is None,
        )
        for f in changed[row.history_id]:
            old = getattr(before, f.attname) if before is not None else None
            entry.changes.append(
                FieldChange(
                    field=_label(f),
                    before=_shown(kind, actor, before, f, old, names)
                    if before is not None
                    else (NOT_RECORDED if entry.earlier_not_recorded else NOT_SET),
                    after=_shown(kind, actor, row, f, getattr(row, f.attname), names),
                )
            )
        entries.append(entry)
    return entries


def _changed_fields(row, before, fields) -> list:
    if row.history_type == "-":
        return []
    if before is None:  # created, or first seen: everything it holds
        return [f for f in fields if not _is_empty(getattr(row, f.attname))]
    return [f for f in fields if getattr(before, f.attname) != getattr(row, f.attname)]


def _related_names(changed_rows) -> dict:
    """str() of every related record the changes point at, before and after: one query per
    related model. Names only: the records themselves are not shown."""
    wanted: dict[type, set] = defaultdict(set)
    for row, before, changed in changed_rows:
        for f in changed:
            if f.is_relation:
                for version in (row, before):
                    if version is not None and getattr(version, f.attname) is not None:
                        wanted[f.related_model].add(getattr(version, f.attname))
    return {
        (model, pk): str(obj)
        for model, pks in wanted.items()
        for pk, obj in model._base_manager.in_bulk(list(pks)).items()
    }


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _label(f) -> str:
    label = str(f.verbose_name)
    return label[:1].upper() + label[1:]


def _shown(kind: AuditedKind, viewer, row, f, value, names) -> str:
    text = _as_text(f, value, names)
    if kind.shown_value is not None and not _is_empty(value):
        text = kind.shown_value(viewer, row, f.name, text)
    return text


def _as_text(f, value, names) -> str:
    if _is_empty(value):
        return NOT_SET
    if f.is_relation:
        return names.get((f.related_model, value), f"Record {value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if f.decimal_places == 2 else str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
