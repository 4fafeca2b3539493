"""Choices for the boroughs app, in the commissioners' words."""

from django.db import models


class StrandKind(models.TextChoices):
    SEND = "send", "SEND independent placements"
    CARE = "care", "Looked-after children's care"


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", "Borough commissioner"
    BOROUGH_ANALYST = "borough_analyst", "Borough analyst"
    LEAD_ANALYST = "lead_analyst", "Lead-borough analyst"
    CONSORTIUM_ADMIN = "consortium_admin", "Consortium admin"
    PROVIDER_USER = "provider_user", "Provider user"


# Roles held by council staff: they must belong to a borough and sign in with MFA.
BOROUGH_STAFF_ROLES = frozenset(
    {Role.COMMISSIONER, Role.BOROUGH_ANALYST, Role.LEAD_ANALYST, Role.CONSORTIUM_ADMIN}
)
# Roles that see the whole consortium rather than one borough; only the lead borough holds them.
CONSORTIUM_WIDE_ROLES = frozenset({Role.LEAD_ANALYST, Role.CONSORTIUM_ADMIN})


class BillingFrequency(models.TextChoices):
    """How often a borough is billed for its placements (placements.terms draws the periods)."""

    MONTHLY = "monthly", "Monthly"
    TERMLY = "termly", "Termly"
