"""Pages for providers: register, organisation, settings, apply, upload, clarifications."""

from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("applications/<uuid:public_id>/", TemplateView.as_view(), name="application_detail"),
]
