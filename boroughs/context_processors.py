"""What every page needs: the service name and the navigation for the user's roles."""

from django.conf import settings
from django.urls import reverse

from .choices import Role
from .models import Consortium


def _navigation(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = [("Dashboard", "dashboard", None)]
    if user.borough_id:
        items.append(
            ("Boroughs" if user.sees_whole_consortium else "Your borough", "borough_list", None)
        )
        items.append(("Users", "user_list", None))
    if user.has_role(Role.CONSORTIUM_ADMIN):
        items.append(("Invite a user", "invitation_create", None))
    items.append(("API", "api_docs", None))
    nav = []
    for label, name, _ in items:
        href = reverse(name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        nav.append({"label": label, "href": href, "current": current})
    return nav


def portal(request) -> dict:
    user = request.user
    consortium = None
    if user.is_authenticated and user.borough_id:
        consortium = user.borough.consortium
    else:
        consortium = Consortium.objects.order_by("pk").first()
    return {
        "service_name": consortium.name if consortium else settings.PORTAL_NAME,
        "navigation": _navigation(request),
    }
