"""Consortia, strands and boroughs (`consortium`); users, roles and invitations (`users`);
postcodes (`geography`); and the peer network's threads (`threads`). Every model is exported
from here, where Django and callers find them."""

from .consortium import (
    Borough,
    BoroughQuerySet,
    Consortium,
    ConsortiumQuerySet,
    Strand,
    StrandMembership,
    StrandQuerySet,
    dfe_code_validator,
    ons_code_validator,
)
from .geography import Outcode, Postcode
from .threads import Reply, ReplyQuerySet, Thread, ThreadTopic
from .users import (
    INVITATION_LIFETIME,
    Invitation,
    InvitationBase,
    InvitationQuerySet,
    RoleAssignment,
    RoleAssignmentQuerySet,
    User,
    UserManager,
    hash_invitation_token,
)

__all__ = [
    "INVITATION_LIFETIME",
    "Borough",
    "BoroughQuerySet",
    "Consortium",
    "ConsortiumQuerySet",
    "Invitation",
    "InvitationBase",
    "InvitationQuerySet",
    "Outcode",
    "Postcode",
    "Reply",
    "ReplyQuerySet",
    "RoleAssignment",
    "RoleAssignmentQuerySet",
    "Strand",
    "StrandMembership",
    "StrandQuerySet",
    "Thread",
    "ThreadTopic",
    "User",
    "UserManager",
    "dfe_code_validator",
    "hash_invitation_token",
    "ons_code_validator",
]
