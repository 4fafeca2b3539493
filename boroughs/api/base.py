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
    return drf_exception_handler(exc, context)
