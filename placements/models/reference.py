"""Reference data: DfE's EHC plan statistics (public, so not borough-owned)."""

from __future__ import annotations

from django.db import models

from providers.choices import NeedCode


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


class PriceBandSet(models.Model):
    """One publication of national price bands for independent special schools, as loaded.

    National and public, so not tenant-owned. A later publication is a new set; the latest
    published is the one placements and offers are read against, and earlier sets stay.
    """

    source = models.CharField(max_length=300, help_text="Where the bands were published.")
    published_on = models.DateField()
    # Who loaded it, as text: public reference data keeps no link to a tenant's user.
    loaded_by = models.CharField(max_length=254, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"Price bands published {self.published_on:%d %B %Y}"


class PriceBand(models.Model):
    """A weekly price range for one price band of one need band; `needs` lists the primary need
    codes the need band covers."""

    band_set = models.ForeignKey(PriceBandSet, on_delete=models.CASCADE, related_name="bands")
    need_band = models.CharField(max_length=100)
    needs = models.JSONField(default=list)
    price_band = models.CharField(max_length=20)
    weekly_min = models.DecimalField("lowest weekly price", max_digits=10, decimal_places=2)
    weekly_max = models.DecimalField("highest weekly price", max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["band_set", "need_band", "weekly_min"]

    def __str__(self) -> str:
        return f"{self.need_band}, band {self.price_band}: £{self.weekly_min} to £{self.weekly_max}"
