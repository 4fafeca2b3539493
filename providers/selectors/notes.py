"""Reads of the peer network's provider notes: every member borough's staff read their
consortium's notes; providers never see one."""

from __future__ import annotations

from django.db.models import QuerySet

from boroughs.models import User
from boroughs.threads import is_peer_member

from ..models import Provider, ProviderNote


def provider_note_list(
    *, actor: User, provider: Provider | None = None, category: str | None = None
) -> QuerySet[ProviderNote]:
    """The consortium's notes, newest first: every member borough's staff read them all."""
    notes = ProviderNote.objects.for_user(actor).select_related(
        "provider", "setting", "borough", "author"
    )
    if provider is not None:
        notes = notes.filter(provider=provider)
    if category:
        notes = notes.filter(category=category)
    return notes.order_by("-created_at", "-pk")


def noted_providers(*, actor: User) -> QuerySet[Provider]:
    """The providers the actor's consortium has notes about: the list's filter offers these."""
    if not is_peer_member(actor):
        return Provider.objects.none()
    return Provider.objects.filter(
        pk__in=ProviderNote.objects.for_user(actor).values("provider_id")
    ).order_by("legal_name")
