"""The DPS API: DPSs and lots, providers, settings, applications and their workflow, evidence,
clarifications, enrolments and the peer network's provider notes.

Every viewset reads through a `for_user` queryset (providers.api.querysets), so another
provider's row is simply absent and answers 404, exactly like a missing one. Writes call
providers.services; its domain errors become 400/403/409 in kernel.api.base.

This package exports what providers.api.urls routes.
"""

from .applications import ApplicationViewSet, ClarificationViewSet
from .documents_enrolments import DocumentViewSet, EnrolmentViewSet
from .dps_providers import DPSViewSet, ProviderViewSet, SettingViewSet
from .notes import ProviderNoteViewSet

__all__ = [
    "ApplicationViewSet",
    "ClarificationViewSet",
    "DPSViewSet",
    "DocumentViewSet",
    "EnrolmentViewSet",
    "ProviderNoteViewSet",
    "ProviderViewSet",
    "SettingViewSet",
]
