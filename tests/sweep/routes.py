"""Every route of the portal, read from the URLconf, and how to fill and judge it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.urls import URLResolver, get_resolver

from .audiences import Audience
from .expectations import CATCH_ALL, OUT_OF_SCOPE
from .table import ROUTES


# --- Walking the URLconf --------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    namespace: str | None
    name: str | None
    keywords: tuple[str, ...]
    callback: object = field(compare=False)
    prefix: str = ""

    @property
    def key(self) -> str:
        return f"{self.namespace}:{self.name}" if self.namespace else str(self.name)

    def __str__(self) -> str:
        return self.key

    @property
    def methods(self) -> list[str]:
        """What the view answers: a viewset route's actions, a class's handlers; a plain
        function is asked GET and POST (405 to POST is a refusal that leaks nothing)."""
        actions = getattr(self.callback, "actions", None)
        if actions:
            return sorted(method.upper() for method in actions)
        view = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)
        if view is None:
            return ["GET", "POST"]
        handlers = ("get", "post", "put", "patch", "delete")
        return [m.upper() for m in handlers if m in view.http_method_names and hasattr(view, m)]

    @property
    def is_function(self) -> bool:
        return getattr(self.callback, "view_class", None) is None and not hasattr(
            self.callback, "cls"
        )


def _walk(patterns, namespace, keywords, prefix):
    for pattern in patterns:
        found = keywords + tuple(pattern.pattern.regex.groupindex)
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _walk(pattern.url_patterns, inner or namespace, found, text)
        else:
            yield Route(namespace, pattern.name, found, pattern.callback, text)


def all_routes() -> list[Route]:
    """Every route once: a format-suffix twin (`.json`) is the same view, so it is folded in."""
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns, None, (), ""):
        if "format" in route.keywords or route.prefix.startswith(tuple(OUT_OF_SCOPE)):
            continue
        if route.name is None and getattr(route.callback, "__name__", "") == CATCH_ALL:
            continue
        if route.key not in seen:
            seen.add(route.key)
            routes.append(route)
    return routes


def entry(route: Route):
    """The table's line for the route; fails, saying how to teach the sweep, when there is none."""
    if route.name is None:
        raise LookupError(f"{route.prefix}: name the route, so that the sweep can reverse it")
    if route.key not in ROUTES:
        raise LookupError(
            f"{route} ({route.prefix}) is not in tests/sweep/table.py ROUTES: add it with the "
            "kind of object its id names (or None) and its audience"
        )
    return ROUTES[route.key]


def audience_for(route: Route, method: str) -> Audience:
    _, audience = entry(route)
    if isinstance(audience, dict):
        if method not in audience:
            raise LookupError(f"{route}: say who may {method} it in tests/sweep/table.py ROUTES")
        return audience[method]
    return audience


ID_KEYWORDS = ("public_id", "id", "pk", "ons_code", "slug", "token")
MISSING = {"ons_code": "E09999999", "slug": "no-such-strand", "token": "no-such-token"}


def url_kwargs(route: Route, world, *, missing: bool = False) -> dict:
    """The route's keywords filled with consortium A's objects (world.py); with `missing`, its
    id names an object that does not exist."""
    kind, _ = entry(route)
    values = {}
    for keyword in route.keywords:
        if keyword in world.keywords:
            values[keyword] = world.keywords[keyword]
        elif kind is not None and keyword in ID_KEYWORDS:
            values[keyword] = MISSING.get(keyword, uuid.uuid4()) if missing else world.key_of(kind)
        else:
            raise LookupError(
                f"{route} ({route.prefix}): the sweep does not know what <{keyword}> names: "
                "add its value to World.keywords (tests/sweep/build.py and its helpers)"
            )
    return values
