"""Demo data: the South London consortium and one user per role.

Demo passwords and authenticator secrets exist only when DEBUG is true; otherwise the demo
users are created without a usable password (an admin sends them a reset or invitation).
"""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import transaction

from .choices import Role
from .loading import consortium_load
from .models import Borough, RoleAssignment, User

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105  only ever set when DEBUG is true


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    borough: str | None  # ONS code
    role: str


DEMO_USERS = [
    DemoUser("admin@example.org", "Ada Admin", "E09000008", Role.CONSORTIUM_ADMIN),
    DemoUser("lead.analyst@example.org", "Lee Lead", "E09000008", Role.LEAD_ANALYST),
    DemoUser("commissioner.croydon@example.org", "Cora Croydon", "E09000008", Role.COMMISSIONER),
    DemoUser("commissioner.bromley@example.org", "Bram Bromley", "E09000006", Role.COMMISSIONER),
    DemoUser("analyst.bromley@example.org", "Ana Bromley", "E09000006", Role.BOROUGH_ANALYST),
    DemoUser("provider@example.org", "Pat Provider", None, Role.PROVIDER_USER),
]


def demo_totp_secret(email: str) -> str:
    """A fixed base32 secret per demo user, so a demo can be signed into without a phone."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:demo-totp:{email}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


@transaction.atomic
def seed_demo() -> list[User]:
    """Load the consortium and the demo users. Safe to run again: nothing is duplicated."""
    consortium_load()
    users = []
    for spec in DEMO_USERS:
        borough = Borough.objects.get(ons_code=spec.borough) if spec.borough else None
        user, created = User.objects.get_or_create(
            email=spec.email, defaults={"full_name": spec.full_name, "borough": borough}
        )
        if created:
            if settings.DEBUG:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=spec.role)
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        # Providers' users need one too (ADR 2), though their organisation comes later.
        needs_mfa = user.mfa_required or spec.role == Role.PROVIDER_USER
        if settings.DEBUG and needs_mfa and not user.authenticator_set.exists():
            TOTP.activate(user, demo_totp_secret(user.email))
        users.append(user)
    return users


def demo_totp_code(email: str) -> str:
    """The current six-digit code for a demo user's authenticator app (DEBUG only)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(demo_totp_secret(email), counter))
