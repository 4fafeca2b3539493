"""The placements API, mounted at /api/v1/placements/ under the namespace `placements_api`."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from kernel.api.lookups import not_found

from . import views

app_name = "placements_api"

router = DefaultRouter()
router.register("children", views.ChildViewSet, basename="child")
router.register("requests", views.RequestViewSet, basename="request")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("questions", views.QuestionViewSet, basename="question")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("invoices", views.InvoiceViewSet, basename="invoice")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("variations", views.VariationViewSet, basename="variation")


urlpatterns = [
    path("savings/", views.SavingsView.as_view(), name="savings"),
    path("standard/", views.StandardExportView.as_view(), name="standard_export"),
    path("returns/sen2/", views.Sen2ExtractView.as_view(), name="returns_sen2"),
    path("returns/sen2/reconcile/", views.Sen2ReconcileView.as_view(), name="returns_reconcile"),
    path("returns/ssda903/", views.Ssda903ExtractView.as_view(), name="returns_ssda903"),
    path(
        "requests/<uuid:public_id>/standard/",
        views.StandardImportView.as_view(),
        name="request_standard",
    ),
    *router.urls,
    re_path(r"", not_found),
]
