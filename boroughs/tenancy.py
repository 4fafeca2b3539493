"""Tenancy: the one way borough-owned rows are scoped to the person asking.

Every borough-owned model's default manager is built from `BoroughOwnedQuerySet` (or another
`ScopedQuerySet`) and every view and API viewset reads through `for_user(user)`. The rule:

- an anonymous or inactive user sees nothing;
- a superuser (platform operator, Django admin) sees everything;
- lead-borough analysts and consortium admins see their whole consortium;
- everyone else sees their own borough's rows only; a user with no borough sees none.

Another tenant's object is therefore simply absent from the queryset, so fetching it by id
answers the same 404 as a missing one. The `boroughs.E001` system check fails when a model with
a `borough` foreign key has a default manager without `for_user`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what one user may see."""

    def for_user(self, user: User | AnonymousUser) -> Self:
        raise NotImplementedError


class BoroughOwnedQuerySet(ScopedQuerySet):
    """Rows owned by one borough, reached through `borough_path` (a lookup ending at Borough)."""

    borough_path = "borough"

    def for_user(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.borough_id is None:
            return self.none()
        if user.sees_whole_consortium:
            return self.filter(**{f"{self.borough_path}__consortium_id": user.consortium_id})
        return self.filter(**{f"{self.borough_path}_id": user.borough_id})
