"""A page whose service refuses: for tests/boroughs/test_refusals.py."""

from django.urls import path

from commissioning.urls import urlpatterns as portal
from kernel.errors import NotAllowed


def refused(request):
    raise NotAllowed("Only the borough's commissioners can do this")


urlpatterns = [path("refused/", refused), *portal]
