"""A child's progress in a placement, in the API: per domain a timeline of terms and per target
its scores, with the flags the progress page shows. For the placing borough's staff and the
placement's provider; no child identity (the placement's id and reference only)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.schema import NOT_FOUND
from placements.access import access_placement

from ...selectors.progress import placement_progress
from ..serializers.progress import (
    PlacementProgressSerializer,
)


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
