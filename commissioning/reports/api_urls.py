"""The reports API, mounted at /api/v1/reports/ under the namespace `reports_api`."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from kernel.api.lookups import not_found

from .api import ReportRunViewSet

app_name = "reports_api"

router = DefaultRouter()
router.register("runs", ReportRunViewSet, basename="run")

urlpatterns = [*router.urls, re_path(r"", not_found)]
