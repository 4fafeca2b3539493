"""The DPS API, mounted at /api/v1/dps/ under the namespace `dps_api`."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from kernel.api.lookups import not_found

from . import views

app_name = "dps_api"

router = DefaultRouter()
router.register("dps", views.DPSViewSet, basename="dps")
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("settings", views.SettingViewSet, basename="setting")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("clarifications", views.ClarificationViewSet, basename="clarification")
router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")
router.register("notes", views.ProviderNoteViewSet, basename="note")


urlpatterns = [*router.urls, re_path(r"", not_found)]
