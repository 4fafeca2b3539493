"""Placeholder: replaced by the reports owner."""

from django.urls import re_path

from placements.api.urls import not_found

app_name = "reports_api"

urlpatterns: list = [re_path(r"", not_found)]
