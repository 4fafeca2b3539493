"""The dynamic purchasing system: DPSs and lots, providers, their settings and inspections.

Applications, accreditation and enrolment build on these (issue 3, in progress).
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from boroughs.models import Consortium, Strand, User
from boroughs.tenancy import ScopedQuerySet

from .choices import InspectionFramework, LotKind, Regime, Section41Status, Sex

companies_house_validator = RegexValidator(
    r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$",
    "Enter a Companies House number of 8 characters, like 01234567 or SC123456",
)
charity_number_validator = RegexValidator(
    r"^[0-9]{6,8}(-[0-9]{1,2})?$", "Enter a charity number, like 1123456 or SC012345"
)
urn_validator = RegexValidator(r"^[0-9]{6}$", "Enter a 6-digit URN, like 101234")
postcode_validator = RegexValidator(
    r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", "Enter a real postcode, like CR0 1NX"
)


class ConsortiumOwnedQuerySet(ScopedQuerySet):
    """Rows that belong to a consortium: every member of it may read them."""

    consortium_path = "consortium"

    def for_user(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        provider_id = provider_id_for(user)
        if provider_id is not None:
            # Providers see the DPSs and lots of every consortium: the DPS is open to all.
            return self.all()
        if user.consortium_id is None:
            return self.none()
        return self.filter(**{f"{self.consortium_path}_id": user.consortium_id})


class DynamicPurchasingSystem(models.Model):
    """A DPS (PCR 2015) or dynamic market (Procurement Act 2023) run by a consortium for a strand.

    It stays open to new suppliers for its whole term. Under the 2023 Act the conditions of
    membership are fixed for the term: providers.services refuses edits to them.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="dpss")
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="dpss")
    name = models.CharField(max_length=200)
    regime = models.CharField(max_length=20, choices=Regime.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    conditions_of_membership = models.TextField(blank=True)

    objects = ConsortiumOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "dynamic purchasing system"
        ordering = ["consortium", "strand"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="dps_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_in_term(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on <= self.ends_on


class LotQuerySet(ConsortiumOwnedQuerySet):
    consortium_path = "dps__consortium"


class Lot(models.Model):
    """A category of the DPS that settings are enrolled on (DOMAIN.md: Lots)."""

    dps = models.ForeignKey(DynamicPurchasingSystem, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=LotKind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["dps", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dps", "number"], name="unique_lot_number"),
            models.UniqueConstraint(fields=["dps", "kind"], name="unique_lot_kind"),
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.name}"


def provider_id_for(user) -> int | None:
    """The provider organisation a provider user works for, or None."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_provider_id_cache", False)
    if cached is False:
        membership = ProviderMembership.objects.filter(user=user).only("provider_id").first()
        cached = membership.provider_id if membership else None
        user._provider_id_cache = cached
    return cached


class ProviderOwnedQuerySet(ScopedQuerySet):
    """Rows of one provider: its own users see them; council staff see every provider's."""

    provider_path = "provider"

    def for_user(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.is_borough_staff:
            return self.all()
        provider_id = provider_id_for(user)
        if provider_id is None:
            return self.none()
        return self.filter(**{f"{self.provider_path}_id": provider_id})


class ProviderQuerySet(ProviderOwnedQuerySet):
    def for_user(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.is_borough_staff:
            return self.all()
        provider_id = provider_id_for(user)
        return self.filter(pk=provider_id) if provider_id else self.none()


class Provider(models.Model):
    """A supplier organisation: a company or charity that runs schools, colleges or homes.

    Registers once on the DPS. Company details, once confirmed, change only through a
    consortium admin.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    legal_name = models.CharField(max_length=200)
    trading_name = models.CharField(max_length=200, blank=True)
    companies_house_number = models.CharField(
        max_length=8, blank=True, validators=[companies_house_validator]
    )
    charity_number = models.CharField(
        max_length=12, blank=True, validators=[charity_number_validator]
    )
    registered_address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator])
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    details_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~models.Q(companies_house_number=""),
                name="unique_companies_house_number",
            )
        ]

    def __str__(self) -> str:
        return self.trading_name or self.legal_name


class ProviderMembership(models.Model):
    """A provider user's link to the one organisation they work for."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="provider_membership")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    is_provider_admin = models.BooleanField(default=False)

    objects = ProviderOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user} at {self.provider}"


class Setting(models.Model):
    """A school, college or home a provider runs: what matching and placements point at.

    Imported from GIAS (schools, by URN) or entered by the provider (care settings, by Ofsted
    URN). A setting imported before its provider registers has no provider yet.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="settings"
    )
    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN", max_length=6, unique=True, null=True, blank=True, validators=[urn_validator]
    )
    laestab = models.CharField(
        "DfE LAESTAB",
        max_length=7,
        unique=True,
        null=True,
        blank=True,
        help_text="DfE local authority number and establishment number, like 3056082.",
    )
    ofsted_urn = models.CharField("Ofsted URN", max_length=8, unique=True, null=True, blank=True)
    establishment_type = models.CharField(
        max_length=3, blank=True, help_text="GIAS type code (schools) or SSDA903 code (care)."
    )
    section41_status = models.CharField(
        max_length=25,
        choices=Section41Status.choices,
        blank=True,
        default=Section41Status.NOT_LISTED,
    )
    age_low = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(25)]
    )
    age_high = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(25)]
    )
    sex = models.CharField(max_length=5, choices=Sex.choices, default=Sex.MIXED)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    vacancies = models.PositiveIntegerField(default=0)
    offers_day = models.BooleanField(default=True)
    offers_residential = models.BooleanField(default=False)
    weeks_offered = models.JSONField(
        default=list, blank=True, help_text="Weeks a year: 38, 39, 44, 48 or 52."
    )
    needs = models.JSONField(
        default=list, blank=True, help_text="SEN2 primary need codes catered for."
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    dfe_la_code = models.CharField("DfE LA number", max_length=3, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["establishment_type"]),
            models.Index(fields=["dfe_la_code"]),
        ]

    def __str__(self) -> str:
        return self.name


class InspectionQuerySet(ProviderOwnedQuerySet):
    provider_path = "setting__provider"


class Inspection(models.Model):
    """One Ofsted inspection of a setting: its framework, date and judgements per area.

    Before November 2025 schools got one grade (`overall`); report cards grade areas separately
    (`judgements`) and record safeguarding as met or not met.
    """

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="inspections")
    framework = models.CharField(max_length=25, choices=InspectionFramework.choices)
    inspected_on = models.DateField(null=True, blank=True)
    overall = models.CharField(max_length=40, blank=True)
    judgements = models.JSONField(default=dict, blank=True)
    safeguarding_met = models.BooleanField(null=True, blank=True)
    source = models.CharField(max_length=100, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["setting", "-inspected_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["setting", "framework", "inspected_on"], name="one_inspection_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.setting} {self.get_framework_display()} {self.inspected_on or ''}".strip()
