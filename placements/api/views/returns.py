"""A borough's statutory returns in the API: its SEN2 placement items, its SSDA903 episodes and
the reconciliation of its SEN2 return, for the systems that build the returns. The same rule as
the pages (placements.returns.extracts): the borough's council staff, or the lead borough's
consortium-wide roles for any member borough; a borough not theirs is a 404."""

from __future__ import annotations

import re
from dataclasses import asdict

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from boroughs.fields import TextUploadField
from kernel.api.schema import INVALID, NOT_FOUND, error_response

from ...returns import sen2
from ...returns.extracts import (
    FIRST_YEAR,
    LAST_YEAR,
    Choice,
    NoSuchChoice,
    sen2_items,
    sen2_reconcile,
    ssda903_episodes,
)
from ...returns.upload import MSG_CHOOSE_FILE, MSG_NOT_TEXT, ReturnRefused
from .base import CouncilStaffOnly

ONS_CODE = re.compile(r"^[EWSN][0-9]{8}$")
MSG_BOROUGH_CODE = "Enter a borough's ONS code, like E09000008"
BOROUGH = OpenApiParameter(
    "borough",
    {"type": "string", "pattern": ONS_CODE.pattern},
    description="The borough's ONS code, like E09000008; yours by default.",
)
FORBIDDEN = error_response("Not council staff.")


def year_parameter(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        description=f"{what}; the one being prepared by default.",
    )


def choice_of(request) -> Choice:
    code = request.query_params.get("borough")
    if code is not None and not ONS_CODE.fullmatch(code):
        raise ValidationError({"borough": [MSG_BOROUGH_CODE]})
    try:
        return Choice(request.user, request.query_params, timezone.localdate(), any_year=True)
    except NoSuchChoice as error:
        if error.field == "borough":
            raise NotFound(error.message) from error
        raise ValidationError({error.field: [error.message]}) from error


def extract_schema(summary: str, year: str, what: str):
    return extend_schema(
        summary=summary,
        parameters=[BOROUGH, year_parameter(year, what)],
        responses={200: OpenApiTypes.OBJECT, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )


class Sen2ExtractView(APIView):
    """The borough's SEND placements as SEN2 placement items, for the January census asked."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]

    @extract_schema("SEN2 placement items", "sen2_year", "The January census year, like 2027")
    def get(self, request):
        choice = choice_of(request)
        items = sen2_items(request.user, choice.borough, choice.sen2_year)
        census = sen2.census_date(choice.sen2_year)
        rows = [asdict(item) for item in items]
        return Response({"borough": choice.borough.ons_code, "censusDate": census, "items": rows})


class Ssda903ExtractView(APIView):
    """The borough's care placements of looked-after children as SSDA903 episodes."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]

    @extract_schema("SSDA903 placement episodes", "ssda903_year", "The year ending 31 March")
    def get(self, request):
        choice = choice_of(request)
        episodes = ssda903_episodes(request.user, choice.borough, choice.ssda903_year)
        ending = f"{choice.ssda903_year}-03-31"
        return Response(
            {"borough": choice.borough.ons_code, "yearEnding": ending, "episodes": episodes}
        )


class Sen2ReturnUpload(serializers.Serializer):
    file = TextUploadField(
        not_text=MSG_NOT_TEXT,
        error_messages={"required": MSG_CHOOSE_FILE, "empty": "The selected file is empty"},
        help_text="The borough's SEN2 return (XML) or a CSV of placement items.",
    )


class Sen2ReconcileView(APIView):
    """The borough's SEN2 return (its XML, or a CSV of placement items) compared with the
    portal: every difference. The file is read and not kept."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]
    parser_classes = [MultiPartParser]
    # It writes nothing but the access log. The rule is asked with the borough once it is found
    # (a borough not the user's is a 404 first): placements.returns.extracts.
    action, detail = "reconcile", True
    action_rules = {"reconcile": "placements.statutory_returns"}

    @extend_schema(
        summary="Compare a SEN2 return with the portal",
        parameters=[BOROUGH, year_parameter("sen2_year", "The January census year, like 2027")],
        request={"multipart/form-data": Sen2ReturnUpload},
        responses={200: OpenApiTypes.OBJECT, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request):
        choice = choice_of(request)
        upload = Sen2ReturnUpload(data=request.data)
        upload.is_valid(raise_exception=True)
        uploaded = upload.validated_data["file"]
        try:
            result = sen2_reconcile(request.user, choice.borough, choice.sen2_year, uploaded.read())
        except ReturnRefused as error:
            raise ValidationError({"file": error.problems}) from error
        return Response(
            {
                "portalItems": result.portal_items,
                "returnItems": result.return_items,
                "paired": result.paired,
                "differences": [asdict(d) for d in result.differences],
            }
        )
