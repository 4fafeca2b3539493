"""The Placements Data Standard in the API: the export (JSON validated against the schema derived
from the standard's field list) and the import of a referral onto a draft care request, every
invalid field named by its JSON pointer."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.schema import INVALID, NOT_FOUND, WRONG_STATE, error_response

from ... import access
from ...services.standard import StandardInvalid, request_standard_import
from ...standard.export import BOROUGH, SCOPES, export_for
from ...standard.pseudonyms import child_id
from .base import FORBIDDEN, CouncilStaffOnly

MSG_SCOPE = "Choose borough or consortium"


class StandardExportView(APIView):
    """The Placements Data Standard v2 export: one record per care referral with its placement,
    children as a pseudonym. Council staff only; the consortium to its consortium-wide roles."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]

    @extend_schema(
        summary="Placements Data Standard export",
        parameters=[
            OpenApiParameter(
                "scope",
                str,
                enum=list(SCOPES),
                description="Your borough (default) or the consortium.",
            )
        ],
        responses={
            200: OpenApiTypes.OBJECT,
            400: INVALID,
            403: error_response("Not council staff, or the consortium asked by a borough's staff."),
        },
    )
    def get(self, request):
        scope = request.query_params.get("scope", BOROUGH)
        if scope not in SCOPES:
            raise ValidationError({"scope": [MSG_SCOPE]})
        return Response(export_for(request.user, scope).document)


class StandardImportView(APIView):
    """A referral in the Placements Data Standard's JSON, attached to a draft care request.

    The write's rule is asked with the request once found (boroughs.api ActionAllowed): another
    borough's request is a 404 first, an analyst's write a 403 before the body is read."""

    action, detail = "import_standard", True
    action_rules = {"import_standard": "placements.change_request"}

    @extend_schema(
        summary="Attach a referral in the Placements Data Standard to a draft care request",
        description=(
            "The body is a referral: PlacementAvailability, PlacementRequirements, "
            "PlacementRecommendation and Risks, as the standard (v2) names them. Every invalid "
            "field is answered at once, keyed by its JSON pointer; nothing is saved then. The "
            "childId may be left out; given, it must be the child's number in the exports."
        ),
        request=OpenApiTypes.OBJECT,
        responses={
            200: OpenApiTypes.OBJECT,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: WRONG_STATE,
        },
    )
    def post(self, request, public_id):
        placement_request = access.access_request(
            request.user, public_id, what="import a referral to request"
        )
        self.check_object_permissions(request, placement_request)
        try:
            saved = request_standard_import(
                actor=request.user, placement_request=placement_request, document=request.data
            )
        except StandardInvalid as invalid:
            raise ValidationError({p["field"]: [p["message"]] for p in invalid.problems}) from None
        referral = {entity: dict(answers) for entity, answers in saved.standard.items()}
        referral["PlacementAvailability"] = {
            "childId": child_id(saved.child),
            **referral["PlacementAvailability"],
        }
        return Response(referral)
