"""Placements and savings in the placements API: the borough's commissioners change fees, end
and move placements; council staff read savings totals. A provider sees the placements at its
settings, anonymised and without the borough's figures."""

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
from rest_framework.views import APIView

from kernel.api.filters import query_data
from kernel.api.lookups import ByPublicId, valid_input
from kernel.api.schema import INVALID, NOT_FOUND
from providers.models import Setting

from ... import access, selectors, services
from ...billing import placement_charge
from ...charges import RULES
from ...models import Placement
from ...money import financial_year_label
from .. import querysets as q
from .. import serializers as s
from ..serializers.charges import charge_data
from .base import FORBIDDEN, CommissionersWrite, CouncilStaffOnly, LogsListedChildren, write_schema

CHARGE_EXAMPLE = OpenApiExample(
    "A 38-week placement starting on Wednesday 14 October 2026",
    response_only=True,
    value={
        "placement": "3f2b8c1e-7a4d-4e0b-9c57-0d6f1a2b3c4d",
        "start": "2026-10-01",
        "end": "2026-10-31",
        "billing_frequency": "monthly",
        "is_billing_period": True,
        "lines": [
            {
                "part": "education",
                "starts_on": "2026-10-14",
                "ends_on": "2026-10-31",
                "days": 8,
                "weeks": "1.6000",
                "weekly": "1400.00",
                "amount": "2240.00",
            }
        ],
        "by_part": {"education": "2240.00"},
        "total": "2240.00",
        "explanation": [
            "Charged from 14 October 2026 to 31 October 2026.",
            "38 weeks a year: each term weekday at 1/5 of the weekly fee; half-terms and "
            "holidays are not charged.",
            "14 October 2026 to 31 October 2026: 8 term days charged, £1,400.00 a week.",
            "Education: £1,400.00 x 8 x 1/5 = £2,240.00 (rounded half up).",
            "The total is the sum of the rounded lines.",
        ],
        "rules": ["52 weeks a year: every calendar day is charged at a seventh of the weekly fee."],
        "previous": {"start": "2026-09-01", "end": "2026-09-30"},
        "following": {"start": "2026-11-01", "end": "2026-11-30"},
    },
)

# --- Placements ---------------------------------------------------------------------------------

PLACEMENT = PolymorphicProxySerializer(
    component_name="Placement",
    serializers=[s.CouncilPlacementSerializer, s.ProviderPlacementSerializer],
    resource_type_field_name="audience",
)


def _placement_write(summary: str, body, code: int = 200):
    return write_schema(summary, body, s.CouncilPlacementSerializer, code=code)


@extend_schema_view(
    list=extend_schema(responses={200: PLACEMENT}),
    retrieve=extend_schema(responses={200: PLACEMENT, 404: NOT_FOUND}),
    partial_update=_placement_write(
        "Record a spot-purchase price or the next review", s.PlacementUpdateSerializer
    ),
)
class PlacementViewSet(
    LogsListedChildren,
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Placements: active → ended (a move ends one with X1 and starts its successor). The borough
    sees its own with costs and savings; a provider sees those at its settings, anonymised and
    without the borough's figures. Only the borough's commissioners change them."""

    action_rules = {
        "partial_update": "placements.change_placement",
        "fee_change": "placements.change_placement",
        "end": "placements.change_placement",
        "move": "placements.change_placement",
    }

    queryset = Placement.objects.none()
    serializer_class = s.CouncilPlacementSerializer
    selector = q.placement_rows
    filterset_class = q.PlacementFilter
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
        fields = {**current, **valid_input(s.PlacementUpdateSerializer, self, partial=True)}
        services.placement_update(actor=request.user, placement=placement, **fields)
        return self.show(placement)

    @_placement_write("Change the weekly fee from a date", s.FeeChangeInputSerializer)
    @action(detail=True, methods=["post"], url_path="fee-change")
    def fee_change(self, request, *args, **kwargs):
        placement = self.get_object()
        fields = valid_input(s.FeeChangeInputSerializer, self)
        services.placement_fee_change(actor=request.user, placement=placement, **fields)
        return self.show(placement)

    @_placement_write("End the placement, with an SSDA903-style reason", s.PlacementEndSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        placement = self.get_object()
        fields = valid_input(s.PlacementEndSerializer, self)
        services.placement_end(actor=request.user, placement=placement, **fields)
        return self.show(placement)

    @_placement_write(
        "Move the child to another setting on the lot", s.PlacementMoveSerializer, 201
    )
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        placement = self.get_object()
        fields = valid_input(s.PlacementMoveSerializer, self)
        setting = Setting.objects.for_user(request.user).filter(public_id=fields.pop("setting"))
        setting = setting.first()
        if setting is None:
            raise ValidationError({"setting": ["No setting has this id"]})
        successor = services.placement_move(
            actor=request.user, placement=placement, setting=setting, **fields
        )
        return self.show(successor, code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The expected charge for a period, line by line, with how it is worked out",
        parameters=[s.ChargeQuerySerializer],
        responses={200: s.ChargeSerializer, 400: INVALID, 404: NOT_FOUND},
        examples=[CHARGE_EXAMPLE],
    )
    @action(detail=True, methods=["get"])
    def charges(self, request, *args, **kwargs):
        placement = self.get_object()
        query = s.ChargeQuerySerializer(data=query_data(request))
        query.is_valid(raise_exception=True)
        shown = placement_charge(placement=placement, period=query.validated_data["period"])
        return Response(s.ChargeSerializer(charge_data(placement, shown, RULES)).data)


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
        query = s.SavingsQuerySerializer(data=query_data(request))
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
