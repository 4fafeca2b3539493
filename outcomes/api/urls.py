"""The outcomes API, mounted at /api/v1/outcomes/ under the namespace `outcomes_api`."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from kernel.api.lookups import not_found

from . import benchmarks, framework, progress, returns, targets

app_name = "outcomes_api"

MODULES = (framework, targets, returns, progress, benchmarks)

router = DefaultRouter()
for module in MODULES:
    module.register(router)

urlpatterns = [
    *(pattern for module in MODULES for pattern in module.urlpatterns),
    *router.urls,
    re_path(r"", not_found),
]
