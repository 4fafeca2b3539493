"""Writes for the boroughs app. Each service is one transaction; side effects go after commit.

One module per subject (staff invitations, the consortium's settings, the peer network's
threads); callers import the services from here."""

from .consortium import MSG_NOT_CONSORTIUM_ADMIN, MSG_WEIGHT_RANGE, consortium_set_quality_weight
from .invitations import (
    MSG_INVITATION_EXPIRED,
    MSG_INVITATION_USED,
    MSG_LEAD_ONLY_ROLE,
    MSG_NOT_PENDING,
    MSG_NOT_STAFF_ROLE,
    MSG_ONLY_ADMINS_INVITE,
    MSG_OTHER_CONSORTIUM,
    MSG_USER_EXISTS,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_issue_token,
    invitation_resend,
    invitation_withdraw,
    role_is_allowed_for_borough,
)
from .threads import (
    BODY_MAX,
    MSG_ENTER_MESSAGE,
    MSG_ENTER_TITLE,
    MSG_MESSAGE_TOO_LONG,
    MSG_NOT_STAFF,
    MSG_SELECT_TOPIC,
    MSG_TITLE_TOO_LONG,
    TITLE_MAX,
    clean_text,
    thread_reply,
    thread_start,
)

__all__ = [
    "BODY_MAX",
    "MSG_ENTER_MESSAGE",
    "MSG_ENTER_TITLE",
    "MSG_INVITATION_EXPIRED",
    "MSG_INVITATION_USED",
    "MSG_LEAD_ONLY_ROLE",
    "MSG_MESSAGE_TOO_LONG",
    "MSG_NOT_CONSORTIUM_ADMIN",
    "MSG_NOT_PENDING",
    "MSG_NOT_STAFF",
    "MSG_NOT_STAFF_ROLE",
    "MSG_ONLY_ADMINS_INVITE",
    "MSG_OTHER_CONSORTIUM",
    "MSG_SELECT_TOPIC",
    "MSG_TITLE_TOO_LONG",
    "MSG_USER_EXISTS",
    "MSG_WEIGHT_RANGE",
    "TITLE_MAX",
    "clean_text",
    "consortium_set_quality_weight",
    "invitation_accept",
    "invitation_create",
    "invitation_from_token",
    "invitation_issue_token",
    "invitation_resend",
    "invitation_withdraw",
    "role_is_allowed_for_borough",
    "thread_reply",
    "thread_start",
]
