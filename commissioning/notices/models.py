"""Procurement Act notices as the portal drafts them from its records (ADR 19).

A notice is drafted from the record it describes (a DPS, an award, a fee change, an end) as an
OCDS release with the UK extension's fields, checked against the schema and the UK profile
(`schema.problems`), and kept with its status: draft, ready to publish (a consortium admin
checked it and it has no problems), published (the admin records the platform's reference; the
portal cannot reach Find a Tender itself). Once ready its release no longer changes: a
correction is a new notice.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from boroughs.models import Consortium, User
from boroughs.tenancy import ConsortiumStaffQuerySet
from placements.models import FeeChange, Placement
from providers.models import DynamicPurchasingSystem

from .choices import NoticeStatus, NoticeType


class NoticeQuerySet(ConsortiumStaffQuerySet):
    """A consortium's council staff read its notices; providers and other consortia none."""


class ProcurementNotice(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="notices")
    notice_type = models.CharField(max_length=4, choices=NoticeType.choices)
    status = models.CharField(
        max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    dps = models.ForeignKey(
        DynamicPurchasingSystem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fee_change = models.ForeignKey(
        FeeChange, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_description = models.TextField(
        "what changed", blank=True, help_text="For a modification notice: what the change is."
    )
    release = models.JSONField()
    problems = models.JSONField(default=list, blank=True)
    authorities = models.JSONField(
        default=list, help_text="The identifier of every authority joined in the market."
    )
    due_by = models.DateField(null=True, blank=True)
    drafted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_on = models.DateField(null=True, blank=True)
    platform_reference = models.CharField(
        "the notice's reference on Find a Tender", max_length=100, blank=True
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-drafted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.notice_type} {self.subject_label}"

    @property
    def subject_label(self) -> str:
        if self.dps_id:
            return self.dps.name
        if self.placement_id:
            return f"placement {self.placement.reference}"
        return ""
