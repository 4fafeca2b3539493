from django.urls import include, path

from .views import benchmarks, framework, progress, returns, targets

app_name = "outcomes"

urlpatterns = [
    path("", include(module.urlpatterns))
    for module in (framework, targets, returns, progress, benchmarks)
]
