"""Applications to a DPS and what hangs off them: exclusion answers, evidence, prices, the
reviewer's checks, clarification questions and the application's events. A provider's dealings
with one consortium: the provider's users and that consortium's staff read them."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.utils import timezone

from boroughs.audit.records import AuditedHistory, HistoryQuerySet
from boroughs.choices import Role
from boroughs.models import User
from boroughs.tenancy import TenantQuerySet
from boroughs.uploads import extension_for

from ..choices import (
    WEEKS_PER_YEAR,
    ApplicationStatus,
    EvidenceType,
    ExclusionGround,
    ReviewOutcome,
)
from .dps import DynamicPurchasingSystem, Lot
from .providers import Provider, Setting


class ProviderConsortiumQuerySet(TenantQuerySet):
    """A provider's dealings with one consortium (applications and what hangs off them,
    enrolments): the provider's users and that consortium's staff, nobody else."""

    provider_path = "provider"
    consortium_path = "dps__consortium"


class ApplicationPartQuerySet(ProviderConsortiumQuerySet):
    provider_path = "application__provider"
    consortium_path = "application__dps__consortium"


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
