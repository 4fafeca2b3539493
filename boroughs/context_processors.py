"""What every page needs: the service name and the navigation for the user's roles."""

from django.conf import settings
from django.urls import reverse

from .choices import Role
from .models import Consortium


def _navigation(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = [("Dashboard", "dashboard")]
    if user.borough_id:
        items.append(("Boroughs" if user.sees_whole_consortium else "Your borough", "borough_list"))
        items.append(("Users", "user_list"))
    if user.has_role(Role.CONSORTIUM_ADMIN):
        items.append(("Invite a user", "invitation_create"))
    items.append(("API", "api_docs"))
    links = [(label, reverse(name)) for label, name in items]
    # The current item is the longest link the path starts with (/users/invite/ is not /users/).
    matches = [href for _, href in links if request.path.startswith(href) and href != "/"]
    current = max(matches, key=len) if matches else request.path
    return [{"label": label, "href": href, "current": href == current} for label, href in links]


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
