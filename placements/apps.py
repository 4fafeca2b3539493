from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    """Children, placement requests, matching, offers, awards, placements and savings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "placements"
