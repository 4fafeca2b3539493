"""Rows by public id: the API never shows primary keys, and a detail route's `id` is a UUID.

`ByPublicId` fetches the object through the app's `access_*` function (`fetch`), which answers
the same 404 for another tenant's row as for a missing one, then re-reads it through the
viewset's scoped, annotated queryset. Detail actions fetch the object before they read the body
(`valid_input`), so an outsider learns nothing from validation errors.
"""

from __future__ import annotations

import uuid

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from .base import ScopedViewSetMixin


class PublicIdLookup:
    """Detail routes take `id`, the row's public UUID; DRF's lookup reads the scoped queryset."""

    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def fresh(self, obj):
        """The row re-read through the viewset's queryset, with what its serializer needs."""
        return self.get_queryset().get(pk=obj.pk)


class ByPublicId(PublicIdLookup, ScopedViewSetMixin):
    """Looks objects up by `id` through `fetch(actor, public_id, what=...)` (an app's
    `access_*`), then re-reads them through the viewset's scoped, annotated queryset."""

    fetch = None

    def get_object(self):
        found = type(self).fetch(self.request.user, public_id_of(self), what="API")
        obj = self.fresh(found)
        # The policy refuses a write (403) before its body is read (boroughs.api.permissions).
        self.check_object_permissions(self.request, obj)
        return obj

    def show(self, obj, *, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.fresh(obj)).data, status=code)


def public_id_of(viewset) -> uuid.UUID:
    """The route's `id` as a UUID; anything else names no row (404)."""
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


class LogsListedRows:
    """A list that shows children's data writes one access-log row per child on the page it
    answers, in one bulk write: `log_listed(actor, child_ids, what)` (an app's access log).
    `listed_child` is the path from a row to its child's id, like "child_id" or
    "request.child_id"."""

    listed_child = "child_id"
    log_listed = None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.action == "list":
            rows = page if page is not None else list(queryset)
            type(self).log_listed(
                self.request.user, [_follow(row, self.listed_child) for row in rows], "API list"
            )
        return page


def _follow(row, path: str):
    for name in path.split("."):
        row = getattr(row, name)
    return row


@csrf_exempt  # it changes nothing, and a token-authenticated POST carries no CSRF token
def not_found(request, *args, **kwargs):
    """The catch-all route of an API's URLs: an id no route accepts (`applications/0.5/submit/`)
    still gets the API's JSON 404, not the HTML page an integration cannot read."""
    return JsonResponse({"detail": "Not found."}, status=404)
