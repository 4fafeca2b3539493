"""Outcome targets in the API: a placement's outcomes from the EHC plan and how they are scored.

Commissioners of the placement's borough create, change and delete them; other council staff
who may see the placement and the placement's provider read them. A target shows the placement's
reference and public id, never the child's identity. Another tenant's placement or target is a
404; a role that may only read gets 403 on a write.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from kernel.api.base import NamedRowNotFound, ScopedViewSetMixin
from kernel.api.fields import CodeField, FlagField, TextField, uuid_field
from kernel.api.lookups import LogsListedRows, valid_input
from kernel.api.schema import NOT_FOUND, error_response, write_schema
from placements.access import access_placement, log_children_viewed
from placements.models import Placement

from ..access import access_target
from ..choices import Scale
from ..models import Indicator, OutcomeTarget
from ..selectors.framework import framework_current
from ..selectors.targets import target_list
from ..services import targets as services

FORBIDDEN = error_response("Only the placement's borough's commissioners may change targets.")
MSG_NO_INDICATOR = "The agreed framework has no indicator with this code in that domain"

UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

# --- Serializers --------------------------------------------------------------------------------


class TargetSerializer(serializers.ModelSerializer):
    """A target as council staff and the placement's provider both see it: no child identity."""

    id = uuid_field("public_id")
    placement = uuid_field("placement.public_id")
    placement_reference = TextField(source="placement.reference", read_only=True)
    framework = uuid_field("indicator.domain.version.public_id")
    framework_version = serializers.IntegerField(
        source="indicator.domain.version.number", read_only=True
    )
    domain = TextField(source="indicator.domain.code", read_only=True)
    indicator = TextField(source="indicator.code", read_only=True)
    indicator_name = TextField(source="indicator.name", read_only=True)
    scale = CodeField(Scale.choices, source="indicator.scale", read_only=True)
    is_met = FlagField(read_only=True)

    class Meta:
        model = OutcomeTarget
        fields = [
            "id",
            "placement",
            "placement_reference",
            "framework",
            "framework_version",
            "domain",
            "indicator",
            "indicator_name",
            "scale",
            "outcome",
            "baseline",
            "target",
            "target_date",
            "latest_score",
            "is_met",
            "set_at",
        ]
        read_only_fields = fields


class TargetInputSerializer(serializers.Serializer):
    placement = serializers.UUIDField(help_text="The placement's id.")
    domain = serializers.SlugField(help_text="The agreed framework's domain code.")
    indicator = serializers.SlugField(help_text="The indicator's code within that domain.")
    outcome = TextField(help_text="The outcome as the EHC plan words it.")
    baseline = serializers.IntegerField(help_text="GAS: -2 to 2; rating: 1 to 5.")
    target = serializers.IntegerField(help_text="Higher than the baseline, on the same scale.")
    target_date = serializers.DateField(help_text="After the placement starts.")


class TargetUpdateSerializer(TargetInputSerializer):
    placement = None  # a target stays on its placement


class TargetFilter(django_filters.FilterSet):
    placement = django_filters.UUIDFilter(
        field_name="placement__public_id", help_text="Only this placement's targets."
    )

    class Meta:
        model = OutcomeTarget
        fields = ["placement"]


# --- Views --------------------------------------------------------------------------------------


def _write(summary: str, body, *, code: int = 200, answer=TargetSerializer):
    return write_schema(summary, body, answer, code=code, forbidden=FORBIDDEN)


def _targets(*, actor):
    return target_list(actor=actor)


def _current_indicator(user, placement: Placement, domain: str, code: str) -> Indicator:
    current = framework_current(consortium_id=placement.borough.consortium_id)
    indicator = (
        Indicator.objects.for_user(user)
        .filter(domain__version=current, domain__code=domain, code=code)
        .select_related("domain")
        .first()
        if current is not None
        else None
    )
    if indicator is None:
        raise NamedRowNotFound("indicator", MSG_NO_INDICATOR)
    return indicator


@extend_schema_view(
    list=extend_schema(summary="Outcome targets on placements you may see"),
    retrieve=extend_schema(
        summary="One outcome target", responses={200: TargetSerializer, 404: NOT_FOUND}
    ),
    create=_write("Set a target on an active placement", TargetInputSerializer, code=201),
    partial_update=_write("Change a target", TargetUpdateSerializer),
    destroy=_write(
        "Delete a target set in error (not one already scored)", None, code=204, answer=None
    ),
)
class TargetViewSet(
    LogsListedRows,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Outcome targets from each child's EHC plan, scored termly on a framework indicator. A
    target keeps its indicator (and framework version) when a later version is agreed."""

    log_listed = staticmethod(log_children_viewed)
    action_rules = {
        "create": "outcomes.add_target",
        "partial_update": "outcomes.change_target",
        "destroy": "outcomes.change_target",
    }

    queryset = OutcomeTarget.objects.none()
    serializer_class = TargetSerializer
    listed_child = "placement.child_id"
    selector = _targets
    filterset_class = TargetFilter
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = UUID

    def get_object(self):
        found = access_target(self.request.user, self.kwargs["id"], what="API outcome target")
        target = self.get_queryset().get(pk=found.pk)
        self.check_object_permissions(self.request, target)
        return target

    def show(self, target: OutcomeTarget, *, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=target.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        fields = valid_input(TargetInputSerializer, self)
        placement = access_placement(request.user, fields.pop("placement"), what="API targets")
        indicator = _current_indicator(
            request.user, placement, fields.pop("domain"), fields.pop("indicator")
        )
        target = services.target_set(
            actor=request.user, placement=placement, indicator=indicator, **fields
        )
        return self.show(target, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        target = self.get_object()
        given = valid_input(TargetUpdateSerializer, self, partial=True)
        indicator = target.indicator
        domain, code = given.pop("domain", indicator.domain.code), given.pop("indicator", None)
        if (code or indicator.code, domain) != (indicator.code, indicator.domain.code):
            indicator = _current_indicator(
                request.user, target.placement, domain, code or indicator.code
            )
        fields = {
            "outcome": given.get("outcome", target.outcome),
            "baseline": given.get("baseline", target.baseline),
            "target_score": given.get("target", target.target),
            "target_date": given.get("target_date", target.target_date),
        }
        services.target_update(actor=request.user, target=target, indicator=indicator, **fields)
        return self.show(target)

    def destroy(self, request, *args, **kwargs):
        target = self.get_object()
        services.target_remove(actor=request.user, target=target)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    """Register this module's viewsets on the outcomes API router."""
    router.register("targets", TargetViewSet, basename="target")


urlpatterns: list = []
