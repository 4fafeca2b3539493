"""Providers, their users and invitations, their settings, the settings' inspections and outcome
records: the market's rows, which every member of council staff reads."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from boroughs import policy
from boroughs.audit.records import AuditedHistory, HistoryQuerySet
from boroughs.models import InvitationBase, User
from boroughs.tenancy import TenantQuerySet

from ..choices import SETTING_TYPES, InspectionFramework, NeedCode, Section41Status, Sex

companies_house_validator = RegexValidator(
    r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$",
    "Enter a Companies House number of 8 characters, like 01234567 or SC123456",
)
# The Public Procurement Organisation Number Find a Tender issues a supplier on registering
# (Procurement Act 2023): four characters, then two groups of four, hyphenated.
PPON_SHAPE = r"^P[A-Z0-9]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}$"
ppon_validator = RegexValidator(
    PPON_SHAPE, "Enter the PPON as Find a Tender shows it, like PABC-1234-DEFG"
)
charity_number_validator = RegexValidator(
    r"^[0-9]{6,8}(-[0-9]{1,2})?$", "Enter a charity number, like 1123456 or SC012345"
)
URN_SHAPE = r"^[0-9]{6}$"
urn_validator = RegexValidator(URN_SHAPE, "Enter a 6-digit URN, like 101234")
UKPRN_SHAPE = r"^1[0-9]{7}$"
ukprn_validator = RegexValidator(
    UKPRN_SHAPE, "Enter an 8-digit UKPRN starting with 1, like 10012345"
)
postcode_validator = RegexValidator(
    r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", "Enter a real postcode, like CR0 1NX"
)
MSG_SETTING_TYPE = (
    "Select the type of setting: a GIAS establishment type (08, 10 or 32) "
    "or an SSDA903 placement type (like K2)"
)


def provider_id_for(user) -> int | None:
    """The provider organisation a provider user works for, or None (boroughs.policy)."""
    return policy.actor_of(user).provider_id


class ProviderOwnedQuerySet(TenantQuerySet):
    """Rows of one provider that are the market's: its own users see them, and every member of
    council staff reads them (the directory of providers, settings and inspections)."""

    provider_path = "provider"
    open_to = frozenset({policy.COUNCIL_STAFF})


class ProviderQuerySet(ProviderOwnedQuerySet):
    provider_path = ""


class ProviderPrivateQuerySet(TenantQuerySet):
    """A provider's own business (its users, its invitations): nobody else reads it."""

    provider_path = "provider"


class ProviderHistoryQuerySet(HistoryQuerySet):
    provider_path = "history_relation"


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
    ppon = models.CharField(
        "Public Procurement Organisation Number (PPON)",
        max_length=14,
        blank=True,
        validators=[ppon_validator],
        help_text="The supplier's identifier on Find a Tender, the central digital platform.",
    )
    registered_address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator])
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    details_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProviderQuerySet.as_manager()
    # `versions`: a foreign key from each version to the provider, for its tenancy path.
    history = AuditedHistory(queryset=ProviderHistoryQuerySet, related_name="versions")

    class Meta:
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~models.Q(companies_house_number=""),
                name="unique_companies_house_number",
                violation_error_message=(
                    "An organisation with this Companies House number is already registered"
                ),
            )
        ]

    def __str__(self) -> str:
        return self.trading_name or self.legal_name


class ProviderMembership(models.Model):
    """A provider user's link to the one organisation they work for."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="provider_membership")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    is_provider_admin = models.BooleanField(default=False)

    objects = ProviderPrivateQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user} at {self.provider}"


class SettingHistoryQuerySet(HistoryQuerySet):
    provider_path = "provider"


class Setting(models.Model):
    """A school, college or home a provider runs: what matching and placements point at.

    Imported from GIAS (schools, by URN) or entered by the provider (care settings, by Ofsted
    URN). A setting imported before its provider registers has no provider yet. Where it is
    (latitude, longitude) and its local authority come from GIAS or its postcode, and its
    Section 41 status from the DfE's list: never from the provider (providers.services).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="settings"
    )
    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN", max_length=6, unique=True, null=True, blank=True, validators=[urn_validator]
    )
    # Not unique: GIAS reuses an LA establishment number for a closed school's successor.
    laestab = models.CharField(
        "DfE LAESTAB",
        max_length=7,
        blank=True,
        default="",
        db_index=True,
        help_text="DfE local authority number and establishment number, like 3056082.",
    )
    ofsted_urn = models.CharField("Ofsted URN", max_length=8, unique=True, null=True, blank=True)
    ukprn = models.CharField(
        "UKPRN",
        max_length=8,
        blank=True,
        default="",
        validators=[ukprn_validator],
        help_text="UK Provider Reference Number, like 10012345: post-16 institutions have one.",
    )
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
    history = AuditedHistory(queryset=SettingHistoryQuerySet, excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["establishment_type"]),
            models.Index(fields=["dfe_la_code"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A type outside the lists would match no filter and no report: refuse it wherever the
        # setting is saved from (the page, the API, the admin).
        if self.establishment_type and self.establishment_type not in SETTING_TYPES:
            raise ValidationError({"establishment_type": MSG_SETTING_TYPE})


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


class OutcomeRecordQuerySet(ProviderOwnedQuerySet):
    provider_path = "setting__provider"


class OutcomeRecord(models.Model):
    """A setting's outcomes benchmark for one primary need: a quality record beside inspections.

    Published by the outcomes app (through
    `providers.services.outcome_records.outcome_records_publish`) from accepted termly returns, so
    matching can rank by it without reading outcomes. `score` is the
    shrunken estimate of mean progress per term, pulled toward the consortium mean for the need
    when few children stand behind it; `lower` and `upper` bound the raw mean (95%).
    `rank_bound` is what matching ranks by: the lower credible bound of the shrunken estimate
    (its posterior's 5th percentile), None when too few children stand behind the record to
    rank it at all (ADR 0006).
    """

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="outcome_records")
    need = models.CharField(max_length=4, choices=NeedCode.choices)
    children = models.PositiveIntegerField()
    mean_progress = models.DecimalField(max_digits=6, decimal_places=3)
    score = models.DecimalField("shrunken progress estimate", max_digits=6, decimal_places=3)
    lower = models.DecimalField(max_digits=6, decimal_places=3)
    upper = models.DecimalField(max_digits=6, decimal_places=3)
    rank_bound = models.DecimalField(
        "lower credible bound ranked on", max_digits=6, decimal_places=3, null=True, blank=True
    )
    percentile = models.PositiveSmallIntegerField(null=True, blank=True)
    published_at = models.DateTimeField()

    objects = OutcomeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["setting", "need"]
        constraints = [
            models.UniqueConstraint(fields=["setting", "need"], name="one_outcome_record_per_need")
        ]

    def __str__(self) -> str:
        return f"{self.setting} {self.need}: {self.score} (n={self.children})"


class ProviderInvitationQuerySet(ProviderPrivateQuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class ProviderInvitation(InvitationBase):
    """A provider admin's invitation for a colleague to join the organisation on the portal."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="invitations")

    objects = ProviderInvitationQuerySet.as_manager()

    class Meta(InvitationBase.Meta):
        pass
