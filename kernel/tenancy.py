"""Fail-closed querysets: a tenant-owned queryset written in presentation code (a view, an API
view or serializer, a form, a filter, a template) that is evaluated without being scoped raises
`UnscopedQuery` instead of returning every tenant's rows (ADR 1).

This is the mechanism; the rule of who sees which rows is an app's (`boroughs.tenancy`'s
`TenantQuerySet.for_user`, which asks `boroughs.policy`). Presentation code reads through
`for_user`, a selector or an `access_*` function; selectors, services, tasks, commands and the
Django admin are trusted to scope (or not) on purpose and are not checked. A related manager
whose rows belong to the same owner as its parent (a placement's fee changes) inherits the
parent's scope; one that does not (a setting's enrolments, which belong to each consortium) must
be scoped too.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Self

from django.db import models

# The project's own packages: the code whose modules' names say whether they present.
PROJECT_PACKAGES = frozenset(
    {"kernel", "boroughs", "providers", "placements", "outcomes", "commissioning"}
)
# Frames passed over when looking for who wrote a query: the ORM and helpers that call it.
_PASS_OVER = ("django.db.", "django.shortcuts", "django.utils.", __name__)
# Third-party code that only runs on behalf of presentation code.
_PRESENTATION_LIBRARIES = (
    "django.template",
    "django.views",
    "django.forms",
    "rest_framework",
    "django_filters",
    "crispy_forms",
)
# Modules of the project's apps that present: pages, API, forms, templates' helpers.
_PRESENTATION_PREFIXES = (
    "views",
    "api",
    "forms",
    "formviews",
    "pages",
    "serializers",
    "templatetags",
)
_PRESENTATION_MODULES = frozenset({"context_processors"})
# Reads written for presentation but trusted to scope, like selectors (an API's querysets).
_READ_MODULES = frozenset({"selectors", "querysets", "access"})

_trusted: ContextVar[bool] = ContextVar("tenancy_trusted", default=False)


class UnscopedQuery(RuntimeError):
    """A tenant-owned queryset written in presentation code was read without `for_user`."""


@contextmanager
def trusted():
    """Reads inside are trusted code's own (the prefetches of a selector's queryset)."""
    token = _trusted.set(True)
    try:
        yield
    finally:
        _trusted.reset(token)


def written_in_presentation(depth: int = 2) -> bool:
    """Whether the code that asked for a queryset is presentation code (see module doc)."""
    if _trusted.get():
        return False
    frame = sys._getframe(depth)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith(_PASS_OVER):
            frame = frame.f_back
            continue
        package, _, rest = module.partition(".")
        if package in PROJECT_PACKAGES:
            parts = rest.split(".")
            if parts[-1] in _READ_MODULES:
                return False
            return any(
                part.startswith(_PRESENTATION_PREFIXES) or part in _PRESENTATION_MODULES
                for part in parts
            )
        return module.startswith(_PRESENTATION_LIBRARIES)
    return False


class TenantManagerMixin:
    """Marks querysets asked for by presentation code, unless they inherit a parent's scope."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if written_in_presentation(depth=2) and not self._inherits_scope(queryset):
            queryset._written_in_presentation = True
        return queryset

    def _inherits_scope(self, queryset) -> bool:
        # A reverse foreign-key manager (`placement.fees`) reads its parent's children; they
        # belong to the parent's owner when every tenancy path runs through that key.
        relation = getattr(self, "field", None)
        if relation is None or getattr(self, "instance", None) is None:
            return False
        name = relation.name
        paths = [p for p in type(queryset).tenancy_paths() if p]
        return bool(paths) and all(p == name or p.startswith(f"{name}__") for p in paths)


class TenantManager(TenantManagerMixin, models.Manager):
    pass


class FailClosedQuerySet(models.QuerySet):
    """Rows that must be scoped before presentation code reads them. Subclasses say how their
    rows reach their owners (`tenancy_paths`) and scope them (`for_user`, then `mark_scoped`)."""

    _written_in_presentation = False
    _scoped = False

    @classmethod
    def tenancy_paths(cls) -> tuple[str | None, ...]:
        """Lookups from this model to its owners (a reverse manager through one of them
        inherits its parent's scope)."""
        return ()

    @classmethod
    def as_manager(cls):
        manager = TenantManager.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True  # type: ignore[attr-defined]

    def mark_scoped(self) -> Self:
        """This queryset has been narrowed to what one user may see: presentation may read it."""
        self._scoped = True
        return self

    # --- Fail closed ---------------------------------------------------------------------------

    def _clone(self):
        clone = super()._clone()
        clone._written_in_presentation = self._written_in_presentation
        clone._scoped = self._scoped
        return clone

    def _refuse_unscoped(self) -> None:
        if self._written_in_presentation and not self._scoped and not self.query.is_empty():
            raise UnscopedQuery(
                f"{self.model._meta.label} rows were read from presentation code without "
                "for_user(): read them through for_user(), a selector or an access_* function"
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._refuse_unscoped()
        super()._fetch_all()

    def _prefetch_related_objects(self):
        if self._written_in_presentation:
            super()._prefetch_related_objects()
            return
        with trusted():
            super()._prefetch_related_objects()

    def iterator(self, *args, **kwargs):
        self._refuse_unscoped()
        return super().iterator(*args, **kwargs)

    def count(self):
        if self._result_cache is None:
            self._refuse_unscoped()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._refuse_unscoped()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._refuse_unscoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._refuse_unscoped()
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self):
        self._refuse_unscoped()
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]
