"""The placements API: children, requests and their call-off, invitations and offers, questions,
placements and savings, for case-management systems.

Every viewset reads through placements.api.querysets (placements.selectors, so `for_user`);
objects are fetched by public id through placements.access (see `base`). Writes call
placements.services; their refusals become 400/403/409 in kernel.api.base. Providers see
invitations and placements through their own serializers, with no child identity.

This package exports what placements.api.urls routes.
"""

from .agreements import AgreementViewSet, VariationViewSet
from .children_requests import ChildViewSet, RequestViewSet
from .invitations_questions import InvitationViewSet, QuestionViewSet
from .invoices import InvoiceViewSet
from .placements_savings import PlacementViewSet, SavingsView
from .returns import Sen2ExtractView, Sen2ReconcileView, Ssda903ExtractView
from .standard import StandardExportView, StandardImportView

__all__ = [
    "AgreementViewSet",
    "ChildViewSet",
    "InvitationViewSet",
    "InvoiceViewSet",
    "PlacementViewSet",
    "QuestionViewSet",
    "RequestViewSet",
    "SavingsView",
    "Sen2ExtractView",
    "Sen2ReconcileView",
    "Ssda903ExtractView",
    "StandardExportView",
    "StandardImportView",
    "VariationViewSet",
]
