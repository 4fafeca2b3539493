"""Boroughs' API, mounted at /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("boroughs", views.BoroughViewSet, basename="borough")
router.register("strands", views.StrandViewSet, basename="strand")
router.register("users", views.UserViewSet, basename="user")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("threads", views.ThreadViewSet, basename="thread")

urlpatterns = [
    path("me/", views.me, name="api_me"),
    path("changes/", views.ChangeListView.as_view(), name="api_changes"),
    *router.urls,
]
