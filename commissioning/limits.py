"""Request size limits, enforced before a body is read (ADR 14).

The numbers live in settings.py ("Limits"): REQUEST_BODY_MAX_BYTES for a form that may carry an
upload, DATA_UPLOAD_MAX_MEMORY_SIZE for any other body. A request whose Content-Length is over
its limit is refused with 413 before a byte of the body is read. An upload whose parts add up to
more than the limit as they stream in (a body whose length was not declared) is stopped there.
Both answer 413: JSON for the API, a GOV.UK page otherwise.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

MSG_TOO_LARGE = "The request is larger than the service accepts"


class RequestTooLarge(RequestDataTooBig):
    """An upload streamed past REQUEST_BODY_MAX_BYTES. Django answers a SuspiciousOperation with
    its 400 handler, which answers this (and RequestDataTooBig) with 413: `bad_request`."""


def body_limit(request) -> int | None:
    """The most bytes this request's body may have."""
    if request.content_type == "multipart/form-data":
        return settings.REQUEST_BODY_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large(request, status: int = 413):
    limit = body_limit(request)
    megabytes = f"{limit / 1024 / 1024:g}MB" if limit else ""
    if request.path.startswith("/api/"):
        detail = f"{MSG_TOO_LARGE}: at most {megabytes}." if megabytes else f"{MSG_TOO_LARGE}."
        return JsonResponse({"detail": detail}, status=status)
    return render(
        request, "413.html", {"upload_limit": f"{settings.UPLOAD_MAX_MB}MB"}, status=status
    )


class RequestSizeLimitMiddleware:
    """413 for a declared Content-Length over the limit, without reading the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request)
        if limit is not None and length > limit:
            return too_large(request)
        return self.get_response(request)


class CappedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: stops a multipart body whose files pass
    REQUEST_BODY_MAX_BYTES as they arrive, whatever the Content-Length said."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.REQUEST_BODY_MAX_BYTES:
            raise RequestTooLarge(MSG_TOO_LARGE)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REQUEST_BODY_MAX_BYTES:
            raise RequestTooLarge(MSG_TOO_LARGE)
        return raw_data  # to the next handler, which stores it

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def bad_request(request, exception=None):
    """handler400: a body over the limit found while reading it is 413, not 400."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return defaults.bad_request(request, exception)
