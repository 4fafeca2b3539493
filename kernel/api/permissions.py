"""Permissions an app's API builds from its own rules (the global ones are boroughs.api's)."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.permissions import BasePermission


def allowing(predicate: Callable[[object], bool], message: str) -> type[BasePermission]:
    """A permission that lets through only the users `predicate(user)` holds for (403 with
    `message` for the rest), like `allowing(is_borough_staff, "Only council staff can ...")`."""

    class Allowing(BasePermission):
        def has_permission(self, request, view) -> bool:
            return predicate(request.user)

    Allowing.message = message
    Allowing.__name__ = Allowing.__qualname__ = f"Allowing_{predicate.__name__}"
    return Allowing
