"""Consortia, strands, boroughs, users, roles and invitations."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from kernel.tenancy import TenantManagerMixin

from . import policy
from .choices import BOROUGH_STAFF_ROLES, CONSORTIUM_WIDE_ROLES, Role, StrandKind
from .tenancy import BoroughOwnedQuerySet, ConsortiumStaffQuerySet, TenantQuerySet

# Councils with SEND and children's services duties: unitary (E06), metropolitan (E08),
# London (E09) and county (E10) councils.
ons_code_validator = RegexValidator(
    r"^E(0[689]|10)\d{6}$", "Enter an ONS local authority code, like E09000008"
)
dfe_code_validator = RegexValidator(r"^\d{3}$", "Enter a 3-digit DfE LA number, like 306")


class ConsortiumQuerySet(TenantQuerySet):
    """A consortium's staff read their own consortium; every provider reads them all (the DPSs
    they may apply to belong to consortia)."""

    consortium_path = ""
    open_to = frozenset({policy.PROVIDERS})


class Consortium(models.Model):
    """A regional commissioning programme: member boroughs pool their placement purchasing.

    One borough leads: it hosts the programme team, runs accreditation and owns the reports.
    """

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    slug = models.SlugField(unique=True)
    lead_borough = models.ForeignKey(
        "Borough", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quality_weight = models.PositiveSmallIntegerField(
        "quality weight (%)",
        default=60,
        validators=[MaxValueValidator(100)],
        help_text="How much quality counts when offers are evaluated; price takes the rest.",
    )

    objects = ConsortiumQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "consortia"

    def __str__(self) -> str:
        return self.name

    @property
    def price_weight(self) -> int:
        return 100 - self.quality_weight


class BoroughQuerySet(TenantQuerySet):
    """Staff read their own borough; the lead borough's analysts and admins every member."""

    borough_path = ""


class Borough(models.Model):
    """A member local authority, identified by its ONS (GSS) code and DfE LA number.

    Borough staff see their own borough; the lead borough's analysts and admins see all members.
    """

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="boroughs")
    name = models.CharField(max_length=100)
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[ons_code_validator]
    )
    dfe_la_code = models.CharField(
        "DfE LA number", max_length=3, unique=True, validators=[dfe_code_validator]
    )
    entra_tenant_id = models.UUIDField(
        "Microsoft Entra tenant ID",
        null=True,
        blank=True,
        help_text="The council's Microsoft 365 tenant: its staff may sign in with Microsoft.",
    )

    objects = BoroughQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_lead(self) -> bool:
        return self.consortium.lead_borough_id == self.pk


class StrandQuerySet(ConsortiumStaffQuerySet):
    """Every member of staff of the consortium reads its strands."""


class Strand(models.Model):
    """A line of commissioning the consortium runs together (SEND placements, care placements).

    Member boroughs differ by strand; lots of the dynamic purchasing system belong to a strand.
    Every member of the consortium may see its strands.
    """

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="strands")
    kind = models.CharField(max_length=10, choices=StrandKind.choices)
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    description = models.TextField(blank=True)
    boroughs = models.ManyToManyField(Borough, through="StrandMembership", related_name="strands")

    objects = StrandQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "kind"], name="one_strand_per_kind"),
            models.UniqueConstraint(fields=["consortium", "slug"], name="unique_strand_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class StrandMembership(models.Model):
    """A borough's membership of a strand, with where the fact comes from."""

    strand = models.ForeignKey(Strand, on_delete=models.CASCADE, related_name="memberships")
    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="memberships")
    source_note = models.CharField(max_length=300, blank=True)

    objects = BoroughOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["strand", "borough"], name="one_membership_per_strand")
        ]

    def __str__(self) -> str:
        return f"{self.borough} in {self.strand}"


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


class Postcode(models.Model):
    """A unit postcode (like "CR0 1NX") and where it is: reference data, owned by no borough.

    Source: OS Code-Point Open, August 2014, converted to WGS84 (boroughs/data/README.md), for
    the twelve South London boroughs only. Postcodes created since 2014 are missing, so
    `boroughs.geo.postcode_location` falls back to the centroid of the postcode's `Outcode`.
    `lad_code` is the ONS code of the local authority it is in (blank when not known).
    """

    postcode = models.CharField(max_length=8, unique=True)  # upper case, one space: "CR0 1NX"
    outcode = models.CharField(max_length=4, db_index=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    lad_code = models.CharField("ONS local authority code", max_length=9, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


class Outcode(models.Model):
    """A postcode district (the part before the space, like "CR0") and its centroid.

    Reference data, owned by no borough. Source: OS Code-Point Open, August 2014: the mean
    position of all the outcode's postcodes, for the 313 London outcodes. It is the fallback
    location for a postcode missing from `Postcode` (most often one created after 2014).
    `boroughs` lists the local authorities it covers as in the source file: ONS codes with
    their counts of postcodes, like "E09000006:1034;E09000023:261"; edge-of-London outcodes
    include districts outside London.
    """

    outcode = models.CharField(max_length=4, unique=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    boroughs = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["outcode"]

    def __str__(self) -> str:
        return self.outcode

    @property
    def ons_codes(self) -> list[str]:
        """The ONS codes of the local authorities it covers, most postcodes first."""
        codes = (part.partition(":")[0] for part in self.boroughs.split(";"))
        return [code for code in codes if code]


# --- The peer network: discussion threads between member boroughs ------------------------------


class ThreadTopic(models.TextChoices):
    SEND_PLACEMENTS = "send_placements", "SEND placements"
    CARE_PLACEMENTS = "care_placements", "Foster and residential care"
    MARKET = "market", "Market and prices"
    QUALITY = "quality", "Quality and outcomes"
    PRACTICE = "practice", "Practice and policy"
    OTHER = "other", "Other"


class Thread(models.Model):
    """A discussion between member boroughs on one topic (the peer network), with replies.

    Shared by the consortium's council staff; `borough` is the author's, for display.
    `last_reply_at` is when the thread was last active: its start, then each reply.
    Never about a child: boroughs.privacy refuses text that identifies one.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="threads")
    topic = models.CharField(max_length=20, choices=ThreadTopic.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_reply_at = models.DateTimeField(default=timezone.now)

    objects = ConsortiumStaffQuerySet.as_manager()

    class Meta:
        ordering = ["-last_reply_at", "-pk"]
        indexes = [models.Index(fields=["consortium", "-last_reply_at"])]

    def __str__(self) -> str:
        return self.title


class ReplyQuerySet(ConsortiumStaffQuerySet):
    consortium_path = "thread__consortium"


class Reply(models.Model):
    """One borough's reply in a peer network thread."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "replies"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Reply to {self.thread}"
