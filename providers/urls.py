from django.urls import include, path

from .views import (
    application_sections,
    applications,
    colleagues,
    directory,
    documents,
    evidence,
    groups,
    manage,
    notes,
    organisations,
    provider,
    review,
)

app_name = "providers"

urlpatterns = [
    path("", include(provider.urlpatterns)),
    path("", include(applications.urlpatterns)),
    path("", include(application_sections.urlpatterns)),
    path("", include(review.urlpatterns)),
    path("", include(directory.urlpatterns)),
    path("", include(documents.urlpatterns)),
    path("", include(evidence.urlpatterns)),
    path("", include(colleagues.urlpatterns)),
    path("", include(organisations.urlpatterns)),
    path("", include(manage.urlpatterns)),
    path("", include(notes.urlpatterns)),
    path("", include(groups.urlpatterns)),
]
