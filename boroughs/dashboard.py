"""Dashboard panels: each app registers a function giving its part of the dashboard, so this
app imports none of them (as with the navigation)."""

from __future__ import annotations

from collections.abc import Callable

# A panel function takes the request and returns a context with a "template", or None.
_panels: list[Callable] = []


def register_panel(panel: Callable) -> None:
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request) -> list[dict]:
    return [context for panel in _panels if (context := panel(request)) is not None]
