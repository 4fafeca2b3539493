"""The DPS API, mounted at /api/v1/dps/ under the namespace `dps_api`."""

from django.http import JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import DefaultRouter

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


@csrf_exempt  # it changes nothing, and a token-authenticated POST carries no CSRF token
def not_found(request, *args, **kwargs):
    # An id no route accepts (`applications/0.5/submit/`) still gets the API's JSON 404,
    # not the HTML page an integration cannot read.
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [*router.urls, re_path(r"", not_found)]
