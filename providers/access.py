"""Who may do what on the DPS, and the only ways to fetch its rows by public id.

Every `access_*` answers 404 both for a row that does not exist and for one the actor may not
see (another provider's application or document), so ids leak nothing.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from boroughs import policy

from . import rules
from .models import Application, EvidenceDocument, EvidenceQuerySet, Provider, Setting


def is_reviewer(user) -> bool:
    """Accreditation is run by the lead borough's commissioners and the consortium's admins
    (of their own consortium's DPS: providers.rules)."""
    return rules.is_reviewer.test(user)


def is_provider_user(user) -> bool:
    return policy.actor_of(user).is_provider


def can_read_documents(user) -> bool:
    """Evidence is for the provider's own users and the consortium's commissioners and admins
    (EvidenceDocument's tenancy says which documents)."""
    return not policy.scope_of(policy.actor_of(user), EvidenceQuerySet).is_empty


def access_provider(actor, public_id) -> Provider:
    return get_object_or_404(Provider.objects.for_user(actor), public_id=public_id)


def access_setting(actor, public_id) -> Setting:
    return get_object_or_404(Setting.objects.for_user(actor), public_id=public_id)


def access_application(actor, public_id) -> Application:
    """The application if it is the actor's provider's, or the actor reviews; else 404."""
    return get_object_or_404(
        Application.objects.for_user(actor)
        .select_related("provider", "dps")
        .prefetch_related("lots", "settings"),
        public_id=public_id,
    )


def access_document(actor, public_id) -> EvidenceDocument:
    """The document if the actor's provider owns it, or the actor is a commissioner or admin of
    a consortium the provider applied to; else 404."""
    return get_object_or_404(EvidenceDocument.objects.for_user(actor), public_id=public_id)
