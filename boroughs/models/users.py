"""Users, their roles and the invitations that bring council staff in."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from kernel.tenancy import TenantManagerMixin

from .. import policy
from ..choices import BOROUGH_STAFF_ROLES, CONSORTIUM_WIDE_ROLES, Role
from ..tenancy import BoroughOwnedQuerySet
from .consortium import Borough


class UserManager(TenantManagerMixin, BaseUserManager.from_queryset(BoroughOwnedQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in: council staff (one borough) or, later, a provider's staff.

    Roles are `RoleAssignment` rows; a user may hold several. Email is the login.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    # Provider organisations arrive with the DPS (providers app); a provider user's link to
    # its organisation is added there, beside `borough`.
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Can sign in to the Django admin (platform operators only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        # Uses a prefetch of role_assignments when the queryset made one.
        return frozenset(assignment.role for assignment in self.role_assignments.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def consortium_id(self) -> int | None:
        return self.borough.consortium_id if self.borough_id else None

    @property
    def is_borough_staff(self) -> bool:
        return bool(self.roles & BOROUGH_STAFF_ROLES)

    @property
    def sees_whole_consortium(self) -> bool:
        return bool(self.roles & CONSORTIUM_WIDE_ROLES)

    @property
    def mfa_required(self) -> bool:
        """Council staff, providers' users (they read children's needs and risks) and platform
        operators must use a second factor before seeing data (ADR 2)."""
        return (
            self.is_borough_staff
            or self.is_staff
            or self.is_superuser
            or policy.actor_of(self).is_provider
        )


class RoleAssignmentQuerySet(BoroughOwnedQuerySet):
    borough_path = "user__borough"


class RoleAssignment(models.Model):
    """One role held by one user. Staff roles need a borough; consortium-wide ones the lead."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()}"

    def clean(self) -> None:
        """Staff roles need a borough (the lead, for consortium-wide ones); providers none."""
        from django.core.exceptions import ValidationError

        borough = self.user.borough
        if self.role in BOROUGH_STAFF_ROLES and borough is None:
            raise ValidationError({"role": "Give the user a borough before a borough staff role"})
        if self.role in CONSORTIUM_WIDE_ROLES and not borough.is_lead:
            raise ValidationError({"role": "Only staff of the lead borough can be given this role"})
        if self.role == Role.PROVIDER_USER and borough is not None:
            raise ValidationError({"role": "A provider user cannot belong to a borough"})


INVITATION_LIFETIME = timedelta(days=7)


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationBase(models.Model):
    """What every emailed invitation has: pending -> accepted, or revoked; it expires after
    seven days. Only a hash of the emailed token is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_LIFETIME

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        return "expired" if self.is_expired else "pending"


class InvitationQuerySet(BoroughOwnedQuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(InvitationBase):
    """An invitation for council staff to join a borough with a role."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=30, choices=Role.choices)

    objects = InvitationQuerySet.as_manager()

    class Meta(InvitationBase.Meta):
        pass
