"""The demo's users: a commissioner for every borough, and a user for every provider."""

from __future__ import annotations

from functools import cache

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import QuerySet

from boroughs.choices import Role
from boroughs.demo import DEMO_PASSWORD, demo_totp_secret
from boroughs.models import Borough, RoleAssignment, User
from providers.models import ProviderMembership

from .data import COMMISSIONER_NAMES

# (email, full name, borough, role)
UserSpec = tuple[str, str, Borough | None, str]


def commissioner_email(borough_name: str) -> str:
    return f"commissioner.{borough_name.split()[0].lower()}@example.org"


def demo_users(specs: list[UserSpec]) -> list[User]:
    """As boroughs.demo makes its users: a password and authenticator only when DEBUG is on."""
    # One hash for all of them: each costs the hasher's full work factor (most of a second).
    password = _password_hash(settings.DEBUG)
    made = User.objects.bulk_create(
        User(email=email, full_name=name, borough=borough, password=password)
        for email, name, borough, _ in specs
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=spec[3]) for user, spec in zip(made, specs, strict=True)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in made
    )
    users = list(_with_roles(User.objects.filter(pk__in=[user.pk for user in made]).order_by("pk")))
    for user in users:
        if settings.DEBUG and (user.mfa_required or user.has_role(Role.PROVIDER_USER)):
            TOTP.activate(user, demo_totp_secret(user.email))
    return users


@cache
def _password_hash(debug: bool) -> str:
    return make_password(DEMO_PASSWORD if debug else None)  # None: an unusable password


def _with_roles(users: QuerySet[User]) -> QuerySet[User]:
    # The services check roles and the lead borough on every call: load them once.
    return users.select_related("borough__consortium").prefetch_related("role_assignments")


def commissioners(boroughs: dict[str, Borough]) -> dict[int, User]:
    """A commissioner per borough: the boroughs.demo ones, else one made here."""
    existing = User.objects.filter(role_assignments__role=Role.COMMISSIONER).order_by("pk")
    found = {user.borough_id: user for user in _with_roles(existing)}
    missing = [borough for borough in boroughs.values() if borough.pk not in found]
    made = demo_users([_commissioner(borough) for borough in missing])
    return found | {user.borough_id: user for user in made}


def _commissioner(borough: Borough) -> UserSpec:
    first_name = COMMISSIONER_NAMES[borough.name]
    name = f"{first_name} {borough.name.split()[0]}"
    return commissioner_email(borough.name), name, borough, Role.COMMISSIONER


def provider_users() -> dict[int, User]:
    """Each provider's user, by provider id: who answers its invitations."""
    memberships = ProviderMembership.objects.select_related("user")
    return {membership.provider_id: membership.user for membership in memberships}
