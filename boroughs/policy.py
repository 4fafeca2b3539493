"""Who may see and do what: the portal's one authorization policy (ADR 1).

Two questions are answered here and nowhere else:

- **Which rows** of a tenant-owned model a user may see. `actor_of(user)` reads who the user
  is once (operator, council staff of a borough, a provider's user, or nobody); `scope_of` turns
  that and the model's declared tenancy (`boroughs.tenancy.TenantQuerySet`) into a `Scope`,
  which every queryset's `for_user` applies and which also names cached figures (`Scope.key`).
- **Which actions** a user may take on one object: permissions named `<app>.<action>_<model>`,
  registered with `rules` by each app's `rules.py` and asked through `may` and `require`:
  services call `require` before they write, the API's `ActionPermission` calls `may` before it
  reads a request body, and templates call `{% may %}` to decide which buttons to show.

The rule for reading, written once:

- anonymous and inactive users see nothing; an active superuser (platform operator) sees all;
- council staff are users of a borough who hold a staff role: a user of a borough without one
  (a leaver whose roles were removed) sees nothing at all;
- council staff see their own borough's rows; the lead borough's analysts and consortium admins
  see their whole consortium's; rows shared by a consortium (strands, the DPS, the peer network)
  are seen by all its staff; nobody sees another consortium's;
- a provider's users see their own organisation's rows and what is open to the whole market.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import rules
from django.core.exceptions import FieldDoesNotExist

from kernel.errors import NotAllowed

from .choices import BOROUGH_STAFF_ROLES, CONSORTIUM_WIDE_ROLES

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

# Kinds of actor.
NOBODY, OPERATOR, COUNCIL, PROVIDER = "nobody", "operator", "council", "provider"
# Who, beyond a row's owners, reads every row of a model (`TenantQuerySet.open_to`).
COUNCIL_STAFF, PROVIDERS = "council", "providers"

MSG_NOT_ALLOWED = "Your role does not allow this"


@dataclass(frozen=True)
class Actor:
    """What the policy needs to know about a user, read once per user object."""

    kind: str
    user_id: int | None = None
    borough_id: int | None = None
    consortium_id: int | None = None
    provider_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    is_lead_borough: bool = False
    is_provider_admin: bool = False

    @property
    def is_council(self) -> bool:
        return self.kind == COUNCIL

    @property
    def is_provider(self) -> bool:
        return self.kind == PROVIDER

    @property
    def is_operator(self) -> bool:
        return self.kind == OPERATOR

    @property
    def sees_consortium(self) -> bool:
        """The lead borough's analysts and admins read the whole consortium's rows."""
        return self.is_council and self.is_lead_borough and bool(self.roles & CONSORTIUM_WIDE_ROLES)

    def has_role(self, *roles: str) -> bool:
        return self.is_council and bool(self.roles.intersection(roles))


NOBODY_ACTOR = Actor(kind=NOBODY)


def actor_of(user) -> Actor:
    """Who `user` is to the policy. Kept on the user object for the rest of its request."""
    if user is None:
        return NOBODY_ACTOR
    cached = user.__dict__.get("_policy_actor")
    if cached is None:
        cached = _read_actor(user)
        user.__dict__["_policy_actor"] = cached
    return cached


def forget_actor(user) -> None:
    """Drop what `actor_of` kept, after the user's roles or organisation change."""
    user.__dict__.pop("_policy_actor", None)
    user.__dict__.pop("roles", None)


def _read_actor(user) -> Actor:
    if not user.is_authenticated or not user.is_active:
        return NOBODY_ACTOR
    if user.is_superuser:
        return Actor(kind=OPERATOR, user_id=user.pk)
    roles = frozenset(user.roles)
    if user.borough_id is not None:
        if not roles & BOROUGH_STAFF_ROLES:
            return Actor(kind=NOBODY, user_id=user.pk)
        borough = user.borough
        return Actor(
            kind=COUNCIL,
            user_id=user.pk,
            borough_id=borough.pk,
            consortium_id=borough.consortium_id,
            roles=roles & BOROUGH_STAFF_ROLES,
            is_lead_borough=borough.consortium.lead_borough_id == borough.pk,
        )
    # The membership lives in providers (a higher app); the reverse relation reaches it.
    membership = getattr(user, "provider_membership", None)
    if membership is not None:
        return Actor(
            kind=PROVIDER,
            user_id=user.pk,
            provider_id=membership.provider_id,
            is_provider_admin=membership.is_provider_admin,
        )
    return Actor(kind=NOBODY, user_id=user.pk)


# --- Which rows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The rows one actor may see of one model: everything, nothing, or those of one owner.

    `by` is "borough", "consortium" or "provider"; `key` names the scope for caches, so cached
    figures are shared exactly by the people who may see the same rows.
    """

    everything: bool = False
    by: str | None = None
    owner_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.everything and self.by is None

    @property
    def key(self) -> str:
        if self.everything:
            return "all"
        return f"{self.by}:{self.owner_id}" if self.by else "none"


EVERYTHING, NOTHING = Scope(everything=True), Scope()


def scope_of(actor: Actor, tenancy) -> Scope:
    """The rows of a model with this tenancy (a `TenantQuerySet` class) the actor may see."""
    if actor.kind == OPERATOR:
        return EVERYTHING
    if actor.kind == PROVIDER:
        if tenancy.provider_path is not None:
            return Scope(by="provider", owner_id=actor.provider_id)
        return EVERYTHING if PROVIDERS in tenancy.open_to else NOTHING
    if actor.kind != COUNCIL:
        return NOTHING
    if tenancy.council_roles and not actor.roles & tenancy.council_roles:
        return NOTHING
    if tenancy.borough_path is not None:
        if actor.sees_consortium:
            return Scope(by="consortium", owner_id=actor.consortium_id)
        return Scope(by="borough", owner_id=actor.borough_id)
    if tenancy.consortium_path is not None:
        return Scope(by="consortium", owner_id=actor.consortium_id)
    return EVERYTHING if COUNCIL_STAFF in tenancy.open_to else NOTHING


def apply_scope(queryset: QuerySet, scope: Scope) -> QuerySet:
    """`queryset` narrowed to `scope`, through the tenancy paths its class declares."""
    if scope.everything:
        return queryset.all()
    if scope.is_empty:
        return queryset.none()
    tenancy = type(queryset)
    if scope.by == "provider":
        path = tenancy.provider_path
    elif scope.by == "borough":
        path = tenancy.borough_path
    elif tenancy.borough_path is not None:
        path = _join(tenancy.borough_path, "consortium")
    else:
        path = tenancy.consortium_path
    # An empty path is the row itself (a Borough's own borough is itself).
    lookup = {f"{path}_id" if path else "pk": scope.owner_id}
    if path and _crosses_many(queryset.model, path):
        # A to-many path would repeat rows: filter on a subquery of keys instead.
        keys = queryset.model._base_manager.filter(**lookup).values("pk")
        return queryset.filter(pk__in=keys)
    return queryset.filter(**lookup)


def _join(path: str, tail: str) -> str:
    return f"{path}__{tail}" if path else tail


@cache
def _crosses_many(model: type[Model], path: str) -> bool:
    for name in path.split("__"):
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if found.many_to_many or found.one_to_many:
            return True
        model = found.related_model
    return False


# --- Which actions --------------------------------------------------------------------------


_MESSAGES: dict[str, str] = {}


def permission(name: str, predicate, message: str = MSG_NOT_ALLOWED) -> None:
    """Register the action `name` (`<app>.<action>_<model>`), allowed when `predicate` holds,
    refused with `message`. Each app registers its actions in its `rules.py`."""
    rules.add_perm(name, predicate)
    _MESSAGES[name] = message


def message_for(name: str) -> str:
    return _MESSAGES.get(name, MSG_NOT_ALLOWED)


def may(user, permission: str, obj=None) -> bool:
    """Whether `user` may take the action `permission` names on `obj` (rules' permission set).

    Unlike `User.has_perm`, an operator gets no blanket yes: operators work in the Django admin,
    not in the commissioning decisions. An unknown permission is refused.
    """
    return rules.has_perm(permission, user, obj)


def require(user, permission: str, obj=None) -> None:
    """Raise NotAllowed (403), with the action's message, unless `user` may take it on `obj`."""
    if not may(user, permission, obj):
        raise NotAllowed(message_for(permission))


# Predicates every app's rules build on.


@rules.predicate
def is_council(user) -> bool:
    return actor_of(user).is_council


@rules.predicate
def is_provider_user(user) -> bool:
    return actor_of(user).is_provider


def has_role(*roles: str):
    """A predicate: council staff holding any of `roles`."""
    return rules.predicate(lambda user: actor_of(user).has_role(*roles), name=f"has_role{roles}")


def of_consortium(consortium_id_of):
    """A predicate: the object belongs to the user's consortium (`consortium_id_of(obj)`)."""

    def check(user, obj) -> bool:
        actor = actor_of(user)
        return actor.is_council and obj is not None and consortium_id_of(obj) == actor.consortium_id

    return rules.predicate(check, name="of_consortium")


def of_borough(borough_id_of):
    """A predicate: the object belongs to the user's own borough (`borough_id_of(obj)`)."""

    def check(user, obj) -> bool:
        actor = actor_of(user)
        return actor.is_council and obj is not None and borough_id_of(obj) == actor.borough_id

    return rules.predicate(check, name="of_borough")


def of_provider(provider_id_of):
    """A predicate: the object belongs to the user's provider organisation."""

    def check(user, obj) -> bool:
        actor = actor_of(user)
        return actor.is_provider and obj is not None and provider_id_of(obj) == actor.provider_id

    return rules.predicate(check, name="of_provider")


@rules.predicate
def is_lead_borough(user) -> bool:
    return actor_of(user).is_lead_borough
