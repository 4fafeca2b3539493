"""Dynamic purchasing systems and their lots: a consortium's, open to every provider to read."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from boroughs.audit.records import AuditedHistory, HistoryQuerySet
from boroughs.models import Consortium, Strand
from boroughs.tenancy import ConsortiumAndMarketQuerySet

from ..choices import LotKind, Regime


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
