"""Who may do what on the DPS, and the only ways to fetch its rows by public id.

Every `access_*` answers 404 both for a row that does not exist and for one the actor may not
see (another provider's application or document), so ids leak nothing.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from boroughs.choices import Role

from .models import Application, EvidenceDocument, Provider, Setting, provider_id_for


def is_reviewer(user) -> bool:
    """Accreditation is run by the lead borough's commissioners and the consortium admins."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.CONSORTIUM_ADMIN):
        return True
    return user.has_role(Role.COMMISSIONER) and user.borough_id is not None and user.borough.is_lead


def is_provider_user(user) -> bool:
    return provider_id_for(user) is not None


def can_read_documents(user) -> bool:
    """Evidence is for the provider's own users and the consortium's commissioners."""
    return is_provider_user(user) or user.has_role(Role.COMMISSIONER, Role.CONSORTIUM_ADMIN)


def access_provider(actor, public_id) -> Provider:
    return get_object_or_404(Provider.objects.for_user(actor), public_id=public_id)


def access_setting(actor, public_id) -> Setting:
    return get_object_or_404(Setting.objects.for_user(actor), public_id=public_id)


def access_application(actor, public_id) -> Application:
    """The application if it is the actor's provider's, or the actor reviews; else 404."""
    return get_object_or_404(
        Application.objects.for_user(actor).select_related("provider", "dps"), public_id=public_id
    )


def access_document(actor, public_id) -> EvidenceDocument:
    """The document if the actor's provider owns it or the actor is a commissioner; else 404."""
    if not can_read_documents(actor):
        raise Http404
    return get_object_or_404(EvidenceDocument.objects.for_user(actor), public_id=public_id)
