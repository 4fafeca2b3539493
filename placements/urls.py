from django.urls import include, path

from .views import (
    children,
    demand,
    evaluation,
    invitations,
    market,
    matching,
    placements,
    price_bands,
    requests,
    savings,
    standard,
    sufficiency,
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
    path("", include(demand.urlpatterns)),
    path("", include(market.urlpatterns)),
    path("", include(sufficiency.urlpatterns)),
    path("", include(price_bands.urlpatterns)),
    path("", include(standard.urlpatterns)),
]
