"""Placements (an award made real at the agreed fee) and their fee history."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from boroughs.models import Borough, User
from providers.models import Lot, Provider, Setting

from ..choices import (
    EndReason,
    PlacementStage,
    PlacementStatus,
    Provision,
)
from .children import Child
from .common import WEEKS_CHOICES, BoroughOrProviderQuerySet, money_field
from .offers import Offer
from .requests import PlacementRequest


def started_q(on: date | None = None, prefix: str = "") -> models.Q:
    """Placements active on `on` (default today): not ended and already started."""
    on = on or timezone.localdate()
    return models.Q(**{f"{prefix}status": PlacementStatus.ACTIVE, f"{prefix}starts_on__lte": on})


class PlacementQuerySet(BoroughOrProviderQuerySet):
    def active(self, on: date | None = None):
        """Active on `on` (default today); awarded placements still to start are left out."""
        return self.filter(started_q(on))

    def awarded(self, on: date | None = None):
        """Awarded but not yet started on `on` (default today)."""
        on = on or timezone.localdate()
        return self.filter(status=PlacementStatus.ACTIVE, starts_on__gt=on)


class Placement(models.Model):
    """A child placed at a setting: from an award, or from a move to another setting.

    Workflow: active -> ended (with an SSDA903-style reason); a move ends this placement with
    X1 and starts its successor the same day. The fee lives in `FeeChange` rows with effective
    dates; the agreed fee, the DPS ceiling and any spot-purchase price are kept as they were at
    award, so the saving does not move when the ceiling is later re-priced.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="placements")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    request = models.ForeignKey(
        PlacementRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    offer = models.OneToOneField(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="placement"
    )
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="placements")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="placements")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="placements")
    status = models.CharField(
        max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    provision = models.CharField(max_length=12, choices=Provision.choices, default=Provision.DAY)
    weeks_per_year = models.PositiveSmallIntegerField(choices=WEEKS_CHOICES)
    starts_on = models.DateField("start date")
    start_reason = models.TextField(
        "why the start date is in the past",
        blank=True,
        help_text="Recorded when the placement was awarded or moved with a start date already past.",
    )
    ends_on = models.DateField("end date", null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    agreed_weekly = money_field("agreed weekly fee")
    ceiling_weekly = money_field("DPS ceiling (weekly)", null=True, blank=True)
    spot_weekly = money_field(
        "spot-purchase price (weekly)",
        null=True,
        blank=True,
        help_text="What the borough would have paid buying the same place off-framework.",
    )
    distance_km = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    next_review_on = models.DateField("next annual review", null=True, blank=True)
    moved_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="moved_to"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["borough", "status", "starts_on"]),
            models.Index(fields=["provider", "status"]),
            # The lists' order, newest first: a page is read off the index, not sorted.
            models.Index(fields=["-starts_on", "-id"], name="placement_newest_first"),
            models.Index(fields=["borough", "-starts_on", "-id"], name="placement_borough_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active", ends_on__isnull=True)
                | models.Q(status="ended", ends_on__isnull=False),
                name="ended_placements_have_an_end_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} at {self.setting} from {self.starts_on}"

    @property
    def reference(self) -> str:
        return f"PL-{self.pk:06d}" if self.pk else "PL-new"

    def stage_on(self, on: date | None = None) -> str:
        """A PlacementStage: an active placement before its start date is only awarded."""
        if self.status == PlacementStatus.ENDED:
            return PlacementStage.ENDED
        if self.starts_on > (on or timezone.localdate()):
            return PlacementStage.AWARDED
        return PlacementStage.ACTIVE

    @property
    def stage(self) -> str:
        return self.stage_on()

    @property
    def stage_label(self) -> str:
        """ "Awarded, starts on 5 January 2027", "Active" or "Ended", as pages and the API say."""
        stage = self.stage
        if stage == PlacementStage.AWARDED:
            return f"Awarded, starts on {self.starts_on.day} {self.starts_on:%B %Y}"
        return PlacementStage(stage).label

    @property
    def annual_saving_vs_ceiling(self) -> Decimal | None:
        if self.ceiling_weekly is None:
            return None
        return (self.ceiling_weekly - self.agreed_weekly) * self.weeks_per_year

    @property
    def annual_saving_vs_spot(self) -> Decimal | None:
        if self.spot_weekly is None:
            return None
        return (self.spot_weekly - self.agreed_weekly) * self.weeks_per_year


class FeeChangeQuerySet(BoroughOrProviderQuerySet):
    borough_path = "placement__borough"
    provider_path = "placement__provider"


class FeeChange(models.Model):
    """The weekly fee from a date: the first row is the agreed fee, later ones uplifts or cuts.

    `lines` is the fee schedule behind the weekly fee, part by part (the offer's education,
    care, therapies, one-to-one, transport and other), as strings of pounds and pence; a row
    recorded without a breakdown is one line, `fee`. `schedule()` answers it either way.
    """

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="fees")
    effective_from = models.DateField()
    weekly_fee = money_field(validators=[MinValueValidator(0)])
    lines = models.JSONField(
        "fee schedule",
        default=dict,
        blank=True,
        help_text="The weekly fee part by part; empty for a fee recorded as one amount.",
    )
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = FeeChangeQuerySet.as_manager()

    class Meta:
        ordering = ["effective_from"]
        # The fee in force on a day: the latest change on or before it, per placement.
        indexes = [models.Index(fields=["placement", "-effective_from"], name="fee_in_force")]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "effective_from"], name="one_fee_per_effective_date"
            )
        ]

    def __str__(self) -> str:
        return f"£{self.weekly_fee} a week from {self.effective_from}"

    def schedule(self) -> dict[str, Decimal]:
        """The weekly fee part by part: the recorded lines, else one line `fee`."""
        return self.schedule_of(self.weekly_fee, self.lines)

    @staticmethod
    def schedule_of(weekly_fee: Decimal, lines: dict) -> dict[str, Decimal]:
        """`schedule()` from a row's two columns (for reads that fetch values, not rows)."""
        if not lines:
            return {"fee": weekly_fee}
        return {part: Decimal(amount) for part, amount in lines.items()}
