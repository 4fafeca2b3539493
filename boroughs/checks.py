"""System check: a borough-owned model must be scoped (see boroughs.tenancy)."""

from django.apps import apps
from django.core import checks

from .tenancy import ScopedQuerySet

PROJECT_APPS = {"boroughs", "providers", "placements", "outcomes", "reports", "commissioning"}


def unscoped_borough_owned_models() -> list[type]:
    """Models with a `borough` foreign key whose default manager has no `for_user`."""
    from .models import Borough

    found = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        field = next((f for f in model._meta.fields if f.name == "borough"), None)
        if field is None or field.related_model is not Borough:
            continue
        queryset = model._default_manager.get_queryset()
        if not isinstance(queryset, ScopedQuerySet):
            found.append(model)
    return found


@checks.register(checks.Tags.security)
def check_borough_owned_models_are_scoped(app_configs, **kwargs):
    return [
        checks.Error(
            f"{model._meta.label} belongs to a borough but its default manager is not scoped.",
            hint="Build its manager from boroughs.tenancy.BoroughOwnedQuerySet.",
            obj=model,
            id="boroughs.E001",
        )
        for model in unscoped_borough_owned_models()
    ]
