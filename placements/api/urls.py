"""The placements API, mounted at /api/v1/placements/ under the namespace `placements_api`."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import DefaultRouter

from . import views

app_name = "placements_api"

router = DefaultRouter()
router.register("children", views.ChildViewSet, basename="child")
router.register("requests", views.RequestViewSet, basename="request")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("questions", views.QuestionViewSet, basename="question")
router.register("placements", views.PlacementViewSet, basename="placement")


@csrf_exempt  # it changes nothing, and a token-authenticated POST carries no CSRF token
def not_found(request, *args, **kwargs):
    # An id no route accepts still gets the API's JSON 404, not an HTML page.
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("savings/", views.SavingsView.as_view(), name="savings"),
    *router.urls,
    re_path(r"", not_found),
]
