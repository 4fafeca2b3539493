"""What the outcomes API shows and accepts for benchmarks, strong providers, a provider's own
benchmark, post-16 costs and transitions. The views (outcomes.api.views.benchmarks) import them
from here."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import NotFound

from boroughs.models import Borough
from kernel.api.fields import TextField
from providers.choices import LotKind, NeedCode
from providers.models import Lot

from ...selectors.benchmarks import (
    BY_CHOICES,
)

MSG_NO_SUCH_LOT = "No lot of your consortium has this kind"
MSG_NOT_YOUR_BOROUGH = "Choose a borough you may see"
ONS_CODE = r"^[ENSW]\d{8}$"
THOUSANDTHS = {"max_digits": 8, "decimal_places": 3, "allow_null": True}


class ScopeQuerySerializer(serializers.Serializer):
    borough = serializers.RegexField(
        ONS_CODE,
        required=False,
        help_text=(
            "ONS code of one member borough: only its placements count. A borough you may not "
            "see answers 404, like a missing one."
        ),
    )

    def validate_borough(self, code: str) -> int:
        found = Borough.objects.for_user(self.context["request"].user).filter(ons_code=code)
        borough = found.first()
        if borough is None:
            # Well formed, so not invalid: absent for this user (ADR 1's 404 for another's).
            raise NotFound({"borough": [MSG_NOT_YOUR_BOROUGH]})
        return borough.pk


class BenchmarkQuerySerializer(ScopeQuerySerializer):
    by = serializers.ChoiceField(BY_CHOICES, default="setting", help_text="How to group.")
    need = serializers.ChoiceField(NeedCode.choices, required=False)
    lot = serializers.ChoiceField(
        LotKind.choices,
        required=False,
        help_text="A lot's kind. One your consortium's DPS does not have answers 404.",
    )
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="School year, e.g. 2025."
    )

    def validate_lot(self, kind: str) -> int:
        user = self.context["request"].user
        lots = Lot.objects.for_user(user).filter(dps__consortium_id=user.consortium_id)
        lot = lots.filter(kind=kind).first()
        if lot is None:
            raise NotFound({"lot": [MSG_NO_SUCH_LOT]})
        return lot.pk


class NeedQuerySerializer(serializers.Serializer):
    need = serializers.ChoiceField(NeedCode.choices)


class BenchmarkRowSerializer(serializers.Serializer):
    """One group's benchmark; keys the grouping does not use are null (see ADR 0006)."""

    provider = serializers.UUIDField(source="provider_public_id", allow_null=True)
    provider_name = TextField(allow_null=True)
    setting = serializers.UUIDField(source="setting_public_id", allow_null=True)
    setting_name = TextField(allow_null=True)
    need = TextField()
    need_label = TextField()
    lot = TextField(source="lot_kind", allow_null=True)
    lot_name = TextField(allow_null=True)
    children = serializers.IntegerField(help_text="Distinct children.")
    returns = serializers.IntegerField(help_text="Accepted returns (child-terms): the n.")
    mean_progress = serializers.DecimalField(**THOUSANDTHS, help_text="Mean progress a term.")
    lower = serializers.DecimalField(**THOUSANDTHS, help_text="95% interval of the mean.")
    upper = serializers.DecimalField(**THOUSANDTHS)
    shrunk = serializers.DecimalField(**THOUSANDTHS, help_text="Empirical Bayes estimate.")
    shrinkage_weight = serializers.DecimalField(
        **THOUSANDTHS, help_text="Share of the group's own difference from the need's mean kept."
    )
    credible_lower = serializers.DecimalField(
        **THOUSANDTHS,
        help_text="Lower credible bound of the shrunken estimate (its 5th percentile): what "
        "groups are ranked on.",
    )
    rank = serializers.IntegerField(
        allow_null=True,
        help_text="Rank within the need, 1 the best (ties share one); null when the group has "
        "too few children to rank.",
    )
    targets_met_share = serializers.DecimalField(**THOUSANDTHS, help_text="0 to 1.")
    attendance_pct = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    exclusion_days = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        help_text="Days of suspension per child-term.",
    )
    permanent_exclusions = serializers.IntegerField()
    weekly_cost = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    progress_per_1000 = serializers.DecimalField(**THOUSANDTHS)


class QuartilesSerializer(serializers.Serializer):
    q1 = serializers.DecimalField(max_digits=9, decimal_places=3)
    median = serializers.DecimalField(max_digits=9, decimal_places=3)
    q3 = serializers.DecimalField(max_digits=9, decimal_places=3)


class DistributionSerializer(serializers.Serializer):
    """The consortium's spread for a need, unnamed; null below five groups."""

    need = TextField()
    need_label = TextField()
    groups = serializers.IntegerField()
    shrunk = QuartilesSerializer(allow_null=True)
    targets_met_share = QuartilesSerializer(allow_null=True)
    attendance_pct = QuartilesSerializer(allow_null=True)
    weekly_cost = QuartilesSerializer(allow_null=True)


class ProviderBenchmarkSerializer(serializers.Serializer):
    consortium = serializers.IntegerField(source="consortium_id")
    rows = BenchmarkRowSerializer(many=True)
    distribution = DistributionSerializer(many=True)


class Post16Serializer(serializers.Serializer):
    provider = serializers.UUIDField(source="provider_public_id")
    provider_name = TextField()
    need = TextField()
    need_label = TextField()
    placements = serializers.IntegerField()
    mean_weekly = serializers.DecimalField(max_digits=9, decimal_places=2)
    median_weekly = serializers.DecimalField(max_digits=9, decimal_places=2)
    min_weekly = serializers.DecimalField(max_digits=9, decimal_places=2)
    max_weekly = serializers.DecimalField(max_digits=9, decimal_places=2)
    consortium_median_weekly = serializers.DecimalField(max_digits=9, decimal_places=2)


class BoroughTransitionsSerializer(serializers.Serializer):
    borough = TextField(source="borough_name")
    year_6 = serializers.IntegerField(help_text="Year 6 to Year 7 transfers due.")
    year_11 = serializers.IntegerField(help_text="Year 11 to post-16 transfers due.")
    pathways = serializers.DictField(
        child=serializers.IntegerField(), help_text="Young people by PfA pathway code."
    )
    young_people = serializers.IntegerField()


class TransitionsSerializer(serializers.Serializer):
    on = serializers.DateField()
    boroughs = BoroughTransitionsSerializer(many=True)
