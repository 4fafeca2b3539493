"""The base every API viewset builds on: scoped querysets and domain errors as responses."""

from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import DomainError
from ..refusals import refusal_status

MSG_NO_SUCH_ROW = "Nothing you may see has this id"


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


class NamedRowNotFound(exceptions.NotFound):
    """A body or query names a row, by a well-formed id or code, that does not exist or is not
    the user's to see: 404 like the row's own URL would answer, with the field named. The
    request is valid by the schema (no schema can list another tenant's ids), so not a 400."""

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})


class RowSlugField(serializers.SlugRelatedField):
    """A related row by its slug; a well-formed slug naming no row the field may pick is a
    NamedRowNotFound (404), not a 400."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as invalid:
            if invalid.get_codes() == ["does_not_exist"]:
                name = self.field_name or getattr(self.parent, "field_name", "")
                raise NamedRowNotFound(name, MSG_NO_SUCH_ROW) from invalid
            raise


class ScopedSlugRelatedField(RowSlugField):
    """A related row named by `slug_field`, looked up among the rows the requesting user may
    see (the model's `for_user`), so another tenant's id is refused like one that does not
    exist. Needs the request in the serializer's context."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.model.objects.for_user(request.user)


def exception_handler(exc, context):
    """Domain errors become 400/403/409 (`kernel.refusals`, as pages answer them) with the
    message the service gave."""
    if isinstance(exc, DomainError):
        detail = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        api_exc = exceptions.APIException(detail=detail)
        api_exc.status_code = refusal_status(exc)
        exc = api_exc
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        response.data = flat_item_errors(response.data)
    return response


def flat_item_errors(errors: dict) -> dict:
    """Nested errors as flat messages, so every 400 has the documented shape: a field, its
    messages. A list field's errors per item ({"needs": {"0": [...]}}) name the item
    ({"needs": ["Item 1: ..."]}); a nested object's name its key; its own errors stay bare."""
    return {
        field: _flat_messages(messages) if isinstance(messages, dict | list) else messages
        for field, messages in errors.items()
    }


def _flat_messages(messages) -> list[str]:
    if isinstance(messages, list):
        return [text for message in messages for text in _flat_messages(message)]
    if not isinstance(messages, dict):
        return [str(messages)]
    flat = []
    for key, item in messages.items():
        if str(key).isdigit():
            prefix = f"Item {int(key) + 1}: "
        elif key == api_settings.NON_FIELD_ERRORS_KEY:
            prefix = ""
        else:
            prefix = f"{key}: "
        flat.extend(prefix + text for text in _flat_messages(item))
    return flat
