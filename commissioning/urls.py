from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

# The admin signs in through allauth too, so MFA cannot be skipped by using /admin/login/.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Commissioning portal administration"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),  # readiness, as load balancers probe it
    path("healthz/live", views.healthz_live, name="healthz_live"),
    path("healthz/ready", views.healthz_ready, name="healthz_ready"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/dps/", include("providers.api.urls")),
    path("api/v1/placements/", include("placements.api.urls")),
    path("api/v1/outcomes/", include("outcomes.api.urls")),
    path("api/v1/reports/", include("commissioning.reports.api.urls")),
    path("api/v1/data-protection/", include("commissioning.dataprotection.api_urls")),
    path("api/v1/", include("boroughs.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("dps/", include("providers.urls")),
    path("placements/", include("placements.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reports/", include("commissioning.reports.urls")),
    path("data-protection/", include("commissioning.dataprotection.urls")),
    path("notices/", include("commissioning.notices.urls")),
    path("", include("boroughs.urls")),
]

handler400 = "commissioning.limits.bad_request"  # a body found too large while read: 413
handler403 = "django.views.defaults.permission_denied"
handler500 = "commissioning.views.server_error"  # the database gone: 503, try again
