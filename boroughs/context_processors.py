"""What every page needs: the service name and the navigation for the user's roles."""

from django.conf import settings

from .models import Consortium
from .navigation import navigation_for


def portal(request) -> dict:
    user = request.user
    if user.is_authenticated and user.borough_id:
        consortium = user.borough.consortium
    else:
        consortium = Consortium.objects.order_by("pk").first()
    return {
        "service_name": consortium.name if consortium else settings.PORTAL_NAME,
        "navigation": navigation_for(request),
    }
