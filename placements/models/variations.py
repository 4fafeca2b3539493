"""Variations of an individual placement agreement: a fee change both sides sign, and the
moves and ends the council records and the provider acknowledges."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.utils import timezone

from boroughs.models import User

from ..choices import VariationKind, VariationStatus
from .agreements import AgreementEventQuerySet, PlacementAgreement
from .common import money_field


class AgreementVariation(models.Model):
    """A change to a placement agreement.

    Workflow (placements.workflow): a fee change is proposed by the commissioner, accepted by
    the provider, then signed by the commissioner; only then is the placement's `FeeChange`
    written, with `lines` (the six parts of the fee). A move or an end is recorded when the
    commissioner makes it (notice is the council's right) and the provider acknowledges it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        PlacementAgreement, on_delete=models.PROTECT, related_name="variations"
    )
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=VariationKind.choices)
    status = models.CharField(
        max_length=20, choices=VariationStatus.choices, default=VariationStatus.PROPOSED
    )
    effective_on = models.DateField("effective date")
    lines = models.JSONField("new fee schedule", default=dict, blank=True)
    weekly_fee = money_field("new weekly fee", null=True, blank=True)
    reason = models.TextField()
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)

    objects = AgreementEventQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_variation_number")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.agreement.reference}/V{self.number}"

    def schedule(self) -> dict[str, Decimal]:
        return {part: Decimal(amount) for part, amount in self.lines.items()}

    def terms(self) -> dict:
        """What each side signs, hashed into its signature."""
        return {
            "agreement": self.agreement.reference,
            "variation": self.number,
            "kind": self.kind,
            "effective_on": self.effective_on.isoformat(),
            "lines": self.lines,
            "weekly_fee": None if self.weekly_fee is None else str(self.weekly_fee),
            "reason": self.reason,
        }


class VariationEventQuerySet(AgreementEventQuerySet):
    borough_path = "variation__agreement__placement__borough"
    provider_path = "variation__agreement__placement__provider"


class VariationEvent(models.Model):
    """One move of a variation along its workflow: who, when, from, to, why."""

    variation = models.ForeignKey(
        AgreementVariation, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=20, choices=VariationStatus.choices)
    to_status = models.CharField(max_length=20, choices=VariationStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = VariationEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.variation_id}: {self.from_status} -> {self.to_status}"
