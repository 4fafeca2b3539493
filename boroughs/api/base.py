"""The base every API viewset builds on: scoped querysets and domain errors as responses."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import DomainError


class ScopedViewSetMixin:
    """`get_queryset` is the selector (or the model's rows) for the requesting user only.

    Subclasses set `selector` (a function taking `actor=`) or rely on the model's `for_user`.
    Another tenant's object is absent, so DRF's lookup answers 404 for it.
    """

    selector = None

    def get_queryset(self):
        if self.selector is not None:
            return type(self).selector(actor=self.request.user)
        return self.queryset.model._default_manager.for_user(self.request.user)


def exception_handler(exc, context):
    """Domain errors become 400/403/409 with the message the service gave."""
    if isinstance(exc, DomainError):
        detail = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        api_exc = exceptions.APIException(detail=detail)
        api_exc.status_code = exc.status_code
        exc = api_exc
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        response.data = flat_item_errors(response.data)
    return response


def flat_item_errors(errors: dict) -> dict:
    """A list field's errors per item ({"needs": {"0": [...]}}) as messages naming the item
    ({"needs": ["Item 1: ..."]}), so every 400 has the documented shape: a field, its messages."""
    return {
        field: [
            f"Item {int(index) + 1}: {message}"
            for index, item in messages.items()
            for message in (item if isinstance(item, list) else [item])
        ]
        if isinstance(messages, dict) and all(str(key).isdigit() for key in messages)
        else messages
        for field, messages in errors.items()
    }
