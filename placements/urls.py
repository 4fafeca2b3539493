from django.urls import include, path

from .views import (
    agreement_templates,
    agreements,
    children,
    demand,
    evaluation,
    invitations,
    matching,
    placements,
    requests,
    savings,
)

app_name = "placements"

urlpatterns = [
    path("", include(children.urlpatterns)),
    path("", include(requests.urlpatterns)),
    path("", include(matching.urlpatterns)),
    path("", include(evaluation.urlpatterns)),
    path("", include(invitations.urlpatterns)),
    path("", include(placements.urlpatterns)),
    path("", include(savings.urlpatterns)),
    path("", include(agreements.urlpatterns)),
    path("", include(agreement_templates.urlpatterns)),
    path("", include(demand.urlpatterns)),
]
