"""The dynamic purchasing system: DPSs and lots, providers, their settings and inspections.

Applications, accreditation and enrolment build on these (issue 3, in progress).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from boroughs import policy
from boroughs.audit.records import AuditedHistory, HistoryQuerySet
from boroughs.choices import Role
from boroughs.models import (
    Borough,
    Consortium,
    ConsortiumStaffQuerySet,
    InvitationBase,
    Strand,
    User,
)
from boroughs.tenancy import ConsortiumAndMarketQuerySet, TenantQuerySet
from boroughs.uploads import extension_for

from .choices import (
    SETTING_TYPES,
    WEEKS_PER_YEAR,
    ApplicationStatus,
    EnrolmentStatus,
    EvidenceType,
    ExclusionGround,
    InspectionFramework,
    LotKind,
    NeedCode,
    Regime,
    ReviewOutcome,
    Section41Status,
    Sex,
)

companies_house_validator = RegexValidator(
    r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$",
    "Enter a Companies House number of 8 characters, like 01234567 or SC123456",
)
charity_number_validator = RegexValidator(
    r"^[0-9]{6,8}(-[0-9]{1,2})?$", "Enter a charity number, like 1123456 or SC012345"
)
URN_SHAPE = r"^[0-9]{6}$"
urn_validator = RegexValidator(URN_SHAPE, "Enter a 6-digit URN, like 101234")
postcode_validator = RegexValidator(
    r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", "Enter a real postcode, like CR0 1NX"
)
MSG_SETTING_TYPE = (
    "Select the type of setting: a GIAS establishment type (08, 10 or 32) "
    "or an SSDA903 placement type (like K2)"
)


class ConsortiumOwnedQuerySet(ConsortiumAndMarketQuerySet):
    """Rows of a consortium's DPS: its staff read them, and so does every provider (the DPS is
    open to all)."""


class DpsHistoryQuerySet(HistoryQuerySet):
    consortium_path = "consortium"


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
    history = AuditedHistory(queryset=DpsHistoryQuerySet)

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

    def conditions_locked(self, on=None) -> bool:
        """A dynamic market's conditions of membership are fixed once its term has started."""
        on = on or timezone.localdate()
        return self.regime == Regime.PA_2023_DYNAMIC_MARKET and self.starts_on <= on


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


class ProviderConsortiumQuerySet(TenantQuerySet):
    """A provider's dealings with one consortium (applications and what hangs off them,
    enrolments): the provider's users and that consortium's staff, nobody else."""

    provider_path = "provider"
    consortium_path = "dps__consortium"


class ApplicationPartQuerySet(ProviderConsortiumQuerySet):
    provider_path = "application__provider"
    consortium_path = "application__dps__consortium"


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

    Published by the outcomes app (through `providers.outcome_records.outcome_records_publish`) from
    accepted termly returns, so matching can rank by it without reading outcomes. `score` is the
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


# --- Applications, accreditation and enrolment ---------------------------------------------------


class Application(models.Model):
    """A provider's application to be enrolled on lots of one DPS, with settings and prices.

    draft -> submitted -> under_review <-> clarification_requested -> accredited | rejected
    (providers.workflow holds the table; only providers.services changes `status`).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="applications")
    dps = models.ForeignKey(
        DynamicPurchasingSystem, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        max_length=30, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    lots = models.ManyToManyField(Lot, blank=True, related_name="applications")
    settings = models.ManyToManyField(Setting, blank=True, related_name="applications")
    employers_liability_cover = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    public_liability_cover = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    professional_indemnity_cover = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    declarations = models.JSONField(default=list, blank=True, help_text="Declaration codes given.")
    declarations_confirmed_at = models.DateTimeField(null=True, blank=True)
    declarations_confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    deadline_extended = models.BooleanField(
        default=False, help_text="Decision period extended from 10 to 15 working days, with reason."
    )
    deadline_extension_reason = models.TextField(
        blank=True, help_text="Why the decision needs 15 working days; the provider is told."
    )
    decision_reason = models.TextField(blank=True)

    objects = ProviderConsortiumQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.provider} to {self.dps}"

    @property
    def reference(self) -> str:
        """What a provider and a reviewer quote about the application."""
        return f"APP-{self.pk:06d}" if self.pk else "APP-new"


class ExclusionAnswer(models.Model):
    """The provider's answer to one exclusion ground; mitigation is required when it applies."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="exclusions"
    )
    ground = models.CharField(max_length=30, choices=ExclusionGround.choices)
    applies = models.BooleanField()
    mitigation = models.TextField(blank=True)

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "ground"], name="one_answer_per_ground"),
            models.CheckConstraint(
                condition=models.Q(applies=False) | ~models.Q(mitigation=""),
                name="mitigation_when_ground_applies",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()}: {'applies' if self.applies else 'does not apply'}"


def evidence_upload_to(document: EvidenceDocument, filename: str) -> str:
    # Never the uploaded name: it may carry personal data, and paths must not be guessable.
    # The extension is the type found in the content (boroughs.uploads), not the uploader's.
    return f"evidence/{document.provider.public_id}/{uuid.uuid4()}.{extension_for(document.content_type)}"


class EvidenceQuerySet(TenantQuerySet):
    """A provider's evidence: its own users, and the commissioners and admins of every
    consortium it has applied to (evidence is the provider's, shared by its applications)."""

    provider_path = "provider"
    consortium_path = "provider__applications__dps__consortium"
    council_roles = frozenset({Role.COMMISSIONER, Role.CONSORTIUM_ADMIN})

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.exclude(rejected_at__isnull=False).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on)
        )


class EvidenceDocument(models.Model):
    """A document a provider supplies as evidence (insurance, policies, accounts, Ofsted report).

    Stored privately (no public URL); downloaded only through the portal, and every download
    is logged. Accepted by a reviewer; an expired one can suspend enrolments.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="documents")
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    evidence_type = models.CharField(max_length=30, choices=EvidenceType.choices)
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    expires_on = models.DateField(null=True, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["evidence_type", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_evidence_type_display()}: {self.original_name}"

    def is_expired(self, on=None) -> bool:
        return self.expires_on is not None and self.expires_on < (on or timezone.localdate())


class DocumentPartQuerySet(EvidenceQuerySet):
    provider_path = "document__provider"
    consortium_path = "document__provider__applications__dps__consortium"


class DocumentDownload(models.Model):
    """Who downloaded which evidence document, and when."""

    document = models.ForeignKey(
        EvidenceDocument, on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = DocumentPartQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.document} at {self.at:%Y-%m-%d %H:%M}"


class EvidenceReminder(models.Model):
    """A reminder sent about a document's expiry: one per document and lead time."""

    document = models.ForeignKey(
        EvidenceDocument, on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    objects = DocumentPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "days_before"], name="one_reminder_per_lead_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.days_before} days before expiry"


class PriceLineHistoryQuerySet(HistoryQuerySet):
    provider_path = "application__provider"
    consortium_path = "application__dps__consortium"


class PriceLine(models.Model):
    """A setting's weekly ceiling rate on one lot: the baseline savings are measured against."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="prices")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="prices")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="prices")
    education = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    care = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    therapies = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    one_to_one = models.DecimalField(
        "one-to-one staffing", max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    other = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    weeks_per_year = models.PositiveSmallIntegerField(
        choices=[(w, f"{w} weeks") for w in WEEKS_PER_YEAR]
    )

    objects = ApplicationPartQuerySet.as_manager()
    history = AuditedHistory(queryset=PriceLineHistoryQuerySet)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "setting", "lot"], name="one_price_per_setting_lot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.setting} on {self.lot}: £{self.weekly_ceiling} a week, {self.weeks_per_year} weeks"

    @property
    def weekly_ceiling(self) -> Decimal:
        return self.education + self.care + self.therapies + self.one_to_one + self.other

    @property
    def annual_ceiling(self) -> Decimal:
        return self.weekly_ceiling * self.weeks_per_year


class ReviewItem(models.Model):
    """A reviewer's check of one evidence document or questionnaire answer."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="review_items"
    )
    document = models.ForeignKey(
        EvidenceDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_items",
    )
    question = models.CharField(
        max_length=40, blank=True, help_text="Questionnaire section checked."
    )
    outcome = models.CharField(max_length=25, choices=ReviewOutcome.choices)
    reason = models.TextField(blank=True)
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False) | ~models.Q(question=""),
                name="review_item_names_its_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document or self.question}: {self.get_outcome_display()}"


class Clarification(models.Model):
    """A reviewer's question to the provider and, once given, its answer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="clarifications"
    )
    question = models.TextField()
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return self.question[:80]


class ApplicationEvent(models.Model):
    """One status change of an application: who, when, from, to and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=30, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=30, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} to {self.to_status}"


class EnrolmentQuerySet(ProviderConsortiumQuerySet):
    provider_path = "setting__provider"
    consortium_path = "lot__dps__consortium"


class Enrolment(models.Model):
    """A setting's place on a lot, which makes it eligible for placement requests.

    enrolled -> suspended -> enrolled | removed; enrolled -> removed (an excluded supplier).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="enrolments")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="enrolments")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="enrolments"
    )
    price = models.ForeignKey(PriceLine, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(
        max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    suspended_for_expiry = models.BooleanField(
        default=False,
        help_text="Suspended by the daily evidence check; restored by a valid replacement.",
    )
    enrolled_at = models.DateTimeField(default=timezone.now)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["setting", "lot"], name="one_enrolment_per_setting_lot")
        ]

    def __str__(self) -> str:
        return f"{self.setting} on {self.lot}"


class EnrolmentEventQuerySet(ProviderConsortiumQuerySet):
    provider_path = "enrolment__setting__provider"
    consortium_path = "enrolment__lot__dps__consortium"


class EnrolmentEvent(models.Model):
    """One status change of an enrolment; `actor` is empty when the daily check made it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=EnrolmentStatus.choices)
    to_status = models.CharField(max_length=20, choices=EnrolmentStatus.choices)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()

    objects = EnrolmentEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.from_status} to {self.to_status}"


class ProviderInvitationQuerySet(ProviderPrivateQuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class ProviderInvitation(InvitationBase):
    """A provider admin's invitation for a colleague to join the organisation on the portal."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="invitations")

    objects = ProviderInvitationQuerySet.as_manager()

    class Meta(InvitationBase.Meta):
        pass


# --- The peer network: what member boroughs tell each other about providers ---------------------


class NoteCategory(models.TextChoices):
    QUALITY_CONCERN = "quality_concern", "Quality concern"
    GOOD_PRACTICE = "good_practice", "Good practice"
    OFSTED_CHANGE = "ofsted_change", "Ofsted change"
    PRICE_CHANGE = "price_change", "Price change"


class ProviderNote(models.Model):
    """Provider intelligence one member borough shares with the others: a quality concern, good
    practice, an Ofsted change or a price change, about a provider or one of its settings.

    Read by the consortium's council staff only: providers never see notes (not even their own).
    Never about a child: providers.notes refuses text that identifies one. `borough` is the
    author's. Boroughs with active placements at the provider are emailed when one is added.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(
        Consortium, on_delete=models.PROTECT, related_name="provider_notes"
    )
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="peer_notes")
    setting = models.ForeignKey(
        Setting, on_delete=models.PROTECT, null=True, blank=True, related_name="peer_notes"
    )
    category = models.CharField(max_length=20, choices=NoteCategory.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConsortiumStaffQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["consortium", "-created_at"]),
            models.Index(fields=["provider", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title
