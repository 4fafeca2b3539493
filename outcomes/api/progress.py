"""A child's progress in a placement, in the API: per domain a timeline of terms and per target
its scores, with the flags the progress page shows. For the placing borough's staff and the
placement's provider; no child identity (the placement's id and reference only)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.fields import CodeField, FlagField, TextField, uuid_field
from kernel.api.schema import NOT_FOUND
from placements.access import access_placement

from ..choices import ReturnStatus
from ..selectors.progress import placement_progress

SCORE = {"max_digits": 5, "decimal_places": 2, "read_only": True}


class ProgressScoreSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="term.pk", help_text="The term's id.")
    term_name = TextField(source="term")
    score = serializers.IntegerField()
    progress = serializers.IntegerField(help_text="Less the previous score (or the baseline).")
    met = FlagField()
    status = CodeField(ReturnStatus.choices, read_only=True, help_text="The return's status.")


class ProgressTargetSerializer(serializers.Serializer):
    id = uuid_field("target.public_id")
    outcome = TextField(source="target.outcome")
    indicator = TextField(source="target.indicator.code")
    baseline = serializers.IntegerField(source="target.baseline")
    target = serializers.IntegerField(source="target.target")
    latest_score = serializers.IntegerField(source="target.latest_score", allow_null=True)
    scores = ProgressScoreSerializer(source="points", many=True)


class DomainPointSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="term.pk", help_text="The term's id.")
    term_name = TextField(source="term")
    mean_score = serializers.DecimalField(**SCORE)
    mean_progress = serializers.DecimalField(**SCORE)
    met = serializers.IntegerField(help_text="Targets at or above their target that term.")
    scored = serializers.IntegerField(help_text="Targets scored that term.")


class DomainProgressSerializer(serializers.Serializer):
    code = TextField(source="domain.code")
    name = TextField(source="domain.name")
    baseline_mean = serializers.DecimalField(**SCORE)
    target_mean = serializers.DecimalField(**SCORE)
    timeline = DomainPointSerializer(source="points", many=True)
    targets = ProgressTargetSerializer(many=True)


class FlagSerializer(serializers.Serializer):
    key = TextField(help_text="no_progress, falling_attendance or repeated_exclusions.")
    title = TextField()
    detail = TextField()


class PlacementProgressSerializer(serializers.Serializer):
    placement = serializers.UUIDField()
    placement_reference = TextField()
    flags = FlagSerializer(many=True)
    domains = DomainProgressSerializer(many=True)


class PlacementProgressView(APIView):
    """A placement's progress: the borough's staff and the placement's provider (404 others)."""

    @extend_schema(
        summary="A placement's progress by domain and term, with flags",
        responses={200: PlacementProgressSerializer, 404: NOT_FOUND},
    )
    def get(self, request, public_id, *args, **kwargs):
        placement = access_placement(request.user, public_id, what="API progress")
        progress = placement_progress(placement=placement)
        body = {
            "placement": placement.public_id,
            "placement_reference": placement.reference,
            "flags": progress.flags,
            "domains": progress.domains,
        }
        return Response(PlacementProgressSerializer(body).data)


def register(router) -> None:
    """Register this module's viewsets on the outcomes API router (none: one view below)."""


urlpatterns = [
    path(
        "placements/<uuid:public_id>/progress/",
        PlacementProgressView.as_view(),
        name="placement_progress",
    ),
]
