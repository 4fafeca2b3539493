"""What the placements API reads: each viewset's rows, scoped to the user by placements.selectors
(or the model's `for_user`) and then joined so a list's query count does not grow with its rows;
and the filters its lists take."""

from __future__ import annotations

from django_filters import rest_framework as filters

from providers.choices import LotKind

from .. import selectors
from ..choices import InvitationStatus, PlacementStage, PlacementStatus, RequestStatus
from ..models import (
    AgreementVariation,
    OfferQuestion,
    Placement,
    PlacementAgreement,
    PlacementRequest,
    RequestInvitation,
)


def request_rows(*, actor):
    # Counting invitations groups the rows, and a grouped query drops the model's ordering.
    return selectors.request_list(actor=actor).order_by("-created_at", "-pk")


def invitation_rows(*, actor):
    return (
        selectors.invitation_list(actor=actor)
        .select_related("offer", "request__evaluation_record__winner")
        .prefetch_related("questions")
    )


def question_rows(*, actor):
    return OfferQuestion.objects.for_user(actor).select_related("invitation__request")


def agreement_rows(*, actor):
    return (
        PlacementAgreement.objects.for_user(actor)
        .select_related("placement", "template")
        .prefetch_related("signatures")
        .order_by("-pk")
    )


def variation_rows(*, actor):
    return (
        AgreementVariation.objects.for_user(actor)
        .select_related("agreement")
        .prefetch_related("signatures")
        .order_by("agreement", "number")
    )


def placement_rows(*, actor):
    return selectors.placement_list(actor=actor).select_related("request", "moved_from")


class RequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RequestStatus.choices)
    lot = filters.ChoiceFilter(field_name="lot__kind", choices=LotKind.choices)
    strand = filters.CharFilter(field_name="strand__slug", help_text="send or care.")

    class Meta:
        model = PlacementRequest
        fields = ["status", "lot", "strand"]


class InvitationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=InvitationStatus.choices)
    request = filters.UUIDFilter(field_name="request__public_id", help_text="A request's id.")

    class Meta:
        model = RequestInvitation
        fields = ["status", "request"]


class QuestionFilter(filters.FilterSet):
    invitation = filters.UUIDFilter(
        field_name="invitation__public_id", help_text="An invitation's id."
    )
    answered = filters.BooleanFilter(field_name="answered_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = OfferQuestion
        fields = ["invitation", "answered"]


class PlacementFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=PlacementStage.choices, method="filter_stage")
    lot = filters.ChoiceFilter(field_name="lot__kind", choices=LotKind.choices)

    def filter_stage(self, queryset, name, value):
        """As the rows say today: awarded (start to come), active (started) or ended."""
        if value == PlacementStage.AWARDED:
            return queryset.awarded()
        if value == PlacementStage.ACTIVE:
            return queryset.active()
        return queryset.filter(status=PlacementStatus.ENDED)

    class Meta:
        model = Placement
        fields = ["status", "lot"]
