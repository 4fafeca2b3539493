"""Who may export a child's record (boroughs.policy): the commissioners of the child's own
borough. `add_export` is asked before the API reads a request's body (any commissioner); the
service asks `export_child` with the child itself."""

from __future__ import annotations

from boroughs.choices import Role
from boroughs.policy import has_role, of_borough, permission

MSG_COMMISSIONERS_ONLY = "Only the borough's commissioners can export everything held about a child"

is_commissioner = has_role(Role.COMMISSIONER)

permission("dataprotection.add_export", is_commissioner, MSG_COMMISSIONERS_ONLY)
permission(
    "dataprotection.export_child",
    is_commissioner & of_borough(lambda child: child.borough_id),
    MSG_COMMISSIONERS_ONLY,
)
