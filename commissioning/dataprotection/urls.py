from .views import urlpatterns

app_name = "dataprotection"

__all__ = ["app_name", "urlpatterns"]
