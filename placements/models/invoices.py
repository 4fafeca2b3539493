"""Invoices providers send for placements, how each matched its expected charge, the borough's
decisions on them, and the settings finance works by (tolerance, cost centres)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from boroughs.models import Borough, Consortium, User
from boroughs.tenancy import BoroughOwnedQuerySet, ConsortiumStaffQuerySet, TenantQuerySet
from providers.models import Lot, Provider

from ..choices import InvoiceStatus, MatchKind, UploadStatus
from .common import BoroughOrProviderQuerySet, money_field
from .placements import Placement


class BillingSettingsQuerySet(ConsortiumStaffQuerySet):
    pass


class BillingSettings(models.Model):
    """How closely a consortium's invoices must match their expected charges.

    An invoice whose total differs from the expected charge by no more than every limit set
    here is within tolerance; with no limit set only an exact match passes.
    """

    consortium = models.OneToOneField(
        Consortium, on_delete=models.CASCADE, related_name="billing_settings"
    )
    tolerance_pounds = money_field(
        "tolerance in pounds", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    tolerance_percent = models.DecimalField(
        "tolerance as a percentage of the expected charge",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = BillingSettingsQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Billing settings of {self.consortium}"

    def describe(self) -> str:
        limits = []
        if self.tolerance_pounds is not None:
            limits.append(f"£{self.tolerance_pounds}")
        if self.tolerance_percent is not None:
            limits.append(f"{self.tolerance_percent}%")
        return " and ".join(limits) if limits else "none (exact matches only)"


class CostCentreQuerySet(BoroughOwnedQuerySet):
    pass


class CostCentre(models.Model):
    """The finance system's cost-centre code a borough charges a lot's placements to; a row
    with no lot is the borough's code for every lot without one of its own."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="cost_centres")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    code = models.CharField(max_length=40)

    objects = CostCentreQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borough", "lot"], name="one_cost_centre_per_lot"),
            models.UniqueConstraint(
                fields=["borough"],
                condition=models.Q(lot__isnull=True),
                name="one_default_cost_centre",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class InvoiceQuerySet(BoroughOrProviderQuerySet):
    borough_path = "placement__borough"
    provider_path = "provider"

    def current(self):
        """Versions still in force: a corrected version is kept but no longer counts."""
        return self.exclude(status=InvoiceStatus.REPLACED)


class Invoice(models.Model):
    """One version of a provider's invoice for one placement and period.

    Workflow: submitted -> matched | variance (on submission) -> approved | queried | disputed;
    queried | disputed -> replaced (the provider's correction is a new version, this one kept);
    approved -> paid. The match against the expected charge is frozen on the version, as it
    was when the version arrived; decisions are events (`InvoiceEvent`), never rewrites.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="invoices")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField("invoice number", max_length=60)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    received_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.SUBMITTED
    )
    total = money_field()
    # The match, frozen: kind, the tolerance it used, and per part expected and difference.
    match_kind = models.CharField(max_length=20, choices=MatchKind.choices, blank=True)
    expected_total = money_field(null=True, blank=True)
    match_lines = models.JSONField(default=list, blank=True)
    match_explanation = models.JSONField(default=list, blank=True)
    tolerance_used = models.CharField(max_length=80, blank=True)
    charge_explanation = models.JSONField(
        "how the expected charge was worked out", default=list, blank=True
    )
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=60, blank=True)
    late_interest = money_field(
        "late payment interest paid",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Interest paid for paying late, when finance records it (s.69 reports it).",
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["placement", "period_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "number", "version"], name="one_invoice_version"
            ),
            models.UniqueConstraint(
                fields=["provider", "number"],
                condition=~models.Q(status="replaced"),
                name="one_live_invoice_per_number",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="invoice_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Invoice {self.number} (version {self.version})"

    @property
    def difference(self) -> Decimal | None:
        if self.expected_total is None:
            return None
        return self.total - self.expected_total


class InvoiceLineQuerySet(BoroughOrProviderQuerySet):
    borough_path = "invoice__placement__borough"
    provider_path = "invoice__provider"


class InvoiceLine(models.Model):
    """One part of an invoice version: education, care, ... or `fee` for a fee as one amount."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    part = models.CharField(max_length=20)
    amount = money_field()
    description = models.CharField(max_length=200, blank=True)

    objects = InvoiceLineQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.part}: £{self.amount}"


class InvoiceEventQuerySet(BoroughOrProviderQuerySet):
    borough_path = "invoice__placement__borough"
    provider_path = "invoice__provider"


class InvoiceEvent(models.Model):
    """One move of an invoice version: who, when, from, to, why (a query's message is the
    `reason` the provider reads)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=InvoiceStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=InvoiceStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = InvoiceEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.from_status} -> {self.to_status}"


class InvoiceExportQuerySet(BoroughOwnedQuerySet):
    pass


class InvoiceExport(models.Model):
    """A download of a borough's approved invoices for its finance system: who, when, what."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    invoices = models.PositiveIntegerField()
    total = money_field()
    downloaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField(default=timezone.now)

    objects = InvoiceExportQuerySet.as_manager()

    class Meta:
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.borough} invoices {self.period_start} to {self.period_end}"


class InvoiceUploadQuerySet(TenantQuerySet):
    provider_path = "provider"


class InvoiceUpload(models.Model):
    """A provider's CSV of many invoices, read by a Celery worker when it is large.

    Workflow: queued -> running -> done | failed. All or nothing, as the service is: `error`
    names the bad rows of a failed file and nothing of it is saved. The page polls `progress`.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    content = models.TextField()
    status = models.CharField(
        max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    invoices = models.PositiveIntegerField(default=0)
    variances = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = InvoiceUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (UploadStatus.QUEUED, UploadStatus.RUNNING)
