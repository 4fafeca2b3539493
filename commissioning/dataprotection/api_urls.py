"""The data protection API, mounted at /api/v1/data-protection/ (namespace `dataprotection_api`)."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from kernel.api.lookups import not_found

from .api import SubjectAccessExportViewSet

app_name = "dataprotection_api"

router = DefaultRouter()
router.register("subject-access", SubjectAccessExportViewSet, basename="subject-access")

urlpatterns = [*router.urls, re_path(r"", not_found)]
