"""Panels on a placement's page that higher apps contribute (outcomes: targets and progress), so
placements imports none of them, as with the dashboard panels."""

from __future__ import annotations

from collections.abc import Callable

# A panel function takes (request, placement) and returns a context with a "template", or None.
_panels: list[Callable] = []


def register_placement_panel(panel: Callable) -> None:
    if panel not in _panels:
        _panels.append(panel)


def placement_panels_for(request, placement) -> list[dict]:
    return [context for panel in _panels if (context := panel(request, placement)) is not None]
