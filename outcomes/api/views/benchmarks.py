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
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.filters import query_data
from kernel.api.permissions import allowing
from kernel.api.schema import FORBIDDEN, INVALID, NOT_FOUND
from placements.access import is_borough_staff, is_provider_user
from providers.access import access_provider
from providers.models import provider_id_for

from ...forms.benchmarks import school_year_period
from ...selectors.benchmarks import (
    PERCENTILE_METRICS,
    benchmark_table,
    provider_benchmark,
    provider_consortia,
    strong_providers,
)
from ...selectors.post16 import post16_costs
from ...selectors.transitions import transitions_summary
from ..serializers.benchmarks import (
    BenchmarkQuerySerializer,
    BenchmarkRowSerializer,
    NeedQuerySerializer,
    Post16Serializer,
    ProviderBenchmarkSerializer,
    ScopeQuerySerializer,
    TransitionsSerializer,
)

MSG_PROVIDERS_ONLY = "Only a provider's own users can see its benchmark"
MSG_COUNCIL_ONLY = "Only council staff can see this"
ProviderUsersOnly = allowing(is_provider_user, MSG_PROVIDERS_ONLY)
CouncilStaffOnly = allowing(is_borough_staff, MSG_COUNCIL_ONLY)


for _metric in PERCENTILE_METRICS:
    BenchmarkRowSerializer._declared_fields[f"percentile_{_metric}"] = serializers.IntegerField(
        allow_null=True, help_text="0 to 100 among the groups of the need."
    )


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
