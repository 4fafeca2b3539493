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
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from kernel.api.base import NamedRowNotFound
from kernel.api.fields import AudienceField, CodeField, FlagField, TextField, uuid_field
from kernel.api.filters import IdFilter
from kernel.api.lookups import ByPublicId, LogsListedRows, valid_input
from kernel.api.schema import NOT_FOUND, write_schema
from placements.access import access_placement, is_provider_user, log_children_viewed
from placements.anonymised import curriculum_year_label
from placements.models import national_curriculum_year

from ..access import access_return
from ..choices import PfaPathway, ReturnStatus
from ..models import ReturnEvent, TargetScore, Term, TermlyReturn
from ..selectors.returns import return_list
from ..services import returns as services

MSG_NO_PLACEMENT = "No placement of yours has this id"
MSG_NO_TERM = "No term of the placing borough's consortium has this id"

# --- Serializers --------------------------------------------------------------------------------


class ReturnScoreSerializer(serializers.ModelSerializer):
    target = uuid_field("target.public_id")
    outcome = TextField(source="target.outcome", read_only=True)
    domain = TextField(source="target.indicator.domain.code", read_only=True)
    indicator = TextField(source="target.indicator.code", read_only=True)

    class Meta:
        model = TargetScore
        fields = [
            "target",
            "outcome",
            "domain",
            "indicator",
            "score",
            "progress",
            "met",
            "evidence",
        ]
        read_only_fields = fields


class ReturnEventSerializer(serializers.ModelSerializer):
    from_status = CodeField(ReturnStatus.choices, read_only=True, help_text='"" when created.')
    to_status = CodeField(ReturnStatus.choices, read_only=True)
    actor = serializers.SerializerMethodField(help_text="Who moved it; null for the portal.")

    class Meta:
        model = ReturnEvent
        fields = ["from_status", "to_status", "actor", "at", "reason"]
        read_only_fields = fields

    def get_actor(self, event: ReturnEvent) -> str | None:
        return str(event.actor) if event.actor_id else None


class _ReturnBase(serializers.ModelSerializer):
    id = uuid_field("public_id")
    placement = uuid_field("placement.public_id")
    placement_reference = TextField(source="placement.reference", read_only=True)
    term = serializers.IntegerField(source="term_id", read_only=True)
    term_name = TextField(source="term", read_only=True, help_text="Autumn 2026/27.")
    returns_due_on = serializers.DateField(source="term.returns_due_on", read_only=True)
    framework_version = serializers.IntegerField(source="framework_version.number", read_only=True)
    status = CodeField(ReturnStatus.choices, read_only=True)
    pfa_pathway = CodeField(PfaPathway.choices, read_only=True)
    scores = ReturnScoreSerializer(many=True, read_only=True)
    events = ReturnEventSerializer(many=True, read_only=True)

    COMMON = [
        "id",
        "audience",
        "placement",
        "placement_reference",
        "term",
        "term_name",
        "returns_due_on",
        "framework_version",
        "status",
        "late",
        "attendance_pct",
        "fixed_term_exclusion_days",
        "permanently_excluded",
        "serious_incidents",
        "pfa_pathway",
        "summary",
        "mean_progress",
        "submitted_at",
        "decided_at",
        "scores",
        "events",
    ]


class CouncilReturnSerializer(_ReturnBase):
    """A return as the placing borough sees it: with the child's and provider's ids."""

    audience = AudienceField("council", "The borough's view of a termly return")
    borough = TextField(source="placement.borough.ons_code", read_only=True)
    child = uuid_field("placement.child.public_id")
    child_reference = TextField(source="placement.child.reference", read_only=True)
    provider = uuid_field("placement.provider.public_id")
    provider_name = TextField(source="placement.provider.legal_name", read_only=True)

    class Meta:
        model = TermlyReturn
        fields = [
            *_ReturnBase.COMMON,
            "borough",
            "child",
            "child_reference",
            "provider",
            "provider_name",
        ]
        read_only_fields = fields


class ProviderReturnSerializer(_ReturnBase):
    """A return as its provider sees it: the placement reference and school year only."""

    audience = AudienceField("provider", "A provider's view of a termly return")
    school_year = serializers.SerializerMethodField(help_text="At the term's start.")

    class Meta:
        model = TermlyReturn
        fields = [*_ReturnBase.COMMON, "school_year"]
        read_only_fields = fields

    def get_school_year(self, made: TermlyReturn) -> str:
        dob = made.placement.child.date_of_birth
        return curriculum_year_label(national_curriculum_year(dob, made.term.starts_on))


RETURN = PolymorphicProxySerializer(
    component_name="TermlyReturn",
    serializers=[CouncilReturnSerializer, ProviderReturnSerializer],
    resource_type_field_name="audience",
)


class ScoreInputSerializer(serializers.Serializer):
    target = serializers.UUIDField(help_text="The outcome target's id.")
    score = serializers.IntegerField(help_text="On the indicator's scale: -2..2 or 1..5.")
    evidence = TextField(allow_blank=True)


class ReturnFiguresSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True, help_text="One per target of the placement.")
    attendance_pct = serializers.DecimalField(max_digits=4, decimal_places=1)
    fixed_term_exclusion_days = serializers.DecimalField(max_digits=4, decimal_places=1, default=0)
    permanently_excluded = FlagField(default=False)
    serious_incidents = serializers.IntegerField(default=0)
    pfa_pathway = CodeField(
        PfaPathway.choices,
        allow_blank=True,
        default="",
        help_text="Required from Year 9 (at the term's start), refused below.",
    )
    summary = TextField(allow_blank=True, default="")


class ReturnSubmitSerializer(ReturnFiguresSerializer):
    placement = serializers.UUIDField()
    term = serializers.IntegerField(help_text="The term's id (see the returns' `term`).")


class ReturnCorrectSerializer(ReturnFiguresSerializer):
    reason = TextField(allow_blank=True, help_text="What was corrected.")


class ReturnQuerySerializer(serializers.Serializer):
    reason = TextField(allow_blank=True, help_text="What needs correcting.")


class ReturnAcceptSerializer(serializers.Serializer):
    note = TextField(allow_blank=True, default="")


# --- The viewset --------------------------------------------------------------------------------


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
