"""Placement requests and the invitations that call settings off the lot, with their events.

A request's journey: a commissioner records the child's needs and the policy questions, matches
enrolled settings on the lot, invites some of them (the call-off), providers offer or decline,
the commissioner evaluates and awards, and the award becomes a placement at the agreed fee."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from boroughs.models import Borough, Strand, User
from boroughs.tenancy import BoroughOwnedQuerySet
from providers.models import Lot, Provider, Setting

from ..choices import (
    DeclineReason,
    InvitationStatus,
    PhaseTransfer,
    Provision,
    RequestStatus,
    SufficiencyReason,
)
from .children import Child
from .common import WEEKS_CHOICES, BoroughOrProviderQuerySet, money_field


class PlacementRequest(models.Model):
    """A borough's request for a placement for one child, sent to chosen providers.

    Workflow (placements.workflow): draft -> open (invitations sent) -> evaluating (offers
    closed) -> awarded | none suitable; draft, open and evaluating can be cancelled. Providers
    never see this row directly: they see what their invitation shows (needs, no identity).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="requests")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="requests")
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    required_start_on = models.DateField("required start date")
    provision = models.CharField(max_length=12, choices=Provision.choices, default=Provision.DAY)
    weeks_per_year = models.PositiveSmallIntegerField(choices=WEEKS_CHOICES, default=38)
    # What providers see: the child's needs, without identity.
    needs_summary = models.TextField(
        help_text="The child's needs, with no name or identifying detail."
    )
    risks = models.TextField(blank=True)
    communication = models.TextField(blank=True)
    compatibility = models.TextField("who the child can live or learn alongside", blank=True)
    additional_support = models.TextField(blank=True)
    # The Placements Data Standard's referral answers, by entity and field name as the standard
    # spells them (placements.standard); childId is never stored, it is derived at export.
    standard = models.JSONField(
        "Placements Data Standard answers",
        default=dict,
        blank=True,
        help_text="Availability, requirements, recommendation and risks, as the standard names them.",
    )
    budget_ceiling_weekly = money_field("budget ceiling (weekly)", null=True, blank=True)
    response_deadline = models.DateField(null=True, blank=True)
    # Mainstream first, local first.
    mainstream_considered = models.BooleanField(default=False)
    in_borough_considered = models.BooleanField(default=False)
    not_met_reasons = models.JSONField(default=list, blank=True)
    not_met_explanation = models.TextField(blank=True)
    phase_transfer = models.CharField(
        max_length=12, choices=PhaseTransfer.choices, blank=True, default=PhaseTransfer.NONE
    )
    transfer_on = models.DateField("transfer date", null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    unmet_reason = models.CharField(
        "why no offer was suitable",
        max_length=20,
        choices=SufficiencyReason.choices,
        blank=True,
        help_text="The code recorded when the request closed as none suitable.",
    )

    objects = BoroughOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["borough", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"PR-{self.pk:06d}" if self.pk else "PR-new"

    def is_open_for_offers(self) -> bool:
        return self.status == RequestStatus.OPEN


class RequestEventQuerySet(BoroughOwnedQuerySet):
    borough_path = "request__borough"


class RequestEvent(models.Model):
    """One move of a request along its workflow: who, when, from, to, why."""

    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = RequestEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.from_status} -> {self.to_status}"


class InvitationQuerySet(BoroughOrProviderQuerySet):
    borough_path = "request__borough"

    def for_provider(self):
        # A provider never sees a draft: only requests actually sent to it.
        return self.exclude(request__status=RequestStatus.DRAFT)


class RequestInvitation(models.Model):
    """The call-off to one setting for one request, and that provider's response to it.

    Workflow: invited -> offered | declined | no response; offered -> withdrawn (by the
    provider, before award) | awarded | unsuccessful. The distance from the child's home is
    kept as it was when the invitation went out.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        PlacementRequest, on_delete=models.CASCADE, related_name="invitations"
    )
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=15, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    distance_km = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    ceiling_weekly = money_field("DPS ceiling (weekly)", null=True, blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["distance_km", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "setting"], name="one_invitation_per_setting"
            )
        ]
        indexes = [models.Index(fields=["provider", "status"])]

    def __str__(self) -> str:
        return f"{self.request} to {self.setting}"


class InvitationEventQuerySet(BoroughOwnedQuerySet):
    borough_path = "invitation__request__borough"


class InvitationEvent(models.Model):
    """One move of an invitation along its workflow."""

    invitation = models.ForeignKey(
        RequestInvitation, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=15, choices=InvitationStatus.choices)
    to_status = models.CharField(max_length=15, choices=InvitationStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = InvitationEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.invitation}: {self.from_status} -> {self.to_status}"
