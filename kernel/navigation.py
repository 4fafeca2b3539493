"""The service navigation: each app registers its own items, so the menu imports none of them.

Items that share an `area` fold into one top-level entry (at most seven a role, GOV.UK's
guidance for a service navigation) that opens the area's first page; inside the area, its pages
are a sub-navigation. An item with no area stands alone. Account security and signing out are
in the header, not the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

Label = str | Callable[[object], str]


@dataclass(frozen=True)
class NavItem:
    label: Label
    url_name: str
    visible: Callable[[object], bool]
    order: int
    area: str = ""  # the key of the top-level entry it folds into; "" stands alone


_items: list[NavItem] = []
# An area's label when it differs from its key (a callable takes the user).
_area_labels: dict[str, Label] = {}


def register(*items: NavItem) -> None:
    """Called from an app's AppConfig.ready()."""
    _items.extend(item for item in items if item not in _items)


def name_area(key: str, label: Label) -> None:
    _area_labels[key] = label


def _text(label: Label, user) -> str:
    return label(user) if callable(label) else label


def _links(request) -> list[dict]:
    user = request.user
    visible = sorted((item for item in _items if item.visible(user)), key=lambda item: item.order)
    links = [
        {"label": _text(item.label, user), "href": reverse(item.url_name), "area": item.area}
        for item in visible
    ]
    # The current item is the longest link the path starts with (/users/invite/ is not /users/).
    matches = [link["href"] for link in links if request.path.startswith(link["href"])]
    matches = [href for href in matches if href != "/"]
    current = max(matches, key=len) if matches else request.path
    for link in links:
        link["current"] = link["href"] == current
    return links


def navigation_for(request) -> list[dict]:
    """The top-level entries the signed-in user may use, with the current one marked."""
    if not request.user.is_authenticated:
        return []
    entries: list[dict] = []
    areas: dict[str, dict] = {}
    for link in _links(request):
        if not link["area"]:
            entries.append({**link, "items": []})
            continue
        entry = areas.get(link["area"])
        if entry is None:
            label = _text(_area_labels.get(link["area"], link["area"]), request.user)
            entry = areas[link["area"]] = {"label": label, "href": link["href"], "items": []}
            entries.append(entry)
        entry["items"].append(link)
    for entry in entries:
        entry["current"] = entry.get("current") or any(item["current"] for item in entry["items"])
    return entries


def subnavigation_of(entries: list[dict]) -> dict | None:
    """The current area's pages (its label and items), when it has more than one."""
    current = next((entry for entry in entries if entry["current"]), None)
    if current is None or len(current["items"]) < 2:
        return None
    return {"label": current["label"], "items": current["items"]}
