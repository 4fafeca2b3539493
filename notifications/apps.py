from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The outbox of side effects (emails, publications, report builds) and its relay."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
