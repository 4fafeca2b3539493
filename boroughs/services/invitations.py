"""Staff invitations: issue, resend, withdraw and accept one. Each service is one transaction;
side effects go after commit."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from kernel.errors import DomainError, InvalidTransition

from .. import notifications, policy
from ..choices import BOROUGH_STAFF_ROLES, CONSORTIUM_WIDE_ROLES
from ..models import (
    Borough,
    Invitation,
    InvitationBase,
    RoleAssignment,
    User,
    hash_invitation_token,
)

MSG_ONLY_ADMINS_INVITE = "Only consortium admins can invite users"
MSG_OTHER_CONSORTIUM = "Select a borough in your consortium"
MSG_NOT_STAFF_ROLE = "Select a borough staff role"
MSG_LEAD_ONLY_ROLE = "Only staff of the lead borough can be given this role"
MSG_USER_EXISTS = "A user with this email address already exists"
MSG_INVITATION_USED = "This invitation has already been used or withdrawn"
MSG_INVITATION_EXPIRED = "This invitation has expired. Ask your consortium admin for a new one"
MSG_NOT_PENDING = "This invitation has already been accepted or withdrawn"


def role_is_allowed_for_borough(*, role: str, borough: Borough) -> bool:
    """Consortium-wide roles belong to the lead borough; other staff roles to any member."""
    if role not in BOROUGH_STAFF_ROLES:
        return False
    return role not in CONSORTIUM_WIDE_ROLES or borough.is_lead


@transaction.atomic
def invitation_create(*, actor: User, email: str, borough: Borough, role: str) -> Invitation:
    """Invite council staff by email with one role in one borough.

    Side effects: withdraws the same person's earlier pending invitations from this consortium
    (another consortium's invitation is not ours to withdraw); emails the link through the
    outbox once the transaction commits.
    """
    policy.require(actor, "boroughs.add_invitation")
    if borough.consortium_id != policy.actor_of(actor).consortium_id:
        raise DomainError(MSG_OTHER_CONSORTIUM, field="borough")
    if role not in BOROUGH_STAFF_ROLES:
        raise DomainError(MSG_NOT_STAFF_ROLE, field="role")
    if not role_is_allowed_for_borough(role=role, borough=borough):
        raise DomainError(MSG_LEAD_ONLY_ROLE, field="role")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(MSG_USER_EXISTS, field="email")

    now = timezone.now()
    Invitation.objects.pending().filter(
        email__iexact=email, borough__consortium_id=borough.consortium_id
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        email=email,
        borough=borough,
        role=role,
        invited_by=actor,
        # A placeholder nobody holds: the worker makes the emailed token (invitation_issue_token)
        # so that no usable token ever sits in the broker.
        token_hash=hash_invitation_token(secrets.token_urlsafe(32)),
    )
    notifications.invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """Send a pending or expired invitation again: a new invitation with a new link and seven
    more days replaces it (the old link stops working). Refused once accepted or withdrawn."""
    policy.require(actor, "boroughs.add_invitation")
    if invitation.accepted_at or invitation.revoked_at:
        raise InvalidTransition(MSG_NOT_PENDING)
    return invitation_create(
        actor=actor, email=invitation.email, borough=invitation.borough, role=invitation.role
    )


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an invitation nobody has accepted: its link stops working at once. The update
    is conditional, so an invitation accepted meanwhile stays accepted."""
    policy.require(actor, "boroughs.add_invitation")
    now = timezone.now()
    withdrawn = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    if not withdrawn:
        raise InvalidTransition(MSG_NOT_PENDING)
    invitation.revoked_at = now
    return invitation


def invitation_issue_token(*, invitation: InvitationBase) -> str | None:
    """A fresh token for a pending invitation (of any kind), replacing any earlier one; None if
    not pending.

    Only the most recently emailed link works. The conditional update means an invitation
    accepted meanwhile gets no new token.
    """
    token = secrets.token_urlsafe(32)
    updated = (
        type(invitation)
        .objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True)
        .update(token_hash=hash_invitation_token(token))
    )
    return token if updated and not invitation.is_expired else None


def invitation_from_token(token: str, *, model: type[InvitationBase] = Invitation):
    """The invitation behind an emailed token, whatever its state; None when there is none."""
    return model.objects.filter(token_hash=hash_invitation_token(token)).first()


@transaction.atomic
def invitation_accept(
    *, invitation: InvitationBase, full_name: str, password: str, borough=None, role: str
) -> User:
    """Turn a pending invitation (of any kind) into a user with a verified email and a role.

    The row is locked so that the same link submitted twice makes one user. Council staff
    still have to set up MFA before any page with data (see RequireMfaMiddleware).
    """
    invitation = type(invitation).objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise InvalidTransition(MSG_INVITATION_USED)
    if invitation.is_expired:
        raise InvalidTransition(MSG_INVITATION_EXPIRED)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError(MSG_USER_EXISTS)

    user = User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name.strip(), borough=borough
    )
    RoleAssignment.objects.create(user=user, role=role, granted_by=invitation.invited_by)
    # The invitee proved they own the address by following the emailed link.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user
