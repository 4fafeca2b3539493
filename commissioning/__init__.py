"""The project package: settings, URLs, the Celery app and, in reports/, programme-wide reports."""

from .celery import app as celery_app

__all__ = ("celery_app",)
