from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    """The project itself, as an app: the composition root for commands that span every app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "commissioning"
