"""The change history for integrations: GET /api/v1/changes/, consortium admins only.

The same rows as the page (boroughs.audit.selectors), newest first and paginated; reading
changes to children's records writes their access log, as the page does.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission

from kernel.api.fields import FlagField, TextField
from kernel.api.filters import query_data

from ..audit.registry import audited_kind, audited_kinds
from ..audit.selectors import ChangeFilters, can_read_changes, change_entries, change_list
from ..audit.services import changes_read
from ..audit.views import MSG_CONSORTIUM_ADMINS_ONLY


class ChangeQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(kind.key, kind.label) for kind in audited_kinds()],
        required=False,
        help_text="Only this kind of record.",
    )
    changed_from = serializers.DateField(required=False, help_text="Changed on or after.")
    changed_to = serializers.DateField(required=False, help_text="Changed on or before.")

    def validate(self, data):
        since, until = data.get("changed_from"), data.get("changed_to")
        if since and until and since > until:
            raise serializers.ValidationError(
                {"changed_to": ["The first date must be on or before the last date"]}
            )
        return data


class FieldChangeSerializer(serializers.Serializer):
    field = TextField()
    before = TextField(help_text="As shown to you: 'Not set' when empty.")
    after = TextField()


class ChangeSerializer(serializers.Serializer):
    changed_at = serializers.DateTimeField(source="at")
    action = serializers.ChoiceField(choices=["Created", "Changed", "Deleted"])
    kind = TextField(source="kind.key")
    record = TextField()
    record_id = serializers.UUIDField(
        source="public_id", allow_null=True, help_text="The record's id in the API, if it has one."
    )
    changed_by = serializers.EmailField(source="user.email", allow_null=True, default=None)
    reason = TextField(help_text="What made the change when no user did.")
    earlier_not_recorded = FlagField()
    changes = FieldChangeSerializer(many=True)


class IsConsortiumAdmin(BasePermission):
    message = MSG_CONSORTIUM_ADMINS_ONLY

    def has_permission(self, request, view) -> bool:
        return can_read_changes(request.user)


@extend_schema(
    parameters=[ChangeQuerySerializer],
    responses={
        200: ChangeSerializer(many=True),
        400: OpenApiResponse(description="Invalid filters."),
        403: OpenApiResponse(description="Consortium admins only."),
    },
    examples=[
        OpenApiExample(
            "A setting's vacancies changed",
            response_only=True,
            value={
                "changed_at": "2026-11-21T10:15:00Z",
                "action": "Changed",
                "kind": "setting",
                "record": "Bright Futures School",
                "record_id": "3f8c2a1e-7b4d-4c55-9d0e-2a6b1c9e8f10",
                "changed_by": "pat@brightfutures.example.org",
                "reason": "",
                "earlier_not_recorded": False,
                "changes": [{"field": "Vacancies", "before": "2", "after": "1"}],
            },
        )
    ],
)
class ChangeListView(generics.GenericAPIView):
    """Changes to your consortium's providers, settings, price lines, DPSs and children's
    records, newest first: who, when, and each field from what to what."""

    serializer_class = ChangeSerializer
    filter_backends: list = []

    def get_permissions(self):
        return [*super().get_permissions(), IsConsortiumAdmin()]

    def get(self, request, *args, **kwargs):
        query = ChangeQuerySerializer(data=query_data(request))
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = ChangeFilters(
            kind=audited_kind(data.get("kind", "")),
            since=data.get("changed_from"),
            until=data.get("changed_to"),
        )
        rows = self.paginate_queryset(change_list(actor=request.user, filters=filters))
        entries = change_entries(actor=request.user, rows=rows)
        changes_read(actor=request.user, entries=entries, what="change history (API)")
        return self.get_paginated_response(ChangeSerializer(entries, many=True).data)
