"""Termly returns in the API: providers submit them and correct them when queried; the placing
borough's commissioners query or accept them; council staff read them.

Transitions are POST actions answering 409 in a wrong state. A provider's view of a return
names the placement by reference and the child's school year, never who the child is. Another
tenant's return is a 404, as for a missing one.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action

from kernel.api.base import NamedRowNotFound
from kernel.api.filters import IdFilter
from kernel.api.lookups import ByPublicId, LogsListedRows, valid_input
from kernel.api.schema import NOT_FOUND, write_schema
from placements.access import access_placement, is_provider_user, log_children_viewed

from ...access import access_return
from ...choices import ReturnStatus
from ...models import ReturnEvent, TargetScore, Term, TermlyReturn
from ...selectors.returns import return_list
from ...services import returns as services
from ..serializers.returns import (
    RETURN,
    CouncilReturnSerializer,
    ProviderReturnSerializer,
    ReturnAcceptSerializer,
    ReturnCorrectSerializer,
    ReturnQuerySerializer,
    ReturnSubmitSerializer,
)

MSG_NO_PLACEMENT = "No placement of yours has this id"
MSG_NO_TERM = "No term of the placing borough's consortium has this id"


class ReturnFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReturnStatus.choices)
    term = IdFilter(field_name="term_id", help_text="A term's id.")
    placement = django_filters.UUIDFilter(
        field_name="placement__public_id", help_text="A placement's id."
    )

    class Meta:
        model = TermlyReturn
        fields = ["status", "term", "placement"]


def return_rows(*, actor):
    scores = TargetScore.objects.for_user(actor).select_related("target__indicator__domain")
    return return_list(actor=actor).prefetch_related(
        Prefetch("scores", queryset=scores),
        Prefetch("events", ReturnEvent.objects.for_user(actor).select_related("actor")),
    )


def _write(summary: str, body, code: int = 200):
    return write_schema(summary, body, RETURN, code=code)


@extend_schema_view(
    list=extend_schema(responses={200: RETURN}),
    retrieve=extend_schema(responses={200: RETURN, 404: NOT_FOUND}),
)
class ReturnViewSet(
    LogsListedRows,
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Termly returns: overdue -> submitted -> queried -> submitted -> accepted. Providers
    submit (create) and correct; the placing borough's commissioners query and accept."""

    log_listed = staticmethod(log_children_viewed)
    action_rules = {
        "create": "outcomes.add_return",
        "correct": "outcomes.correct_return",
        "query": "outcomes.decide_return",
        "accept": "outcomes.decide_return",
    }

    queryset = TermlyReturn.objects.none()
    serializer_class = CouncilReturnSerializer
    listed_child = "placement.child_id"
    selector = return_rows
    filterset_class = ReturnFilter

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access_return(actor, public_id, what=f"{what} termly return")

    def get_serializer_class(self):
        if is_provider_user(self.request.user):
            return ProviderReturnSerializer
        return CouncilReturnSerializer

    @_write("Submit a termly return (the placement's provider)", ReturnSubmitSerializer, 201)
    def create(self, request, *args, **kwargs):
        fields = valid_input(ReturnSubmitSerializer, self)
        try:
            placement = access_placement(request.user, fields.pop("placement"), what="API return")
        except Http404 as error:
            raise NamedRowNotFound("placement", MSG_NO_PLACEMENT) from error
        consortium_id = placement.borough.consortium_id
        terms = Term.objects.for_user(request.user).filter(consortium_id=consortium_id)
        term = terms.filter(pk=fields.pop("term")).first()
        if term is None:
            raise NamedRowNotFound("term", MSG_NO_TERM)
        made = services.return_submit(actor=request.user, placement=placement, term=term, **fields)
        return self.show(made, code=status.HTTP_201_CREATED)

    @_write("Correct a queried return and submit it again (the provider)", ReturnCorrectSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, *args, **kwargs):
        made = self.get_object()
        fields = valid_input(ReturnCorrectSerializer, self)
        services.return_correct(actor=request.user, termly_return=made, **fields)
        return self.show(made)

    @_write("Query a return: send it back with what to correct", ReturnQuerySerializer)
    @action(detail=True, methods=["post"])
    def query(self, request, *args, **kwargs):
        made = self.get_object()
        fields = valid_input(ReturnQuerySerializer, self)
        services.return_query(actor=request.user, termly_return=made, **fields)
        return self.show(made)

    @_write("Accept a return: it counts in the benchmarks", ReturnAcceptSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        made = self.get_object()
        fields = valid_input(ReturnAcceptSerializer, self)
        services.return_accept(actor=request.user, termly_return=made, **fields)
        return self.show(made)


def register(router) -> None:
    """Register this module's viewsets on the outcomes API router."""
    router.register("returns", ReturnViewSet, basename="return")


urlpatterns: list = []
