"""Invitations and questions in the placements API: providers offer, revise, decline, withdraw
and ask here; the borough's commissioners rate offers and answer questions. Each user gets the
view of an invitation meant for them (`audience`): a provider's has no child identity."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kernel.api.lookups import ByPublicId, valid_input
from kernel.api.schema import NOT_FOUND

from ... import access, services
from ...models import OfferQuestion, RequestInvitation
from .. import querysets as q
from .. import serializers as s
from .base import LogsListedChildren, write_schema

# --- Invitations --------------------------------------------------------------------------------

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
    LogsListedChildren,
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Call-offs to settings and the providers' answers. A provider sees its own invitations
    (never a draft's), anonymised: the child's needs, the postcode district, no identity. The
    borough's staff see theirs with the request, child reference and provider (`audience` says
    which view you got). Providers offer, revise, decline, withdraw and ask questions here;
    commissioners rate offers while evaluating."""

    action_rules = {
        "offer": "placements.respond_invitation",
        "decline": "placements.respond_invitation",
        "withdraw": "placements.respond_invitation",
        "questions": "placements.respond_invitation",
        "rate": "placements.rate_offer",
    }

    queryset = RequestInvitation.objects.none()
    serializer_class = s.CouncilInvitationSerializer
    listed_child = "request.child_id"
    selector = q.invitation_rows
    filterset_class = q.InvitationFilter

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_invitation(actor, public_id, what=f"{what} invitation")

    def get_serializer_class(self):
        if access.is_provider_user(self.request.user):
            return s.ProviderInvitationSerializer
        return s.CouncilInvitationSerializer

    @write_schema(
        "Offer a place, or revise the offer",
        s.OfferInputSerializer,
        s.ProviderInvitationSerializer,
        examples=[OFFER_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def offer(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = valid_input(s.OfferInputSerializer, self)
        services.offer_submit(actor=request.user, invitation=invitation, **fields)
        return self.show(invitation)

    @write_schema("Decline, with a reason", s.DeclineSerializer, s.ProviderInvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = valid_input(s.DeclineSerializer, self)
        services.offer_decline(actor=request.user, invitation=invitation, **fields)
        return self.show(invitation)

    @write_schema(
        "Withdraw the offer before the request is decided",
        s.DecisionReasonSerializer,
        s.ProviderInvitationSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = valid_input(s.DecisionReasonSerializer, self)
        services.offer_withdraw(actor=request.user, invitation=invitation, **fields)
        return self.show(invitation)

    @write_schema(
        "Ask the borough a question about the request",
        s.AskSerializer,
        s.OfferQuestionSerializer,
        code=201,
    )
    @action(detail=True, methods=["post"])
    def questions(self, request, *args, **kwargs):
        invitation = self.get_object()
        fields = valid_input(s.AskSerializer, self)
        asked = services.question_ask(actor=request.user, invitation=invitation, **fields)
        return Response(s.OfferQuestionSerializer(asked).data, status=status.HTTP_201_CREATED)

    @write_schema("Rate how well the offer meets the needs", s.RateSerializer, INVITATION)
    @action(detail=True, methods=["post"])
    def rate(self, request, *args, **kwargs):
        invitation = self.get_object()
        offer = getattr(invitation, "offer", None)
        if offer is None:
            raise ValidationError({"needs_fit": ["There is no offer to rate"]})
        services.offer_rate(actor=request.user, offer=offer, **valid_input(s.RateSerializer, self))
        return self.show(invitation)


# --- Questions ----------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.OfferQuestionSerializer, 404: NOT_FOUND})
)
class QuestionViewSet(
    LogsListedChildren,
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Providers' questions about requests and the borough's answers: the asking provider and the
    borough's staff see them; the borough's commissioners answer."""

    action_rules = {
        "answer": "placements.answer_question",
    }

    queryset = OfferQuestion.objects.none()
    serializer_class = s.OfferQuestionSerializer
    listed_child = "invitation.request.child_id"
    selector = q.question_rows
    filterset_class = q.QuestionFilter

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_question(actor, public_id)

    @write_schema(
        "Answer the question (the provider is emailed)",
        s.QuestionAnswerSerializer,
        s.OfferQuestionSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        question = self.get_object()
        fields = valid_input(s.QuestionAnswerSerializer, self)
        services.question_answer(actor=request.user, question=question, **fields)
        return self.show(question)
