"""What the placements app's models share: money fields, weeks per year, the national curriculum
year, and the queryset of rows a borough's staff and a provider's users both see."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import timezone

from boroughs.tenancy import BoroughOwnedQuerySet
from providers.choices import WEEKS_PER_YEAR

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


class BoroughOrProviderQuerySet(BoroughOwnedQuerySet):
    """Rows a borough owns and a provider takes part in.

    Council staff see them by borough; a provider's users see only the rows that name their
    own organisation, through `provider_path` (boroughs.policy).
    """

    provider_path = "provider"
