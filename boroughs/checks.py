"""System check: every tenant-owned model is scoped (boroughs.tenancy, ADR 1).

A model of the project's apps is tenant-owned when any of its foreign keys, whatever it is
called, leads to a borough, a consortium, a provider or a user, or to another tenant-owned
model. Each must have a default manager built from `TenantQuerySet` whose tenancy paths are
real lookups ending at the model they name (E001), so `for_user` and the fail-closed guard
cover it.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from .tenancy import TenantQuerySet

PROJECT_APPS = {
    "boroughs",
    "providers",
    "placements",
    "outcomes",
    "reports",
    "dataprotection",
    "commissioning",
}
ROOTS = ("boroughs.Borough", "boroughs.Consortium", "boroughs.User", "providers.Provider")
PATH_ENDS = {
    "borough_path": "boroughs.Borough",
    "consortium_path": "boroughs.Consortium",
    "provider_path": "providers.Provider",
}


def tenant_owned_models() -> list[type]:
    """The project's models that belong, through any foreign key, to a tenant."""
    roots = {apps.get_model(label) for label in ROOTS if _installed(label)}
    owned = set(roots)
    candidates = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in owned:
                continue
            targets = {f.related_model for f in model._meta.fields if f.is_relation}
            if targets & owned:
                owned.add(model)
                changed = True
    return [m for m in candidates if m in owned]


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def tenancy_problems(model) -> list[str]:
    """What is wrong with a tenant-owned model's scoping (nothing: an empty list)."""
    queryset_class = type(model._default_manager.get_queryset())
    if not issubclass(queryset_class, TenantQuerySet):
        return ["its default manager is not built from boroughs.tenancy.TenantQuerySet"]
    problems = []
    declared = False
    for attribute, end in PATH_ENDS.items():
        path = getattr(queryset_class, attribute)
        if path is None:
            continue
        declared = True
        reached = _follow(model, path)
        if reached is None or reached._meta.label != end:
            problems.append(f"{attribute} {path!r} does not lead to {end}")
    if not declared and not queryset_class.open_to:
        problems.append("its queryset declares no tenancy path")
    return problems


def _follow(model, path: str):
    for name in filter(None, path.split("__")):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = field.related_model
        if model is None:
            return None
    return model


@checks.register(checks.Tags.security)
def check_tenant_owned_models_are_scoped(app_configs, **kwargs):
    return [
        checks.Error(
            f"{model._meta.label} belongs to a tenant but {problem}.",
            hint="Give it a manager built from a boroughs.tenancy.TenantQuerySet subclass "
            "that declares how its rows reach their owners.",
            obj=model,
            id="boroughs.E001",
        )
        for model in tenant_owned_models()
        for problem in tenancy_problems(model)
    ]
