"""Keeps council staff without MFA away from every page with data."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from kernel.errors import DomainError
from kernel.refusals import page_refusal

from .mfa import MSG_MFA_REQUIRED, mfa_satisfied

# Pages that carry no borough data: signing in and setting up MFA must stay reachable.
# The API enforces MFA itself (boroughs.api.permissions.MfaSatisfied), for tokens too.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/invitations/", "/accessibility", "/api/")


class DomainRefusalMiddleware:
    """A page that lets a service's refusal escape answers it as the API does
    (`kernel.refusals`): NotAllowed the 403 page, a wrong state the 409, rather than a server
    error: the refusal is the answer, not a fault. Invalid input escaping a form stays a fault."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return page_refusal(request, exception)
        return None


class RequireMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not mfa_satisfied(user)
        ):
            messages.info(request, MSG_MFA_REQUIRED)
            url = reverse("mfa_activate_totp")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
