from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """The outcomes framework, termly returns and provider benchmarking."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "outcomes"
