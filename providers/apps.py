from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    """The dynamic purchasing system: providers, settings, lots, accreditation, enrolment."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "providers"
