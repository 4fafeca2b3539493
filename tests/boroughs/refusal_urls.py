"""A page whose service refuses: for tests/boroughs/test_refusals.py."""

from django.urls import path

from commissioning.urls import urlpatterns as portal
from kernel.errors import DomainError, InvalidTransition, NotAllowed


def refused(request):
    raise NotAllowed("Only the borough's commissioners can do this")


def conflicting(request):
    raise InvalidTransition("This cannot be done while the request is cancelled")


def invalid(request):
    raise DomainError("Enter a reason", field="reason")


urlpatterns = [
    path("refused/", refused),
    path("conflicting/", conflicting),
    path("invalid/", invalid),
    *portal,
]
