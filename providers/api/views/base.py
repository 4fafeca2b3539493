"""What every DPS API view shares: the documented error answers and the lookup by public id.

Every viewset reads through a `for_user` queryset (providers.api.querysets), so another
provider's row is simply absent and answers 404, exactly like a missing one. Detail actions
fetch the object before they read the body, so an outsider learns nothing from validation
errors either.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

ERROR = {"$ref": "#/components/schemas/Error"}  # added to the schema by boroughs.api.schema


def error_answer(description: str) -> OpenApiResponse:
    """A documented error answer: the API's error body, with what this one means."""
    return OpenApiResponse(response=ERROR, description=description)


NOT_FOUND = error_answer("Not found, or not yours to see.")
INVALID = error_answer("Invalid input: every field with a problem, with its messages.")
FORBIDDEN = error_answer("Your role does not allow this (for example, a provider reviewing).")
WRONG_STATE = error_answer("The object's current status does not allow this.")


class ByPublicId:
    lookup_field = "public_id"
    lookup_url_kwarg = "id"


def fresh(viewset, obj):
    """The row re-read through the viewset's queryset, with what its serializer needs."""
    return viewset.get_queryset().get(pk=obj.pk)
