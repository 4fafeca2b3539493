"""Report pages, mounted at /reports/ under the namespace `reports`."""

from .views import urlpatterns as urlpatterns

app_name = "reports"
