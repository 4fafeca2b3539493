from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    """Consortia, strands, boroughs, users, roles and the tenancy every other app relies on."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "boroughs"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the tenancy system check)
