"""The only way to fetch a child's record by id: scoped to the borough, and logged."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Child, ChildAccessLog


def access_child(actor, public_id, *, what: str) -> Child:
    """The child if the actor's borough owns the record (404 otherwise, as for a missing one).

    Every successful fetch writes a ChildAccessLog row (who, when, what) that the borough reads.
    """
    child = get_object_or_404(Child.objects.for_user(actor), public_id=public_id)
    ChildAccessLog.objects.create(child=child, user=actor, what=what)
    return child
