"""What every placements API view shares: the permissions, the refusal its writes document and
the access log of listed children.

Objects are fetched by public id (kernel.api.lookups.ByPublicId) through placements.access, which
answers the same 404 for another tenant's row as for a missing one and logs who looked at a
child's record. A body's errors, list items included, are shaped by kernel.api.base.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from kernel.api import schema
from kernel.api.lookups import LogsListedRows
from kernel.api.permissions import allowing

from ... import access
from ...services.common import MSG_NOT_COMMISSIONER

FORBIDDEN = schema.error_response(
    "Only the borough's commissioners (or, for offers, the invited provider) may."
)
MSG_COUNCIL_ONLY = "Only council staff can see this"


def write_schema(summary: str, body, answer, **kwargs):
    """A write's documentation (kernel.api.schema), refused to all but commissioners."""
    return schema.write_schema(summary, body, answer, forbidden=FORBIDDEN, **kwargs)


class CommissionersWrite(BasePermission):
    """Council staff who are not commissioners (analysts, admins) read only: 403 on writes.

    Providers pass here: they find nothing to change (404), and the services refuse what they
    may not create (403).
    """

    message = MSG_NOT_COMMISSIONER

    def has_permission(self, request, view) -> bool:
        user = request.user
        if request.method in SAFE_METHODS or not access.is_borough_staff(user):
            return True
        return access.is_commissioner(user)


CouncilStaffOnly = allowing(access.is_borough_staff, MSG_COUNCIL_ONLY)


class LogsListedChildren(LogsListedRows):
    """A list of children's data logs each child it shows (placements.access)."""

    log_listed = staticmethod(access.log_children_viewed)
