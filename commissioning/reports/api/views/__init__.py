"""The reports API's views. This package exports what commissioning.reports.api.urls routes."""

from .runs import ReportRunViewSet

__all__ = ["ReportRunViewSet"]
