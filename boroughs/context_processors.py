"""What every page needs: the service name and the navigation for the user's roles."""

from django.conf import settings

from kernel.confirmation import pop_confirmation
from kernel.navigation import navigation_for, subnavigation_of

from .selectors import service_consortium


def portal(request) -> dict:
    consortium = service_consortium(actor=request.user)
    navigation = navigation_for(request)
    return {
        "service_name": consortium.name if consortium else settings.PORTAL_NAME,
        "navigation": navigation,
        "subnavigation": subnavigation_of(navigation),
        "confirmation_panel": pop_confirmation(request),
    }
