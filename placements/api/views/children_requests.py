"""Children's records and placement requests in the placements API: a request's journey from
draft to award, with its matches and the evaluation of its offers."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.api.base import NamedRowNotFound
from kernel.api.lookups import ByPublicId, valid_input
from kernel.api.schema import INVALID, NOT_FOUND
from providers.models import Setting

from ... import access, selectors, services
from ...evaluation import evaluation_sheet
from ...matching import ORDERINGS, criteria_for, match_settings, nearest_matches
from ...models import Child, PlacementRequest
from .. import querysets as q
from .. import serializers as s
from .base import FORBIDDEN, CommissionersWrite, LogsListedChildren, write_schema

# --- Children -----------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(
        summary="A child's record (the view is logged)",
        responses={200: s.ChildSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        request=s.ChildInputSerializer,
        responses={201: s.ChildSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
    partial_update=extend_schema(
        request=s.ChildInputSerializer,
        responses={200: s.ChildSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class ChildViewSet(
    LogsListedChildren,
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Children's records: the borough's own staff only (providers see none). Commissioners add
    and change them; every retrieve is written to the child's access log."""

    action_rules = {
        "create": "placements.add_child",
        "partial_update": "placements.change_child",
    }

    queryset = Child.objects.none()
    serializer_class = s.ChildSerializer
    listed_child = "pk"
    selector = selectors.child_list
    filterset_fields = ["reference"]
    permission_classes = [*APIView.permission_classes, CommissionersWrite]

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_child(actor, public_id, what=f"{what} child record")

    def create(self, request, *args, **kwargs):
        child = services.child_save(actor=request.user, **valid_input(s.ChildInputSerializer, self))
        return self.show(child, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        child = self.get_object()
        fields = valid_input(s.ChildInputSerializer, self, partial=True)
        return self.show(services.child_save(actor=request.user, child=child, **fields))


# --- Requests -----------------------------------------------------------------------------------

AWARD_EXAMPLE = OpenApiExample(
    "Award the nearest offer",
    request_only=True,
    value={
        "invitation": "3f8c2a1e-7b4d-4c55-9d0e-2a6b1c9e8f10",
        "reason": "Nearest, Good Ofsted, lowest price",
        "spot_weekly": "1725.00",
    },
)


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.PlacementRequestSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary="Draft a request for one of your borough's children",
        request=s.RequestCreateSerializer,
        responses={201: s.PlacementRequestSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
    partial_update=write_schema(
        "Change a draft", s.RequestFieldsSerializer, s.PlacementRequestSerializer
    ),
)
class RequestViewSet(
    LogsListedChildren,
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Placement requests and their journey: draft → open (invited) → evaluating (offers closed)
    → awarded | none suitable; cancelled from any undecided status. A wrong status answers 409.

    The borough's staff see their requests; only its commissioners act on them. Providers never
    see a request (404): they see what their invitation shows.
    """

    action_rules = {
        "create": "placements.add_request",
        "partial_update": "placements.change_request",
        "invite": "placements.change_request",
        "close": "placements.change_request",
        "cancel": "placements.change_request",
        "none_suitable": "placements.change_request",
        "award": "placements.award_request",
    }

    queryset = PlacementRequest.objects.none()
    serializer_class = s.PlacementRequestSerializer
    selector = q.request_rows
    filterset_class = q.RequestFilter
    permission_classes = [*APIView.permission_classes, CommissionersWrite]

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_request(actor, public_id, what=f"{what} request")

    def create(self, request, *args, **kwargs):
        fields = valid_input(s.RequestCreateSerializer, self)
        child = Child.objects.for_user(request.user).filter(public_id=fields.pop("child")).first()
        if child is None:
            raise NamedRowNotFound("child", "Choose one of your borough's children")
        created = services.request_create(actor=request.user, child=child, **fields)
        return self.show(created, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        placement_request = self.get_object()
        fields = valid_input(
            s.RequestFieldsSerializer, self, partial=True, lot_kind=placement_request.lot.kind
        )
        services.request_update(actor=request.user, placement_request=placement_request, **fields)
        return self.show(placement_request)

    def _move(self, service, body=s.DecisionReasonSerializer) -> Response:
        placement_request = self.get_object()
        service(
            actor=self.request.user, placement_request=placement_request, **valid_input(body, self)
        )
        return self.show(placement_request)

    @extend_schema(
        summary="Enrolled settings that fit the request, ranked",
        parameters=[
            OpenApiParameter("order", enum=list(ORDERINGS), description="Default distance.")
        ],
        responses={
            200: inline_serializer(
                "MatchList",
                fields={
                    "count": serializers.IntegerField(help_text="How many settings match."),
                    "results": s.MatchSerializer(many=True, help_text="The first 50, ranked."),
                },
            ),
            400: INVALID,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def matches(self, request, *args, **kwargs):
        order = request.query_params.get("order", "distance")
        if order not in ORDERINGS:
            raise ValidationError({"order": [f"Choose one of {', '.join(ORDERINGS)}"]})
        placement_request = self.get_object()
        criteria = criteria_for(placement_request)
        first = nearest_matches(placement_request, order=order, criteria=criteria)
        count = match_settings(placement_request, criteria=criteria).count()
        return Response({"count": count, "results": s.MatchSerializer(first, many=True).data})

    @write_schema(
        "Invite matched settings (a draft opens on its first invitations)",
        s.InviteSerializer,
        s.CouncilInvitationSerializer(many=True),
        code=201,
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def invite(self, request, *args, **kwargs):
        placement_request = self.get_object()
        wanted = set(valid_input(s.InviteSerializer, self)["settings"])
        settings = Setting.objects.for_user(request.user).filter(public_id__in=wanted)
        found = dict(settings.values_list("public_id", "pk"))
        if missing := wanted - set(found):
            raise NamedRowNotFound("settings", f"No setting has the id {min(missing)}")
        invitations = services.request_invite(
            actor=request.user, placement_request=placement_request, setting_ids=found.values()
        )
        rows = q.invitation_rows(actor=request.user).filter(pk__in=[i.pk for i in invitations])
        data = s.CouncilInvitationSerializer(rows, many=True).data
        return Response(data, status=status.HTTP_201_CREATED)

    @write_schema(
        "Close to offers: evaluation starts",
        s.DecisionReasonSerializer,
        s.PlacementRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._move(services.request_close)

    @write_schema("Cancel, with a reason", s.RequiredReasonSerializer, s.PlacementRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        return self._move(services.request_cancel, s.RequiredReasonSerializer)

    @write_schema(
        "Record that no offer meets the need, with a sufficiency code and a reason",
        s.NoneSuitableSerializer,
        s.PlacementRequestSerializer,
    )
    @action(detail=True, methods=["post"], url_path="none-suitable")
    def none_suitable(self, request, *args, **kwargs):
        return self._move(services.request_none_suitable, s.NoneSuitableSerializer)

    @write_schema(
        "Award to one offer: the child is placed",
        s.AwardSerializer,
        s.CouncilPlacementSerializer,
        code=201,
        examples=[AWARD_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def award(self, request, *args, **kwargs):
        placement_request = self.get_object()
        fields = valid_input(s.AwardSerializer, self)
        invitations = placement_request.invitations.for_user(request.user)
        invitation = invitations.filter(public_id=fields.pop("invitation")).first()
        if invitation is None:
            raise NamedRowNotFound("invitation", "Choose an invitation of this request")
        placement = services.request_award(
            actor=request.user, placement_request=placement_request, invitation=invitation, **fields
        )
        row = q.placement_rows(actor=request.user).get(pk=placement.pk)
        data = s.CouncilPlacementSerializer(row, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The offers side by side with their evidence and scores; once decided, the "
        "evaluation frozen at the decision",
        responses={200: s.EvaluationSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def evaluation(self, request, *args, **kwargs):
        placement_request = self.get_object()
        record = selectors.evaluation_record(
            actor=request.user, placement_request=placement_request
        )
        sheet = record.sheet if record else evaluation_sheet(placement_request)
        return Response(s.EvaluationSerializer({**sheet, "decision": record}).data)
