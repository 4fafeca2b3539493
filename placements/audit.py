"""Children's records in the consortium admins' audit trail (boroughs.audit), and erasing a
child's history when the record's retention period ends.

A child's past versions are special-category data like the record: an admin reads the changes
to the consortium's children, the name and full postcode only for their own borough's (others
see the postcode district, as on the record's page), and every list of them that an admin reads
writes one access-log row per child, in one bulk write.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from boroughs.audit.registry import AuditedKind, register
from boroughs.geo import outcode_of
from boroughs.models import Borough

from .models import Child, ChildAccessLog

MSG_NAME_HIDDEN = "Hidden: seen only by the child's borough"
HISTORY_ERASED = "Earlier versions erased at the end of the retention period"


def children_in(consortium_id: int) -> Q:
    return Q(borough_id__in=Borough.objects.filter(consortium_id=consortium_id).values("pk"))


def child_names(rows: list) -> dict[int, str]:
    """ "<reference> (<borough>)", one query for any number of rows."""
    boroughs = Borough.objects.in_bulk({row.borough_id for row in rows})
    return {
        row.history_id: f"{row.reference} ({boroughs[row.borough_id].name})"
        if row.borough_id in boroughs
        else row.reference
        for row in rows
    }


def child_value_shown(viewer, row, field: str, text: str) -> str:
    """The name and full postcode are the owning borough's only (as on the record's page)."""
    if viewer.borough_id == row.borough_id:
        return text
    if field == "name":
        return MSG_NAME_HIDDEN
    if field == "home_postcode":
        return outcode_of(text) or MSG_NAME_HIDDEN
    return text


def child_history_read(viewer, child_ids, what: str) -> None:
    """One ChildAccessLog row per child whose changes the viewer read, in one bulk write."""
    existing = Child._base_manager.filter(pk__in=set(child_ids)).values_list("pk", flat=True)
    ChildAccessLog.objects.bulk_create(
        ChildAccessLog(child_id=child_id, user=viewer, what=what[:100]) for child_id in existing
    )


@transaction.atomic
def child_history_erase(*, child_id: int, reason: str = HISTORY_ERASED) -> int:
    """Delete every past version of a child's record; returns how many were deleted.

    For the retention job: call it after the record itself is anonymised, or after it is
    deleted. While the record exists one version is kept, as it now stands, saying why the rest
    went, so the trail shows the erasure but nothing the record no longer holds. Side effects:
    none beyond the history table.
    """
    deleted, _ = Child.history.model.objects.filter(id=child_id).delete()
    current = Child._base_manager.filter(pk=child_id).first()
    if current is not None:
        Child.history.bulk_history_create([current], update=True, default_change_reason=reason)
    return deleted


def register_audited() -> None:
    register(
        AuditedKind(
            "child",
            "Child's record",
            Child,
            children_in,
            child_names,
            hidden_fields=("created_at",),
            shown_value=child_value_shown,
            on_read=child_history_read,
            order=50,
        )
    )
