"""Placeholder: replaced by the reports owner."""

app_name = "reports"

urlpatterns: list = []
