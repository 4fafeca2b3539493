"""The placements API: children, requests and their call-off, invitations and offers, questions,
placements and savings, for case-management systems.

Every viewset reads through placements.selectors (so `for_user`); objects are fetched by public id
through placements.access, which answers the same 404 for another tenant's row as for a missing
one and logs who looked at a child's record. Detail actions fetch the object before they read the
body, so an outsider learns nothing from validation errors. Writes call placements.services;
their refusals become 400/403/409 in boroughs.api.base. Providers see invitations and placements
through their own serializers, with no child identity.
"""

from __future__ import annotations

import uuid

from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from boroughs.api.base import ScopedViewSetMixin
from providers.choices import LotKind
from providers.models import Setting

from .. import access, selectors, services
from ..choices import InvitationStatus, PlacementStatus, RequestStatus
from ..matching import ORDERINGS, match_settings
from ..models import Child, OfferQuestion, Placement, PlacementRequest, RequestInvitation
from ..money import financial_year_label
from ..services.common import MSG_NOT_COMMISSIONER
from . import serializers as s

ERROR = {"$ref": "#/components/schemas/Error"}  # added to the schema by boroughs.api.schema


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ERROR, description=description)


NOT_FOUND = _error("Not found, or not yours to see.")
INVALID = _error("Invalid input: every field with a problem, with its messages.")
FORBIDDEN = _error("Only the borough's commissioners (or, for offers, the invited provider) may.")
WRONG_STATE = _error("The object's current status does not allow this.")
MSG_COUNCIL_ONLY = "Only council staff can see this"


def _write(summary: str, body, answer, *, code: int = 200, **extra):
    """A write's documentation: its body, its answer and every refusal it can give."""
    errors = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: WRONG_STATE}
    return extend_schema(summary=summary, request=body, responses={code: answer, **errors}, **extra)


class CommissionersWrite(BasePermission):
    """Council staff who are not commissioners (analysts, admins) read only: 403 on writes.

    Providers pass here: they find nothing to change (404), and the services refuse what they
    may not create (403).
    """

    message = MSG_NOT_COMMISSIONER

    def has_permission(self, request, view) -> bool:
        user = request.user
        if request.method in SAFE_METHODS or not access.is_borough_staff(user):
            return True
        return access.is_commissioner(user)


class CouncilStaffOnly(BasePermission):
    message = MSG_COUNCIL_ONLY

    def has_permission(self, request, view) -> bool:
        return access.is_borough_staff(request.user)


def _public_id(viewset) -> uuid.UUID:
    try:
        return uuid.UUID(str(viewset.kwargs["id"]))
    except ValueError as error:
        raise NotFound from error


def _valid(serializer_class, viewset, **kwargs) -> dict:
    incoming = serializer_class(
        data=viewset.request.data, context={"request": viewset.request}, **kwargs
    )
    if not incoming.is_valid():
        raise ValidationError(_flat(incoming.errors))
    return dict(incoming.validated_data)


def _flat(errors: dict) -> dict:
    """A list's item errors ({"0": [...]}) as messages naming the item, so that every 400 has
    the documented shape: each field with a list of messages."""
    return {
        field: [f"Item {i}: {m}" for i, item in messages.items() for m in item]
        if isinstance(messages, dict)
        else messages
        for field, messages in errors.items()
    }


class ByPublicId(ScopedViewSetMixin):
    """Looks objects up by `id` (their public UUID) through `fetch` (placements.access), then
    re-reads them through the viewset's scoped, annotated queryset."""

    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    fetch = None

    def get_object(self):
        found = type(self).fetch(self.request.user, _public_id(self), what="API")
        return self.fresh(found)

    def fresh(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def show(self, obj, *, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.fresh(obj)).data, status=code)


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
    ByPublicId, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Children's records: the borough's own staff only (providers see none). Commissioners add
    and change them; every retrieve is written to the child's access log."""

    queryset = Child.objects.none()
    serializer_class = s.ChildSerializer
    selector = selectors.child_list
    filterset_fields = ["reference"]
    permission_classes = [*APIView.permission_classes, CommissionersWrite]

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_child(actor, public_id, what=f"{what} child record")

    def create(self, request, *args, **kwargs):
        child = services.child_save(actor=request.user, **_valid(s.ChildInputSerializer, self))
        return self.show(child, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        child = self.get_object()
        fields = _valid(s.ChildInputSerializer, self, partial=True)
        return self.show(services.child_save(actor=request.user, child=child, **fields))


# --- Requests -----------------------------------------------------------------------------------


def request_rows(*, actor):
    # Counting invitations groups the rows, and a grouped query drops the model's ordering.
    return selectors.request_list(actor=actor).order_by("-created_at", "-pk")


class RequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RequestStatus.choices)
    lot = filters.ChoiceFilter(field_name="lot__kind", choices=LotKind.choices)
    strand = filters.CharFilter(field_name="strand__slug", help_text="send or care.")

    class Meta:
        model = PlacementRequest
        fields = ["status", "lot", "strand"]


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
    partial_update=_write(
        "Change a draft", s.RequestFieldsSerializer, s.PlacementRequestSerializer
    ),
)
class RequestViewSet(
    ByPublicId, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Placement requests and their journey: draft → open (invited) → evaluating (offers closed)
    → awarded | none suitable; cancelled from any undecided status. A wrong status answers 409.

    The borough's staff see their requests; only its commissioners act on them. Providers never
    see a request (404): they see what their invitation shows.
    """

    queryset = PlacementRequest.objects.none()
    serializer_class = s.PlacementRequestSerializer
    selector = request_rows
    filterset_class = RequestFilter
    permission_classes = [*APIView.permission_classes, CommissionersWrite]

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_request(actor, public_id, what=f"{what} request")

    def create(self, request, *args, **kwargs):
        fields = _valid(s.RequestCreateSerializer, self)
        child = Child.objects.for_user(request.user).filter(public_id=fields.pop("child")).first()
        if child is None:
            raise ValidationError({"child": ["Choose one of your borough's children"]})
        created = services.request_create(actor=request.user, child=child, **fields)
        return self.show(created, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        placement_request = self.get_object()
        fields = _valid(s.RequestFieldsSerializer, self, partial=True)
        services.request_update(actor=request.user, request=placement_request, **fields)
        return self.show(placement_request)

    def _move(self, service, body=s.DecisionReasonSerializer) -> Response:
        placement_request = self.get_object()
        service(actor=self.request.user, request=placement_request, **_valid(body, self))
        return self.show(placement_request)

    @extend_schema(
        summary="Enrolled settings that fit the request, ranked",
        parameters=[
            OpenApiParameter("order", enum=list(ORDERINGS), description="Default distance.")
        ],
        responses={200: s.MatchSerializer(many=True), 400: INVALID, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def matches(self, request, *args, **kwargs):
        order = request.query_params.get("order", "distance")
        if order not in ORDERINGS:
            raise ValidationError({"order": [f"Choose one of {', '.join(ORDERINGS)}"]})
        rows = match_settings(self.get_object(), order=order)
        return Response(s.MatchSerializer(rows, many=True).data)

    @_write(
        "Invite matched settings (a draft opens on its first invitations)",
        s.InviteSerializer,
        s.CouncilInvitationSerializer(many=True),
        code=201,
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def invite(self, request, *args, **kwargs):
        placement_request = self.get_object()
        wanted = set(_valid(s.InviteSerializer, self)["settings"])
        found = dict(Setting.objects.filter(public_id__in=wanted).values_list("public_id", "pk"))
        if missing := wanted - set(found):
            raise ValidationError({"settings": [f"No setting has the id {min(missing)}"]})
        invitations = services.request_invite(
            actor=request.user, request=placement_request, setting_ids=found.values()
        )
        rows = invitation_rows(actor=request.user).filter(pk__in=[i.pk for i in invitations])
        data = s.CouncilInvitationSerializer(rows, many=True).data
        return Response(data, status=status.HTTP_201_CREATED)

    @_write(
        "Close to offers: evaluation starts",
        s.DecisionReasonSerializer,
        s.PlacementRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._move(services.request_close)

    @_write("Cancel, with a reason", s.DecisionReasonSerializer, s.PlacementRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        return self._move(services.request_cancel)

    @_write(
        "Record that no offer meets the need, with a reason",
        s.DecisionReasonSerializer,
        s.PlacementRequestSerializer,
    )
    @action(detail=True, methods=["post"], url_path="none-suitable")
    def none_suitable(self, request, *args, **kwargs):
        return self._move(services.request_none_suitable)

    @_write(
        "Award to one offer: the child is placed",
        s.AwardSerializer,
        s.CouncilPlacementSerializer,
        code=201,
        examples=[AWARD_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def award(self, request, *args, **kwargs):
        placement_request = self.get_object()
        fields = _valid(s.AwardSerializer, self)
        invitation = placement_request.invitations.filter(
            public_id=fields.pop("invitation")
        ).first()
        if invitation is None:
            raise ValidationError({"invitation": ["Choose an invitation of this request"]})
        placement = services.request_award(
            actor=request.user, request=placement_request, invitation=invitation, **fields
        )
        row = placement_rows(actor=request.user).get(pk=placement.pk)
        data = s.CouncilPlacementSerializer(row, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The live offers side by side, best weighted score first",
        responses={200: s.EvaluationRowSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def evaluation(self, request, *args, **kwargs):
        rows = selectors.evaluation(self.get_object())
        return Response(s.EvaluationRowSerializer(rows, many=True).data)


# --- Invitations and questions ------------------------------------------------------------------


def invitation_rows(*, actor):
    return (
        selectors.invitation_list(actor=actor).select_related("offer").prefetch_related("questions")
    )


class InvitationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=InvitationStatus.choices)
    request = filters.UUIDFilter(field_name="request__public_id", help_text="A request's id.")

    class Meta:
        model = RequestInvitation
        fields = ["status", "request"]


INVITATION = PolymorphicProxySerializer(
    component_name="PlacementInvitation",
    serializers=[s.CouncilInvitationSerializer, s.ProviderInvitationSerializer],
    resource_type_field_name="audience",
)


OFFER_EXAMPLE = OpenApiExample(
    "A day place at £1,520.00 a week",
    request_only=True,
    value={
        "education": "1400.00",
        "therapies": "120.00",
        "weeks_per_year": 38,
        "proposed_start_on": "2026-09-03",
        "conditions": "Subject to a visit by the family.",
    },
)


@extend_schema_view(
    list=extend_schema(responses={200: INVITATION}),
    retrieve=extend_schema(responses={200: INVITATION, 404: NOT_FOUND}),
)
class InvitationViewSet(
    ByPublicId, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Call-offs to settings and the providers' answers. A provider sees its own invitations
    (never a draft's), anonymised: the child's needs, the postcode district, no identity. The
    borough's staff see theirs with the request, child reference and provider (`audience` says
    which view you got). Providers offer, revise, decline, withdraw and ask questions here;
    commissioners rate offers while evaluating."""

    queryset = RequestInvitation.objects.none()
    serializer_class = s.CouncilInvitationSerializer
    selector = invitation_rows
    filterset_class = InvitationFilter

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_invitation(actor, public_id, what=f"{what} invitation")

    def get_serializer_class(self):
        if access.is_provider_user(self.request.user):
            return s.ProviderInvitationSerializer
        return s.CouncilInvitationSerializer

    @_write(
        "Offer a place, or revise the offer",
        s.OfferInputSerializer,
        s.ProviderInvitationSerializer,
        examples=[OFFER_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def offer(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = _valid(s.OfferInputSerializer, self)
        services.offer_submit(actor=request.user, invitation=invitation, **fields)
        return self.show(invitation)

    @_write("Decline, with a reason", s.DeclineSerializer, s.ProviderInvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = _valid(s.DeclineSerializer, self)
        services.offer_decline(actor=request.user, invitation=invitation, **fields)
        return self.show(invitation)

    @_write(
        "Withdraw the offer before the request is decided",
        s.DecisionReasonSerializer,
        s.ProviderInvitationSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = _valid(s.DecisionReasonSerializer, self)
        services.offer_withdraw(actor=request.user, invitation=invitation, **fields)
        return self.show(invitation)

    @_write(
        "Ask the borough a question about the request",
        s.AskSerializer,
        s.OfferQuestionSerializer,
        code=201,
    )
    @action(detail=True, methods=["post"])
    def questions(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = _valid(s.AskSerializer, self)
        asked = services.question_ask(actor=request.user, invitation=invitation, **fields)
        return Response(s.OfferQuestionSerializer(asked).data, status=status.HTTP_201_CREATED)

    @_write("Rate how well the offer meets the needs", s.RateSerializer, INVITATION)
    @action(detail=True, methods=["post"])
    def rate(self, request, *args, **kwargs):
        invitation = self.get_object()
        offer = getattr(invitation, "offer", None)
        if offer is None:
            raise ValidationError({"needs_fit": ["There is no offer to rate"]})
        services.offer_rate(actor=request.user, offer=offer, **_valid(s.RateSerializer, self))
        return self.show(invitation)


def question_rows(*, actor):
    return OfferQuestion.objects.for_user(actor).select_related("invitation")


class QuestionFilter(filters.FilterSet):
    invitation = filters.UUIDFilter(
        field_name="invitation__public_id", help_text="An invitation's id."
    )
    answered = filters.BooleanFilter(field_name="answered_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = OfferQuestion
        fields = ["invitation", "answered"]


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.OfferQuestionSerializer, 404: NOT_FOUND})
)
class QuestionViewSet(
    ByPublicId, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Providers' questions about requests and the borough's answers: the asking provider and the
    borough's staff see them; the borough's commissioners answer."""

    queryset = OfferQuestion.objects.none()
    serializer_class = s.OfferQuestionSerializer
    selector = question_rows
    filterset_class = QuestionFilter

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_question(actor, public_id)

    @_write(
        "Answer the question (the provider is emailed)",
        s.QuestionAnswerSerializer,
        s.OfferQuestionSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        question = self.get_object()
        fields = _valid(s.QuestionAnswerSerializer, self)
        services.question_answer(actor=request.user, question=question, **fields)
        return self.show(question)


# --- Placements ---------------------------------------------------------------------------------


def placement_rows(*, actor):
    return selectors.placement_list(actor=actor).select_related("request", "moved_from")


class PlacementFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=PlacementStatus.choices)
    lot = filters.ChoiceFilter(field_name="lot__kind", choices=LotKind.choices)

    class Meta:
        model = Placement
        fields = ["status", "lot"]


PLACEMENT = PolymorphicProxySerializer(
    component_name="Placement",
    serializers=[s.CouncilPlacementSerializer, s.ProviderPlacementSerializer],
    resource_type_field_name="audience",
)


def _placement_write(summary: str, body, code: int = 200):
    return _write(summary, body, s.CouncilPlacementSerializer, code=code)


@extend_schema_view(
    list=extend_schema(responses={200: PLACEMENT}),
    retrieve=extend_schema(responses={200: PLACEMENT, 404: NOT_FOUND}),
    partial_update=_placement_write(
        "Record a spot-purchase price or the next review", s.PlacementUpdateSerializer
    ),
)
class PlacementViewSet(
    ByPublicId, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Placements: active → ended (a move ends one with X1 and starts its successor). The borough
    sees its own with costs and savings; a provider sees those at its settings, anonymised and
    without the borough's figures. Only the borough's commissioners change them."""

    queryset = Placement.objects.none()
    serializer_class = s.CouncilPlacementSerializer
    selector = placement_rows
    filterset_class = PlacementFilter
    permission_classes = [*APIView.permission_classes, CommissionersWrite]

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_placement(actor, public_id, what=f"{what} placement")

    def get_serializer_class(self):
        if access.is_provider_user(self.request.user):
            return s.ProviderPlacementSerializer
        return s.CouncilPlacementSerializer

    def partial_update(self, request, *args, **kwargs):
        placement = self.get_object()
        current = {"spot_weekly": placement.spot_weekly, "next_review_on": placement.next_review_on}
        fields = {**current, **_valid(s.PlacementUpdateSerializer, self, partial=True)}
        services.placement_update(actor=request.user, placement=placement, **fields)
        return self.show(placement)

    @_placement_write("Change the weekly fee from a date", s.FeeChangeInputSerializer)
    @action(detail=True, methods=["post"], url_path="fee-change")
    def fee_change(self, request, *args, **kwargs):
        placement = self.get_object()
        fields = _valid(s.FeeChangeInputSerializer, self)
        services.placement_fee_change(actor=request.user, placement=placement, **fields)
        return self.show(placement)

    @_placement_write("End the placement, with an SSDA903-style reason", s.PlacementEndSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        placement = self.get_object()
        fields = _valid(s.PlacementEndSerializer, self)
        services.placement_end(actor=request.user, placement=placement, **fields)
        return self.show(placement)

    @_placement_write(
        "Move the child to another setting on the lot", s.PlacementMoveSerializer, 201
    )
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        placement = self.get_object()
        fields = _valid(s.PlacementMoveSerializer, self)
        setting = Setting.objects.filter(public_id=fields.pop("setting")).first()
        if setting is None:
            raise ValidationError({"setting": ["No setting has this id"]})
        successor = services.placement_move(
            actor=request.user, placement=placement, setting=setting, **fields
        )
        return self.show(successor, code=status.HTTP_201_CREATED)


# --- Savings ------------------------------------------------------------------------------------

SAVINGS_KEYS = {
    "strand": "lot__dps__strand__name",
    "borough": "borough__name",
    "lot": "lot__name",
    "financial_year": "financial_year",
}


class SavingsView(APIView):
    """Placements, committed annual cost and annual savings against DPS ceilings and spot
    prices, totalled for what you may see. Council staff only."""

    permission_classes = [*APIView.permission_classes, CouncilStaffOnly]

    @extend_schema(
        summary="Savings totals, grouped",
        parameters=[s.SavingsQuerySerializer],
        responses={200: s.SavingsSerializer, 400: INVALID, 403: FORBIDDEN},
        examples=[
            OpenApiExample(
                "By borough",
                response_only=True,
                value={
                    "by": "borough",
                    "totals": [
                        {
                            "strand": None,
                            "borough": "Croydon",
                            "lot": None,
                            "financial_year": None,
                            "placements": 1,
                            "committed_annual": "57760.00",
                            "saving_vs_ceiling": "4959.00",
                            "saving_vs_spot": "0.00",
                        }
                    ],
                },
            )
        ],
    )
    def get(self, request, *args, **kwargs):
        query = s.SavingsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        by, on = query.validated_data["by"], query.validated_data.get("on")
        rows = selectors.savings_totals(actor=request.user, by=by, on=on)
        totals = [self._row(row) for row in rows]
        return Response(s.SavingsSerializer({"by": by, "totals": totals}).data)

    @staticmethod
    def _row(row: dict) -> dict:
        shown = {name: row.get(key) for name, key in SAVINGS_KEYS.items()}
        if shown["financial_year"] is not None:
            shown["financial_year"] = financial_year_label(shown["financial_year"])
        figures = ("placements", "committed_annual", "saving_vs_ceiling", "saving_vs_spot")
        return {**shown, **{name: row[name] for name in figures}}
