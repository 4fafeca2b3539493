"""Tenancy: every tenant-owned model's queryset says how its rows reach their owners, and
refuses to be read from a page unscoped (kernel.tenancy, ADR 1).

A `TenantQuerySet` subclass declares its tenancy as lookups (`borough_path`, `consortium_path`,
`provider_path`), who else reads every row (`open_to`) and which staff roles may read at all
(`council_roles`). `for_user(user)` applies the one rule in `boroughs.policy`, so another
tenant's object is simply absent and fetching it by id answers the same 404 as a missing one.

**Fail closed** (kernel.tenancy): a queryset written in presentation code and evaluated
without `for_user` raises `UnscopedQuery` instead of returning every tenant's rows.

The `boroughs.E001` check fails when a model that belongs to a borough, a consortium or a
provider (through any foreign key) has a manager that is not a `TenantQuerySet`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from kernel.tenancy import FailClosedQuerySet

from . import policy

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class TenantQuerySet(FailClosedQuerySet):
    """Rows owned by a borough, a consortium or a provider; see the module doc and ADR 1."""

    # Lookups from this model to its owners; None where it has no such owner.
    borough_path: str | None = None
    consortium_path: str | None = None
    provider_path: str | None = None
    # Who, beyond the owners, reads every row: policy.COUNCIL_STAFF, policy.PROVIDERS.
    open_to: frozenset[str] = frozenset()
    # Staff roles that may read these rows at all (empty: every staff role).
    council_roles: frozenset[str] = frozenset()

    @classmethod
    def tenancy_paths(cls) -> tuple[str | None, ...]:
        return (cls.borough_path, cls.consortium_path, cls.provider_path)

    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        """The rows `user` may see (boroughs.policy)."""
        return self.scoped_for(policy.actor_of(user)).mark_scoped()

    def scoped_for(self, actor: policy.Actor) -> Self:
        """Override only for a rule particular to one model (see ReportRunQuerySet)."""
        scoped = policy.apply_scope(self, policy.scope_of(actor, type(self)))
        if actor.is_provider:
            scoped = scoped.for_provider()
        return scoped

    def for_provider(self) -> Self:
        """A further limit on what a provider sees of its own rows (none by default)."""
        return self

    @classmethod
    def scope_key(cls, user) -> str:
        """A name for the rows `for_user(user)` answers, by the same rule, to cache them by."""
        return f"{cls.__name__}:{policy.scope_of(policy.actor_of(user), cls).key}"


class BoroughOwnedQuerySet(TenantQuerySet):
    """Rows owned by one borough, reached through `borough_path` (a lookup ending at Borough)."""

    borough_path = "borough"


class ConsortiumStaffQuerySet(TenantQuerySet):
    """Rows a consortium's council staff share, whatever their borough; nobody else's."""

    consortium_path = "consortium"


class ConsortiumAndMarketQuerySet(TenantQuerySet):
    """A consortium's rows its staff read and every provider reads: the market is open."""

    consortium_path = "consortium"
    open_to = frozenset({policy.PROVIDERS})
