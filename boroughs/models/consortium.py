"""Consortia, their boroughs and strands (the groups of boroughs that commission together)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models

from .. import policy
from ..choices import BillingFrequency, StrandKind
from ..tenancy import BoroughOwnedQuerySet, ConsortiumStaffQuerySet, TenantQuerySet

# Councils with SEND and children's services duties: unitary (E06), metropolitan (E08),
# London (E09) and county (E10) councils.
ons_code_validator = RegexValidator(
    r"^E(0[689]|10)\d{6}$", "Enter an ONS local authority code, like E09000008"
)
dfe_code_validator = RegexValidator(r"^\d{3}$", "Enter a 3-digit DfE LA number, like 306")


class ConsortiumQuerySet(TenantQuerySet):
    """A consortium's staff read their own consortium; every provider reads them all (the DPSs
    they may apply to belong to consortia)."""

    consortium_path = ""
    open_to = frozenset({policy.PROVIDERS})


class Consortium(models.Model):
    """A regional commissioning programme: member boroughs pool their placement purchasing.

    One borough leads: it hosts the programme team, runs accreditation and owns the reports.
    """

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    slug = models.SlugField(unique=True)
    lead_borough = models.ForeignKey(
        "Borough", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quality_weight = models.PositiveSmallIntegerField(
        "quality weight (%)",
        default=60,
        validators=[MaxValueValidator(100)],
        help_text="How much quality counts when offers are evaluated; price takes the rest.",
    )

    objects = ConsortiumQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "consortia"

    def __str__(self) -> str:
        return self.name

    @property
    def price_weight(self) -> int:
        return 100 - self.quality_weight


class BoroughQuerySet(TenantQuerySet):
    """Staff read their own borough; the lead borough's analysts and admins every member."""

    borough_path = ""


class Borough(models.Model):
    """A member local authority, identified by its ONS (GSS) code and DfE LA number.

    Borough staff see their own borough; the lead borough's analysts and admins see all members.
    """

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="boroughs")
    name = models.CharField(max_length=100)
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[ons_code_validator]
    )
    dfe_la_code = models.CharField(
        "DfE LA number", max_length=3, unique=True, validators=[dfe_code_validator]
    )
    entra_tenant_id = models.UUIDField(
        "Microsoft Entra tenant ID",
        null=True,
        blank=True,
        help_text="The council's Microsoft 365 tenant: its staff may sign in with Microsoft.",
    )
    billing_frequency = models.CharField(
        max_length=7,
        choices=BillingFrequency.choices,
        default=BillingFrequency.MONTHLY,
        help_text="Whether providers bill the borough for its placements monthly or termly.",
    )

    objects = BoroughQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_lead(self) -> bool:
        return self.consortium.lead_borough_id == self.pk


class StrandQuerySet(ConsortiumStaffQuerySet):
    """Every member of staff of the consortium reads its strands."""


class Strand(models.Model):
    """A line of commissioning the consortium runs together (SEND placements, care placements).

    Member boroughs differ by strand; lots of the dynamic purchasing system belong to a strand.
    Every member of the consortium may see its strands.
    """

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="strands")
    kind = models.CharField(max_length=10, choices=StrandKind.choices)
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    description = models.TextField(blank=True)
    boroughs = models.ManyToManyField(Borough, through="StrandMembership", related_name="strands")

    objects = StrandQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "kind"], name="one_strand_per_kind"),
            models.UniqueConstraint(fields=["consortium", "slug"], name="unique_strand_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class StrandMembership(models.Model):
    """A borough's membership of a strand, with where the fact comes from."""

    strand = models.ForeignKey(Strand, on_delete=models.CASCADE, related_name="memberships")
    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="memberships")
    source_note = models.CharField(max_length=300, blank=True)

    objects = BoroughOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["strand", "borough"], name="one_membership_per_strand")
        ]

    def __str__(self) -> str:
        return f"{self.borough} in {self.strand}"
