"""Writes for a provider's colleagues: invitations to join the organisation, and accepting one."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.choices import Role
from boroughs.models import User, hash_invitation_token
from boroughs.services import MSG_USER_EXISTS, invitation_accept
from kernel.errors import DomainError

from .. import notifications
from ..models import ProviderInvitation, ProviderMembership


@transaction.atomic
def provider_invitation_create(*, actor: User, email: str) -> ProviderInvitation:
    """A provider admin invites a colleague. Side effects: the provider's own earlier pending
    invitations to the same address are withdrawn (another provider's are not ours to withdraw);
    the link is emailed (by a worker, which makes the token)."""
    policy.require(actor, "providers.invite_colleague")
    membership = ProviderMembership.objects.get(user=actor)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(MSG_USER_EXISTS, field="email")
    ProviderInvitation.objects.pending().filter(
        email__iexact=email, provider_id=membership.provider_id
    ).update(revoked_at=timezone.now())
    invitation = ProviderInvitation.objects.create(
        provider_id=membership.provider_id,
        email=email,
        invited_by=actor,
        # A placeholder nobody holds, as for council staff (boroughs.services).
        token_hash=hash_invitation_token(secrets.token_urlsafe(32)),
    )
    notifications.colleague_invitation_email(invitation)
    return invitation


@transaction.atomic
def provider_invitation_accept(
    *, invitation: ProviderInvitation, full_name: str, password: str
) -> User:
    """The colleague's account: a provider user and a member (not an admin) of the provider."""
    user = invitation_accept(
        invitation=invitation, full_name=full_name, password=password, role=Role.PROVIDER_USER
    )
    ProviderMembership.objects.create(user=user, provider_id=invitation.provider_id)
    return user
