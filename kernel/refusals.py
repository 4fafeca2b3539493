"""One mapping from a service's refusal to what the user gets, for pages and the API alike.

| refusal                                   | page                                  | API |
|-------------------------------------------|---------------------------------------|-----|
| `NotAllowed` (the actor may not)          | the 403 page, with the message        | 403 |
| `InvalidTransition` (wrong state)         | the 409 page (or the object's page    | 409 |
|                                           | with an error summary), a link back   |     |
| `Duplicate` (a value another row has)     | the form's error (the user types      | 409 |
|                                           | another value); the 409 page if none  |     |
| any other `DomainError` (invalid input)   | the form's error at its field (200);  | 400 |
|                                           | a button's, a message on its page     |     |

Pages use `RefusalMixin.refused` (which `ServiceFormMixin` calls for every service it runs);
a forbidden or conflicting refusal that escapes a page reaches `page_refusal` through
`boroughs.middleware.DomainRefusalMiddleware` (invalid input escaping a form stays a fault);
the API's exception handler asks `refusal_status`.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError, Duplicate, InvalidTransition, NotAllowed

FORBIDDEN, CONFLICT, INVALID = "forbidden", "conflict", "invalid"
STATUS = {FORBIDDEN: 403, CONFLICT: 409, INVALID: 400}


def refusal_kind(error: DomainError) -> str:
    """Whether the actor may not (forbidden), the data refuses (conflict), or the input is
    wrong (invalid)."""
    if isinstance(error, NotAllowed):
        return FORBIDDEN
    if isinstance(error, InvalidTransition | Duplicate):
        return CONFLICT
    return INVALID


def refusal_status(error: DomainError) -> int:
    """The HTTP status of a refusal, the same for a page and the API."""
    return STATUS[refusal_kind(error)]


def forbidden_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "403.html", {"message": error.message}, status=403)


def conflict_page(request: HttpRequest, error: DomainError, *, back_url: str) -> HttpResponse:
    return render(request, "409.html", {"message": error.message, "back_url": back_url}, status=409)


def page_refusal(request: HttpRequest, error: DomainError, *, back_url: str = ""):
    """The page that answers a forbidden or conflicting refusal; None for invalid input, which
    belongs on a form."""
    kind = refusal_kind(error)
    if kind == FORBIDDEN:
        return forbidden_page(request, error)
    if kind == CONFLICT:
        return conflict_page(request, error, back_url=back_url or referring_url(request))
    return None


def referring_url(request: HttpRequest) -> str:
    """The page the user came from when it is this site's, else the page itself (on a GET) or
    the start page: where a 409 page links back to."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path if request.method == "GET" else "/"


class RefusalMixin:
    """A page that runs a service: `refused(error, form)` answers its refusal the one way.

    A forbidden refusal is the 403 page and a wrong state the 409 (`conflict_response`, which a
    page overrides to show its object with an error summary); invalid input, and a duplicate
    value, go on `form` and `refused` answers None for the page to show it. A
    button with no form (`form=None`) shows invalid input as an error message on the page it
    goes back to.
    """

    def refused(self, error: DomainError, form=None) -> HttpResponse | None:
        kind = refusal_kind(error)
        if kind == FORBIDDEN:
            return forbidden_page(self.request, error)
        if kind == INVALID and form is None:
            messages.error(self.request, error.message)
            return None
        if form is None or isinstance(error, InvalidTransition):
            return self.conflict_response(error)
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None

    def conflict_response(self, error: DomainError) -> HttpResponse:
        return conflict_page(self.request, error, back_url=self.back_url())

    def back_url(self) -> str:
        """Where the 409 page links back to: the object the action was on."""
        return referring_url(self.request)
