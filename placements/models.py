"""Children and, with issue 4, placement requests, offers, awards and placements."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.utils import timezone

from boroughs.geo import normalise_postcode, outcode_of
from boroughs.models import Borough, User
from boroughs.tenancy import BoroughOwnedQuerySet
from providers.choices import NeedCode

from .choices import LegalStatus, Sex


def national_curriculum_year(date_of_birth: date, on: date | None = None) -> int:
    """The national curriculum year in England: children born 1 September to 31 August start
    reception (year 0) in the September after they turn four. Year 12 and up are post-16."""
    on = on or timezone.localdate()
    academic_year_start = on.year if on.month >= 9 else on.year - 1
    cohort_start = date_of_birth.year if date_of_birth.month >= 9 else date_of_birth.year - 1
    return academic_year_start - cohort_start - 5


class Child(models.Model):
    """A child or young person a borough commissions a placement for.

    Special-category personal data: pseudonymised by the borough's own reference; the name, if
    kept at all, is seen only by the owning borough; providers and other boroughs only ever see
    the postcode district. Every view of the record is written to `ChildAccessLog`.
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

    objects = BoroughOwnedQuerySet.as_manager()

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
    def postcode_district(self) -> str:
        """What providers and other boroughs see instead of the full postcode, e.g. CR0."""
        return outcode_of(self.home_postcode)


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
