"""The one write reading the audit trail makes: telling each kind which of its records were read."""

from __future__ import annotations

from collections import defaultdict

from .registry import AuditedKind


def changes_read(*, actor, entries, what: str) -> None:
    """Tell each kind which of its records' changes `actor` read in `entries` (a page)."""
    records: dict[AuditedKind, set[int]] = defaultdict(set)
    for entry in entries:
        records[entry.kind].add(entry.object_id)
    records_read(actor=actor, records=records, what=what)


def records_read(*, actor, records: dict[AuditedKind, set[int]], what: str) -> None:
    """Call each kind's `on_read` once with the records whose changes `actor` read (children's
    records write their access log, one bulk write). Side effects: what those hooks write."""
    for kind, object_ids in records.items():
        if kind.on_read is not None and object_ids:
            kind.on_read(actor, object_ids, what)
