"""Enrolments of settings on lots, and their events: what accreditation leads to."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from boroughs.models import User

from ..choices import EnrolmentStatus
from .applications import Application, PriceLine, ProviderConsortiumQuerySet
from .dps import Lot
from .providers import Setting


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
