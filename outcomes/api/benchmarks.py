"""Benchmarking in the outcomes API: the consortium's benchmarks and strong providers (council
staff), a provider's own benchmark against the anonymised distribution, post-16 costs and
transitions (council staff).

Figures are the selectors' (outcomes.selectors.benchmarks, post16, transitions), so the API and
the pages agree. Rows name providers and settings by public id, lots by kind, never by key.
A provider asking for another provider's benchmark gets 404, as for a missing one.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from boroughs.models import Borough
from kernel.api.fields import TextField
from kernel.api.filters import query_data
from kernel.api.permissions import allowing
from kernel.api.schema import FORBIDDEN, INVALID, NOT_FOUND
from placements.access import is_borough_staff, is_provider_user
from providers.access import access_provider
from providers.choices import LotKind, NeedCode
from providers.models import Lot, provider_id_for

from ..forms.benchmarks import school_year_period
from ..selectors.benchmarks import (
    BY_CHOICES,
    PERCENTILE_METRICS,
    benchmark_table,
    provider_benchmark,
    provider_consortia,
    strong_providers,
)
from ..selectors.post16 import post16_costs
from ..selectors.transitions import transitions_summary

MSG_PROVIDERS_ONLY = "Only a provider's own users can see its benchmark"
MSG_COUNCIL_ONLY = "Only council staff can see this"
MSG_NO_SUCH_LOT = "No lot of your consortium has this kind"
MSG_NOT_YOUR_BOROUGH = "Choose a borough you may see"
ONS_CODE = r"^[ENSW]\d{8}$"
THOUSANDTHS = {"max_digits": 8, "decimal_places": 3, "allow_null": True}


ProviderUsersOnly = allowing(is_provider_user, MSG_PROVIDERS_ONLY)
CouncilStaffOnly = allowing(is_borough_staff, MSG_COUNCIL_ONLY)


# --- Serializers ----------------------------------------------------------------------------


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


for _metric in PERCENTILE_METRICS:
    BenchmarkRowSerializer._declared_fields[f"percentile_{_metric}"] = serializers.IntegerField(
        allow_null=True, help_text="0 to 100 among the groups of the need."
    )


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


# --- Views ----------------------------------------------------------------------------------


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=query_data(request), context={"request": request})
    query.is_valid(raise_exception=True)
    return query.validated_data


class BenchmarkListView(GenericAPIView):
    """The consortium's benchmarks, as the benchmarks page shows them. Council staff only."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]
    serializer_class = BenchmarkRowSerializer
    filter_backends: list = []

    @extend_schema(
        summary="Benchmarks per group, by need, ranked on the lower credible bound",
        parameters=[BenchmarkQuerySerializer],
        responses={
            200: BenchmarkRowSerializer(many=True),
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, *args, **kwargs):
        q = _query(BenchmarkQuerySerializer, request)
        rows = benchmark_table(
            consortium_id=request.user.consortium_id,
            by=q["by"],
            need=q.get("need"),
            lot_id=q.get("lot"),
            borough_ids=[q["borough"]] if q.get("borough") else None,
            period=school_year_period(q.get("year")),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class StrongProvidersView(BenchmarkListView):
    """Settings for one need, ranked on the lower credible bound. Council staff only."""

    @extend_schema(
        summary="Strong providers for a need",
        parameters=[NeedQuerySerializer],
        responses={200: BenchmarkRowSerializer(many=True), 400: INVALID, 403: FORBIDDEN},
    )
    def get(self, request, *args, **kwargs):
        need = _query(NeedQuerySerializer, request)["need"]
        rows = strong_providers(consortium_id=request.user.consortium_id, need=need)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _provider_answer(provider_id: int, consortium_ids: list[int]) -> Response:
    answers = [
        {"consortium_id": consortium_id}
        | provider_benchmark(consortium_id=consortium_id, provider_id=provider_id)
        for consortium_id in consortium_ids
    ]
    return Response(ProviderBenchmarkSerializer(answers, many=True).data)


class MyBenchmarkView(APIView):
    """A provider's own rows against the anonymised distribution, per consortium it serves."""

    permission_classes = [*APIView.permission_classes, ProviderUsersOnly]

    @extend_schema(
        summary="Your own benchmark (provider users)",
        responses={200: ProviderBenchmarkSerializer(many=True), 403: FORBIDDEN},
    )
    def get(self, request, *args, **kwargs):
        provider_id = provider_id_for(request.user)
        return _provider_answer(provider_id, provider_consortia(provider_id))


class ProviderBenchmarkView(APIView):
    """One provider's benchmark: council staff for any; a provider for its own (404 otherwise)."""

    @extend_schema(
        summary="A provider's benchmark",
        responses={200: ProviderBenchmarkSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, public_id, *args, **kwargs):
        provider = access_provider(request.user, public_id)
        user = request.user
        staff = user.is_borough_staff
        consortia = [user.consortium_id] if staff else provider_consortia(provider.pk)
        return _provider_answer(provider.pk, consortia)


class Post16View(APIView):
    """Post-16 placement costs by provider and need. Council staff only."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]

    @extend_schema(
        summary="Post-16 placement costs by provider and need",
        parameters=[ScopeQuerySerializer],
        responses={
            200: Post16Serializer(many=True),
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, *args, **kwargs):
        q = _query(ScopeQuerySerializer, request)
        rows = post16_costs(
            consortium_id=request.user.consortium_id,
            borough_ids=[q["borough"]] if q.get("borough") else None,
        )
        return Response(Post16Serializer(rows, many=True).data)


class TransitionsView(APIView):
    """Phase transfers due and PfA pathways, by borough. Council staff only."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]

    @extend_schema(
        summary="Phase transfers due and Preparing for Adulthood pathways, by borough",
        parameters=[ScopeQuerySerializer],
        responses={200: TransitionsSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        q = _query(ScopeQuerySerializer, request)
        summary = transitions_summary(
            consortium_id=request.user.consortium_id,
            borough_ids=[q["borough"]] if q.get("borough") else None,
        )
        return Response(TransitionsSerializer(summary).data)


def register(router) -> None:
    """Benchmarks are aggregates, not rows: plain views in `urlpatterns`, nothing on the router."""


urlpatterns = [
    path("benchmarks/", BenchmarkListView.as_view(), name="benchmarks"),
    path("benchmarks/strong/", StrongProvidersView.as_view(), name="strong_providers"),
    path("benchmarks/mine/", MyBenchmarkView.as_view(), name="my_benchmark"),
    path(
        "benchmarks/providers/<uuid:public_id>/",
        ProviderBenchmarkView.as_view(),
        name="provider_benchmark",
    ),
    path("post16/", Post16View.as_view(), name="post16"),
    path("transitions/", TransitionsView.as_view(), name="transitions"),
]
