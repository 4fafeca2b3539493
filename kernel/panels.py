"""Panels that higher apps contribute to placements' pages, so placements imports none of them,
as with the dashboard panels (kernel.dashboard): on a placement's page (outcomes: targets and progress) and on a
child's record (commissioning.dataprotection: the subject access export)."""

from __future__ import annotations

from collections.abc import Callable

# A panel function takes (request, placement) and returns a context with a "template", or None.
_panels: list[Callable] = []
# A child panel function takes (request, child) and returns the same, or None.
_child_panels: list[Callable] = []


def register_placement_panel(panel: Callable) -> None:
    if panel not in _panels:
        _panels.append(panel)


def placement_panels_for(request, placement) -> list[dict]:
    return [context for panel in _panels if (context := panel(request, placement)) is not None]


def register_child_panel(panel: Callable) -> None:
    if panel not in _child_panels:
        _child_panels.append(panel)


def child_panels_for(request, child) -> list[dict]:
    return [context for panel in _child_panels if (context := panel(request, child)) is not None]
