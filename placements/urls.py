from django.urls import include, path

from .views import (
    agreement_templates,
    agreements,
    charges,
    children,
    demand,
    evaluation,
    invitations,
    invoice_finance,
    invoice_settings,
    invoices,
    market,
    matching,
    placements,
    price_bands,
    requests,
    returns,
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
    path("", include(charges.urlpatterns)),
    path("", include(savings.urlpatterns)),
    path("", include(agreements.urlpatterns)),
    path("", include(agreement_templates.urlpatterns)),
    path("", include(demand.urlpatterns)),
    path("", include(invoice_finance.urlpatterns)),
    path("", include(invoice_settings.urlpatterns)),
    path("", include(invoices.urlpatterns)),
    path("", include(market.urlpatterns)),
    path("", include(sufficiency.urlpatterns)),
    path("", include(price_bands.urlpatterns)),
    path("", include(standard.urlpatterns)),
    path("", include(returns.urlpatterns)),
]
