"""The outcomes framework, each placement's targets and the termly returns that score them.

A framework version is the consortium's agreed set of domains and indicators. Targets point at an
indicator of the version current when they were set; a return records the version it was made
under and its scores, so agreeing a new version never rewrites an old return.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from boroughs.models import Borough, Consortium, User
from boroughs.tenancy import ConsortiumAndMarketQuerySet
from placements.models import BoroughOrProviderQuerySet, Placement
from providers.models import Provider

from .choices import (
    SCALE_RANGES,
    DomainKind,
    PfaPathway,
    ReturnStatus,
    Scale,
    TermName,
    VersionStatus,
)


class ConsortiumQuerySet(ConsortiumAndMarketQuerySet):
    """Consortium-wide rows every member (council staff or provider user) may read.

    Council staff read their own consortium's; provider users read every consortium's framework,
    since they report against it wherever they are enrolled (boroughs.policy).
    """


class FrameworkVersion(models.Model):
    """One version of the consortium's outcomes framework.

    draft -> agreed -> superseded (outcomes.workflow holds the table). A draft is edited freely;
    it is agreed once every member borough and at least one provider representative have signed
    it off. Agreeing a version supersedes the one before; returns keep the version they were
    made under.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(
        Consortium, on_delete=models.PROTECT, related_name="outcome_frameworks"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsortiumQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "number"], name="one_framework_version_number"
            ),
            models.UniqueConstraint(
                fields=["consortium"],
                condition=models.Q(status="agreed"),
                name="one_agreed_framework_per_consortium",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class DomainQuerySet(ConsortiumQuerySet):
    consortium_path = "version__consortium"


class Domain(models.Model):
    """A heading of the framework: a Preparing for Adulthood outcome or a broad area of need."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=DomainKind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    objects = DomainQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_domain_code_per_version")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorQuerySet(ConsortiumQuerySet):
    consortium_path = "domain__version__consortium"


class Indicator(models.Model):
    """What is scored under a domain, on one scale; a rating scale has a descriptor per point."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    scale = models.CharField(max_length=8, choices=Scale.choices)
    # {"1": "...", ..., "5": "..."} for a rating; GAS uses the standard descriptors.
    descriptors = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["domain__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="one_indicator_code_per_domain")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def score_range(self) -> tuple[int, int]:
        return SCALE_RANGES[Scale(self.scale)]


class SignOffQuerySet(ConsortiumQuerySet):
    consortium_path = "version__consortium"


class SignOff(models.Model):
    """A member borough's or a provider representative's agreement to a framework version."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="sign_offs"
    )
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(borough__isnull=False, provider__isnull=True)
                | models.Q(borough__isnull=True, provider__isnull=False),
                name="sign_off_by_a_borough_or_a_provider",
            ),
            models.UniqueConstraint(fields=["version", "borough"], name="one_sign_off_per_borough"),
            models.UniqueConstraint(
                fields=["version", "provider"], name="one_sign_off_per_provider"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.borough or self.provider} signed {self.version}"


class TermQuerySet(ConsortiumQuerySet):
    pass


class Term(models.Model):
    """A school term of the consortium's calendar, with the date its returns are due."""

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="terms")
    academic_year = models.PositiveSmallIntegerField(help_text="The year the school year starts.")
    name = models.CharField(max_length=6, choices=TermName.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    returns_due_on = models.DateField("returns due")

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["consortium", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "academic_year", "name"], name="one_term_per_name_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_name_display()} {self.academic_year}/{(self.academic_year + 1) % 100:02d}"
        )


class TargetQuerySet(BoroughOrProviderQuerySet):
    borough_path = "placement__borough"
    provider_path = "placement__provider"


class OutcomeTarget(models.Model):
    """An outcome from the child's EHC plan that the placement works towards, and how it is scored.

    Set by the commissioner, read by the provider. `latest_score` is kept by the return services
    so benchmarking can count targets met without a window over every score.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    outcome = models.TextField("outcome from the EHC plan")
    baseline = models.SmallIntegerField()
    target = models.SmallIntegerField()
    target_date = models.DateField()
    latest_score = models.SmallIntegerField(null=True, blank=True)
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "indicator__domain__order", "pk"]

    def __str__(self) -> str:
        return self.outcome[:60]

    @property
    def is_met(self) -> bool:
        return self.latest_score is not None and self.latest_score >= self.target


class ReturnQuerySet(BoroughOrProviderQuerySet):
    borough_path = "placement__borough"
    provider_path = "placement__provider"


class TermlyReturn(models.Model):
    """A provider's report on one placement for one term.

    overdue -> submitted -> queried -> submitted -> accepted (outcomes.workflow holds the table).
    Only accepted returns count in benchmarking. The beat job creates an overdue row for a
    return not in by its due date; `late` records that it came in after the date.
    `mean_progress` is the mean of its scores' progress, `targets_scored` and `targets_met`
    count its scores and those that reach their target: all three kept by the services, so
    benchmarking reads returns and never the scores.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="returns")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="returns")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="returns"
    )
    status = models.CharField(
        max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED
    )
    late = models.BooleanField(default=False)
    attendance_pct = models.DecimalField(
        "attendance (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    fixed_term_exclusion_days = models.DecimalField(
        "suspensions (days)",
        help_text="Days of suspension (formerly fixed-term exclusion) in the term.",
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    permanently_excluded = models.BooleanField(default=False)
    serious_incidents = models.PositiveSmallIntegerField(default=0)
    pfa_pathway = models.CharField(
        "Preparing for Adulthood pathway",
        max_length=24,
        choices=PfaPathway.choices,
        blank=True,
        default=PfaPathway.NOT_YET,
    )
    summary = models.TextField(blank=True)
    mean_progress = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    targets_scored = models.PositiveSmallIntegerField(default=0, editable=False)
    targets_met = models.PositiveSmallIntegerField(default=0, editable=False)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-term__starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "term"], name="one_return_per_term")
        ]
        indexes = [models.Index(fields=["status", "term"], name="return_status_term")]

    def __str__(self) -> str:
        return f"{self.term} return for {self.placement.reference}"


class ScoreQuerySet(BoroughOrProviderQuerySet):
    borough_path = "termly_return__placement__borough"
    provider_path = "termly_return__placement__provider"


class TargetScore(models.Model):
    """One target's score in one return, with the evidence for it.

    `progress` is the score less the target's previous score (its baseline before the first
    return) and `met` whether it reached the target: both kept by the services at write time, so
    benchmarking is one GROUP BY over scores.
    """

    termly_return = models.ForeignKey(TermlyReturn, on_delete=models.CASCADE, related_name="scores")
    target = models.ForeignKey(OutcomeTarget, on_delete=models.CASCADE, related_name="scores")
    score = models.SmallIntegerField()
    evidence = models.TextField()
    progress = models.SmallIntegerField(default=0)
    met = models.BooleanField(default=False)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["target__indicator__domain__order", "target_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["termly_return", "target"], name="one_score_per_target_per_return"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} for {self.target}"


class ReturnEventQuerySet(BoroughOrProviderQuerySet):
    borough_path = "termly_return__placement__borough"
    provider_path = "termly_return__placement__provider"


class ReturnEvent(models.Model):
    """A move of a return through its workflow: who, when, from, to and why (a query's text)."""

    termly_return = models.ForeignKey(TermlyReturn, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ReturnStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReturnStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = ReturnEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"
