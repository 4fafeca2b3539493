from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Report runs: analysts ask, Celery workers build the file, the page follows its progress."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "commissioning.reports"
    label = "reports"

    def ready(self) -> None:
        from kernel.navigation import register

        from . import rules  # noqa: F401  (registers the app's actions with the policy)
        from .views import NAV

        register(*NAV)
