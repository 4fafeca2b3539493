"""Dashboard panels and "Things to do": each app registers a function giving its part of the
dashboard (boroughs' page), so that page imports none of them (as with the navigation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# A panel function takes the request and returns a context with a "template", or None.
_panels: list[Callable] = []
# A to-do function takes the request and returns a list of Todo (empty when nothing is due).
_todos: list[Callable] = []


@dataclass(frozen=True)
class Todo:
    """One line of "Things to do": how many, what, and the page where they are done. `order`
    puts the most pressing first (overdue before due, due before soon)."""

    count: int
    label: str  # "{s}" marks where a plural takes an s: "placement request{s} to answer"
    url: str
    order: int = 50

    @property
    def text(self) -> str:
        return f"{self.count} {self.label.format(s='' if self.count == 1 else 's')}"


def register_panel(panel: Callable) -> None:
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request) -> list[dict]:
    return [context for panel in _panels if (context := panel(request)) is not None]


def register_todo(todo: Callable) -> None:
    if todo not in _todos:
        _todos.append(todo)


def todos_for(request) -> list[Todo]:
    """Everything waiting for the signed-in user, the most pressing first; nothing at zero."""
    if not request.user.is_authenticated:
        return []
    items = [item for todo in _todos for item in todo(request) if item.count > 0]
    return sorted(items, key=lambda item: (item.order, item.label))
