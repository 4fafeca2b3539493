"""A page whose service refuses: for tests/boroughs/test_refusals.py."""

from django.urls import path

from boroughs.errors import NotAllowed
from commissioning.urls import urlpatterns as portal


def refused(request):
    raise NotAllowed("Only the borough's commissioners can do this")


urlpatterns = [path("refused/", refused), *portal]
