"""Children (the records a borough keeps about the children it places) and who looked at them."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from boroughs.audit.records import AuditedHistory, HistoryQuerySet
from boroughs.geo import normalise_postcode, outcode_of
from boroughs.models import Borough, User
from boroughs.tenancy import BoroughOwnedQuerySet
from providers.choices import NeedCode

from ..choices import (
    LegalStatus,
    Sex,
)
from .common import national_curriculum_year


class ChildHistoryQuerySet(HistoryQuerySet):
    borough_path = "borough"


class Child(models.Model):
    """A child or young person a borough commissions a placement for.

    Special-category personal data: pseudonymised by the borough's own reference; the name, if
    kept at all, is seen only by the owning borough; providers and other boroughs only ever see
    the postcode district. Every view of the record is written to `ChildAccessLog`.

    Once the retention period has passed the record is anonymised (commissioning.dataprotection,
    ADR 10): identity and free text go, the figures stay, and `anonymised_on` records the day.
    An anonymised record is read-only.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="children")
    reference = models.CharField(
        "borough reference", max_length=40, help_text="The borough's case reference, not a name."
    )
    name = models.CharField(
        max_length=150, blank=True, help_text="Optional; the borough's eyes only."
    )
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    home_postcode = models.CharField(max_length=8)
    primary_need = models.CharField(max_length=4, choices=NeedCode.choices)
    secondary_needs = models.JSONField(default=list, blank=True)
    ehcp_issued_on = models.DateField("EHC plan issued", null=True, blank=True)
    ehcp_last_review_on = models.DateField("last annual review", null=True, blank=True)
    ehcp_next_review_on = models.DateField("next annual review", null=True, blank=True)
    looked_after = models.BooleanField(default=False)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_on = models.DateField(null=True, blank=True, editable=False)

    objects = BoroughOwnedQuerySet.as_manager()
    # Every version of the record: special-category data too (see placements.history).
    history = AuditedHistory(queryset=ChildHistoryQuerySet)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "reference"], name="one_child_per_reference")
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        self.home_postcode = normalise_postcode(self.home_postcode) or self.home_postcode
        super().save(*args, **kwargs)

    @property
    def national_curriculum_year(self) -> int:
        return national_curriculum_year(self.date_of_birth)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_on is not None

    @property
    def postcode_district(self) -> str:
        """What providers and other boroughs see instead of the full postcode, e.g. CR0; empty
        once the record is anonymised (the postcode is removed)."""
        return outcode_of(self.home_postcode) if self.home_postcode else ""


class ChildAccessLogQuerySet(BoroughOwnedQuerySet):
    borough_path = "child__borough"


class ChildAccessLog(models.Model):
    """Who looked at which child's record, when, and what they looked at."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=100)

    objects = ChildAccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} viewed {self.child} ({self.what}) at {self.at:%Y-%m-%d %H:%M}"
