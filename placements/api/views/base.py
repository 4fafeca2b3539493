"""What every placements API view shares: the documented error answers, the permissions, the
lookup by public id and the validation of a request's body.

Objects are fetched by public id through placements.access, which answers the same 404 for
another tenant's row as for a missing one and logs who looked at a child's record. Detail
actions fetch the object before they read the body, so an outsider learns nothing from
validation errors. A body's errors, list items included, are shaped by boroughs.api.base.
"""

from __future__ import annotations

import uuid

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from boroughs.api.base import ScopedViewSetMixin

from ... import access
from ...services.common import MSG_NOT_COMMISSIONER

ERROR = {"$ref": "#/components/schemas/Error"}  # added to the schema by boroughs.api.schema


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ERROR, description=description)


NOT_FOUND = _error("Not found, or not yours to see.")
INVALID = _error("Invalid input: every field with a problem, with its messages.")
FORBIDDEN = _error("Only the borough's commissioners (or, for offers, the invited provider) may.")
WRONG_STATE = _error("The object's current status does not allow this.")
MSG_COUNCIL_ONLY = "Only council staff can see this"


def write_schema(summary: str, body, answer, *, code: int = 200, **extra):
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


def valid_input(serializer_class, viewset, lot_kind: str | None = None, **kwargs) -> dict:
    """The request's body, validated: a 400 (through the global exception handler) if not.
    `lot_kind` is the changed request's own, for a body that names a new DPS alone."""
    context = {"request": viewset.request, "lot_kind": lot_kind}
    incoming = serializer_class(data=viewset.request.data, context=context, **kwargs)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


class LogsListedChildren:
    """A list that shows children's data writes one access-log row per child on the page it
    answers, in one bulk write (placements.access). `listed_child` is the path from a row to
    its child's id, like "child_id" or "request.child_id"."""

    listed_child = "child_id"

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.action == "list":
            rows = page if page is not None else list(queryset)
            access.log_children_viewed(
                self.request.user, [_follow(row, self.listed_child) for row in rows], "API list"
            )
        return page


def _follow(row, path: str):
    for name in path.split("."):
        row = getattr(row, name)
    return row


class ByPublicId(ScopedViewSetMixin):
    """Looks objects up by `id` (their public UUID) through `fetch` (placements.access), then
    re-reads them through the viewset's scoped, annotated queryset."""

    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    fetch = None

    def get_object(self):
        found = type(self).fetch(self.request.user, _public_id(self), what="API")
        obj = self.fresh(found)
        # The policy refuses a write (403) before its body is read (boroughs.api.permissions).
        self.check_object_permissions(self.request, obj)
        return obj

    def fresh(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def show(self, obj, *, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.fresh(obj)).data, status=code)
