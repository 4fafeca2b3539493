"""The service navigation: each app registers its own items, so this app imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str | Callable[[object], str]
    url_name: str
    visible: Callable[[object], bool]
    order: int


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    """Called from an app's AppConfig.ready()."""
    _items.extend(item for item in items if item not in _items)


def navigation_for(request) -> list[dict]:
    """The items the signed-in user may use, with the current one marked."""
    user = request.user
    if not user.is_authenticated:
        return []
    visible = sorted((item for item in _items if item.visible(user)), key=lambda item: item.order)
    links = [
        (item.label(user) if callable(item.label) else item.label, reverse(item.url_name))
        for item in visible
    ]
    # The current item is the longest link the path starts with (/users/invite/ is not /users/).
    matches = [href for _, href in links if request.path.startswith(href) and href != "/"]
    current = max(matches, key=len) if matches else request.path
    return [{"label": label, "href": href, "current": href == current} for label, href in links]
