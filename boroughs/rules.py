"""Who may act on boroughs' own rows: invitations and the peer network (boroughs.policy)."""

from __future__ import annotations

from .choices import Role
from .policy import has_role, is_council, of_consortium, permission

MSG_ONLY_ADMINS_INVITE = "Only consortium admins can invite users"
MSG_NOT_STAFF = "Only council staff of a member borough can use the peer network"

permission("boroughs.add_invitation", has_role(Role.CONSORTIUM_ADMIN), MSG_ONLY_ADMINS_INVITE)
permission("boroughs.use_peer_network", is_council, MSG_NOT_STAFF)
permission(
    "boroughs.reply_thread",
    is_council & of_consortium(lambda thread: thread.consortium_id),
    MSG_NOT_STAFF,
)
