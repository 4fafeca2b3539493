"""Pages for reviewers (lead-borough commissioners, consortium admins): queue and review."""

from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("accreditation/<uuid:public_id>/", TemplateView.as_view(), name="review"),
]
