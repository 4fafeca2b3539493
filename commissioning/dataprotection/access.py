"""Who may export a child's record, and the only ways to fetch a child or an export for it.

A subject access request is answered by the borough that holds the record, so only its
commissioners export (ADR 10):

- another borough's staff, consortium-wide roles included, and providers: 404, as for a missing
  record (they learn nothing about whether it exists);
- the borough's own analysts (and consortium admins of the lead borough for its own children):
  403. They may read the record, so hiding it would be untrue, but answering a subject access
  request is a commissioner's decision about disclosure, made with the child's case in hand.

Nothing here writes the access log: the services log what is actually done.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from placements.access import is_commissioner
from placements.models import Child

from .models import SubjectAccessExport

MSG_COMMISSIONERS_ONLY = "Only the borough's commissioners can export everything held about a child"


def may_export(user, child: Child) -> bool:
    return is_commissioner(user) and user.borough_id == child.borough_id


def access_child_for_export(actor, public_id) -> Child:
    """The child if the actor's own borough holds the record (404 otherwise), and the actor is
    one of its commissioners (403 otherwise)."""
    child = get_object_or_404(
        Child.objects.for_user(actor).filter(borough_id=actor.borough_id).select_related("borough"),
        public_id=public_id,
    )
    if not may_export(actor, child):
        raise PermissionDenied(MSG_COMMISSIONERS_ONLY)
    return child


def access_export(actor, public_id) -> SubjectAccessExport:
    """An export of a child of the actor's own borough (404 otherwise), for one of its
    commissioners (403 otherwise)."""
    export = get_object_or_404(
        SubjectAccessExport.objects.for_user(actor).select_related(
            "child", "child__borough", "requested_by"
        ),
        public_id=public_id,
    )
    if not may_export(actor, export.child):
        raise PermissionDenied(MSG_COMMISSIONERS_ONLY)
    return export
