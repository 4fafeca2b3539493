from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    """Subject access exports of a child's record, and anonymisation after the retention period."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "commissioning.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from kernel.panels import register_child_panel

        from . import rules  # noqa: F401  (registers the app's actions with the policy)
        from .views import subject_access_panel

        register_child_panel(subject_access_panel)
