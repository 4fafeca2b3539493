"""Providers' offers, the questions asked about them, and the record of how they were evaluated."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from boroughs.models import User
from boroughs.tenancy import BoroughOwnedQuerySet

from .common import WEEKS_CHOICES, BoroughOrProviderQuerySet, money_field
from .requests import PlacementRequest, RequestInvitation

FEE_PARTS = ("education", "care", "therapies", "one_to_one", "transport", "other")


class OfferQuerySet(BoroughOrProviderQuerySet):
    borough_path = "invitation__request__borough"
    provider_path = "invitation__provider"


class Offer(models.Model):
    """A provider's priced offer in answer to an invitation: a weekly fee with its breakdown.

    The provider may revise it while the request is open; the commissioner may record how well
    it meets the child's needs (a 0 to 4 rating) when evaluating.
    """

    invitation = models.OneToOneField(
        RequestInvitation, on_delete=models.CASCADE, related_name="offer"
    )
    education = money_field(default=Decimal("0.00"), validators=[MinValueValidator(0)])
    care = money_field(default=Decimal("0.00"), validators=[MinValueValidator(0)])
    therapies = money_field(default=Decimal("0.00"), validators=[MinValueValidator(0)])
    one_to_one = money_field(
        "one-to-one staffing", default=Decimal("0.00"), validators=[MinValueValidator(0)]
    )
    transport = money_field(default=Decimal("0.00"), validators=[MinValueValidator(0)])
    other = money_field(default=Decimal("0.00"), validators=[MinValueValidator(0)])
    weeks_per_year = models.PositiveSmallIntegerField(choices=WEEKS_CHOICES)
    proposed_start_on = models.DateField("proposed start date")
    conditions = models.TextField(blank=True)
    needs_fit = models.PositiveSmallIntegerField(
        "how well the offer meets the needs",
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
        help_text="The commissioner's rating from 0 (does not) to 4 (fully).",
    )
    needs_fit_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    needs_fit_at = models.DateTimeField(null=True, blank=True)
    above_ceiling_reason = models.TextField(
        "why the fee is above the DPS ceiling",
        blank=True,
        help_text="Required from the provider when the weekly fee is above the setting's ceiling.",
    )
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Offer for {self.invitation}: £{self.weekly_fee} a week"

    @property
    def weekly_fee(self) -> Decimal:
        return sum((getattr(self, part) for part in FEE_PARTS), Decimal("0.00"))

    @property
    def annual_cost(self) -> Decimal:
        return self.weekly_fee * self.weeks_per_year

    def schedule(self) -> dict[str, str]:
        """The offer's lines that carry a fee, as `FeeChange.lines` keeps them."""
        return {part: str(getattr(self, part)) for part in FEE_PARTS if getattr(self, part)}


class QuestionQuerySet(BoroughOrProviderQuerySet):
    borough_path = "invitation__request__borough"
    provider_path = "invitation__provider"


class OfferQuestion(models.Model):
    """A provider's clarification question about a request, and the commissioner's answer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invitation = models.ForeignKey(
        RequestInvitation, on_delete=models.CASCADE, related_name="questions"
    )
    question = models.TextField()
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"Question on {self.invitation}"


class FrozenRecord(Exception):
    """A decision record was asked to change: it stands as made, later changes are new records."""


class EvaluationRecordQuerySet(BoroughOwnedQuerySet):
    borough_path = "request__borough"

    def update(self, **kwargs):
        raise FrozenRecord("An evaluation record cannot be changed")

    def delete(self):
        raise FrozenRecord("An evaluation record cannot be deleted")


class EvaluationRecord(models.Model):
    """The evaluation of a request's offers as it stood when the commissioner decided.

    Written once, in the decision's transaction, from the same sheet the evaluation page showed
    (`placements.evaluation.evaluation_sheet`): every live offer with its price lines, every
    score and weight, every needs-fit rating with who gave it and when, the method in words and
    the reasons recorded. The page, the PDF record and each provider's assessment summary are
    read from it afterwards, so later ratings, re-priced ceilings, new inspections or new
    weights never change what the decision was made on. `digest` is the SHA-256 of the sheet
    as stored, so a copy can be checked against it.
    """

    class Outcome(models.TextChoices):
        AWARDED = "awarded", "Awarded"
        NONE_SUITABLE = "none_suitable", "None suitable"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(
        PlacementRequest, on_delete=models.PROTECT, related_name="evaluation_record"
    )
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    winner = models.ForeignKey(
        RequestInvitation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    unrated_reason = models.TextField("why not every offer was rated for needs fit", blank=True)
    safeguarding_reason = models.TextField(
        "why the award proceeds although safeguarding was not met", blank=True
    )
    sheet = models.JSONField()
    digest = models.CharField("SHA-256 of the sheet", max_length=64)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    objects = EvaluationRecordQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Evaluation record of {self.request}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenRecord("An evaluation record cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenRecord("An evaluation record cannot be deleted")
