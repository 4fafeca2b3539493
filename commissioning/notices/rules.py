"""Who may draft, check and record notices: the consortium's admins (boroughs.policy)."""

from __future__ import annotations

from boroughs.choices import Role
from boroughs.policy import has_role, of_consortium, permission

MSG_NOT_ADMIN = "Only the consortium's admins can draft and publish notices"

permission("notices.add_procurementnotice", has_role(Role.CONSORTIUM_ADMIN), MSG_NOT_ADMIN)
permission(
    "notices.change_procurementnotice",
    has_role(Role.CONSORTIUM_ADMIN) & of_consortium(lambda notice: notice.consortium_id),
    MSG_NOT_ADMIN,
)
