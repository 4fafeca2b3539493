"""Provider groups: the ultimate parent company behind a market's providers, as a consortium's
admins record it, with the flags the market view reports (ADR 18).

A group belongs to the consortium that recorded it: another consortium may know the same
company under its own record. Its flags (under the government's financial oversight regime,
owned by private equity) are dated facts with a source, kept as rows: a new finding is a new
row, the latest per kind is the one in force, and the old ones stay as the record of what was
known when.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from boroughs.models import Consortium, User
from boroughs.tenancy import ConsortiumStaffQuerySet

from .providers import Provider, companies_house_validator


class ProviderGroupQuerySet(ConsortiumStaffQuerySet):
    """A consortium's council staff read its groups; providers and other consortia none."""


class ProviderGroup(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(
        Consortium, on_delete=models.PROTECT, related_name="provider_groups"
    )
    name = models.CharField("parent company's name", max_length=200)
    companies_house_number = models.CharField(
        "parent company's Companies House number",
        max_length=8,
        validators=[companies_house_validator],
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ProviderGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "companies_house_number"],
                name="one_group_per_company_per_consortium",
                violation_error_message="A group with this Companies House number is recorded",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupMemberQuerySet(ConsortiumStaffQuerySet):
    consortium_path = "group__consortium"


class GroupMember(models.Model):
    """A provider owned by a group, as far as this consortium knows: one group per provider."""

    group = models.ForeignKey(ProviderGroup, on_delete=models.CASCADE, related_name="members")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    # The group's consortium, kept here so one provider has one group in each consortium.
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        ordering = ["provider__legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "provider"], name="one_group_per_provider_per_consortium"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} in {self.group}"


class GroupFlagQuerySet(ConsortiumStaffQuerySet):
    consortium_path = "group__consortium"


class GroupFlag(models.Model):
    """A dated finding about a group, with its source. Never changed: a new finding is a row."""

    class Kind(models.TextChoices):
        OVERSIGHT = "oversight", "Under the financial oversight regime"
        PRIVATE_EQUITY = "private_equity", "Owned by private equity"

    group = models.ForeignKey(ProviderGroup, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    value = models.BooleanField()
    source = models.CharField(
        max_length=300, help_text="Where this comes from: a register, a filing, a notice."
    )
    as_of = models.DateField("date of the finding")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = GroupFlagQuerySet.as_manager()

    class Meta:
        ordering = ["group", "kind", "-as_of", "-pk"]

    def __str__(self) -> str:
        answer = "yes" if self.value else "no"
        return f"{self.group}: {self.get_kind_display().lower()}, {answer} ({self.as_of})"
