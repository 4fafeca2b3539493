"""Children, placement requests, invitations and offers, placements and their fee history.

A request's journey: a commissioner records the child's needs and the policy questions, matches
enrolled settings on the lot, invites some of them (the call-off), providers offer or decline,
the commissioner evaluates and awards, and the award becomes a placement at the agreed fee.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from boroughs.audit.records import AuditedHistory, HistoryQuerySet
from boroughs.geo import normalise_postcode, outcode_of
from boroughs.models import Borough, Strand, User
from boroughs.tenancy import BoroughOwnedQuerySet
from providers.choices import WEEKS_PER_YEAR, NeedCode
from providers.models import Lot, Provider, Setting

from .choices import (
    DeclineReason,
    EndReason,
    InvitationStatus,
    LegalStatus,
    PhaseTransfer,
    PlacementStage,
    PlacementStatus,
    Provision,
    RequestStatus,
    Sex,
)

WEEKS_CHOICES = [(w, f"{w} weeks") for w in WEEKS_PER_YEAR]
PENNY = Decimal("0.01")


def money_field(verbose_name: str | None = None, **kwargs) -> models.DecimalField:
    """Pounds and pence, never float: up to £9,999,999.99."""
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=2, **kwargs)


def national_curriculum_year(date_of_birth: date, on: date | None = None) -> int:
    """The national curriculum year in England: children born 1 September to 31 August start
    reception (year 0) in the September after they turn four. Year 12 and up are post-16."""
    on = on or timezone.localdate()
    academic_year_start = on.year if on.month >= 9 else on.year - 1
    cohort_start = date_of_birth.year if date_of_birth.month >= 9 else date_of_birth.year - 1
    return academic_year_start - cohort_start - 5


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


class BoroughOrProviderQuerySet(BoroughOwnedQuerySet):
    """Rows a borough owns and a provider takes part in.

    Council staff see them by borough; a provider's users see only the rows that name their
    own organisation, through `provider_path` (boroughs.policy).
    """

    provider_path = "provider"


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
    """The weekly fee from a date: the first row is the agreed fee, later ones uplifts or cuts."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="fees")
    effective_from = models.DateField()
    weekly_fee = money_field(validators=[MinValueValidator(0)])
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


# --- Reference data: DfE's EHC plan statistics (public, so not borough-owned) ---------------


class EhcPlanCount(models.Model):
    """Statements of SEN and EHC plans in one area at one January census (DfE SEN2).

    Public reference data, loaded by `manage.py load_ehcp` from placements/data: the consortium's
    boroughs plus London and England to compare, keyed by GSS code rather than a borough foreign
    key, so it needs no tenancy. `total` is statements plus plans: the continuous count, since
    2014 to 2018 mixed the two while statements were converted. Blank means DfE published
    none (its `z`, not applicable, or `x`, not available).
    """

    ons_code = models.CharField("GSS code", max_length=9)
    dfe_la_code = models.CharField("DfE LA number", max_length=3, blank=True)
    area_name = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField("January census year")
    statements = models.PositiveIntegerField("statements of SEN", null=True, blank=True)
    ehc_plans = models.PositiveIntegerField("EHC plans", null=True, blank=True)
    total = models.PositiveIntegerField("statements and EHC plans")
    in_independent_special = models.PositiveIntegerField(
        "in independent special schools", null=True, blank=True
    )
    in_non_maintained_special = models.PositiveIntegerField(
        "in non-maintained special schools", null=True, blank=True
    )
    in_special_total = models.PositiveIntegerField("in special schools", null=True, blank=True)
    in_mainstream_total = models.PositiveIntegerField(
        "in mainstream schools", null=True, blank=True
    )
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["area_name", "year"]
        constraints = [
            models.UniqueConstraint(fields=["ons_code", "year"], name="one_ehcp_count_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.area_name} {self.year}: {self.total}"


class EhcPlanNeed(models.Model):
    """EHC plans in one area at one January census with one primary need (DfE SEN2).

    One row per need; `need` is blank where DfE records the need as unknown. Public reference
    data, keyed by GSS code like `EhcPlanCount`.
    """

    ons_code = models.CharField("GSS code", max_length=9)
    dfe_la_code = models.CharField("DfE LA number", max_length=3, blank=True)
    area_name = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField("January census year")
    need = models.CharField(
        "primary need", max_length=4, choices=NeedCode.choices, blank=True, default=""
    )
    plans = models.PositiveIntegerField("EHC plans")

    class Meta:
        ordering = ["area_name", "year", "need"]
        constraints = [
            models.UniqueConstraint(
                fields=["ons_code", "year", "need"], name="one_ehcp_need_count_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_name} {self.year} {self.need or 'unknown'}: {self.plans}"
