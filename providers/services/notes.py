"""Provider notes of the peer network: what member boroughs tell each other about a provider or
one of its settings (a quality concern, good practice, an Ofsted change, a price change).

Council staff of every member borough read and add them; providers never see them. A note never
identifies a child: its title and body go through boroughs.privacy, whose one registry of
checks (`register_note_check`) placements adds its children's references and names to.

The boroughs that use the provider are emailed about a new note. Which boroughs use it is
placements' data (active placements), so placements registers a function that answers them
(`register_note_audience`); this app imports nothing of it.

The reads are providers.selectors.notes; a note by its public id is providers.access's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from boroughs import privacy
from boroughs.access import require_peer_member
from boroughs.models import User
from boroughs.services.threads import (
    BODY_MAX,
    MSG_ENTER_MESSAGE,
    MSG_ENTER_TITLE,
    TITLE_MAX,
    clean_text,
)
from kernel.errors import DomainError

from .. import notifications
from ..models import NoteCategory, Provider, ProviderNote, Setting

MSG_SELECT_CATEGORY = "Select what the note is about"
MSG_SETTING_NOT_PROVIDERS = "Select a setting the provider runs, or no setting"

# The one registry of text checks, shared with boroughs' threads.
register_note_check = privacy.register_text_check

# An audience function takes a provider's id and answers the ids of the boroughs that use it.
NoteAudience = Callable[[int], set[int]]
_audiences: list[NoteAudience] = []
_muted: ContextVar[bool] = ContextVar("provider_note_emails_muted", default=False)


def register_note_audience(audience: NoteAudience) -> None:
    """Called from a higher app's AppConfig.ready() (placements: boroughs placing there)."""
    if audience not in _audiences:
        _audiences.append(audience)


def note_audience_borough_ids(provider_id: int) -> set[int]:
    """The boroughs told about a new note on the provider: those the registered functions name."""
    found: set[int] = set()
    for audience in _audiences:
        found |= set(audience(provider_id))
    return found


@contextmanager
def notes_muted() -> Iterator[None]:
    """Send no emails inside this block: for loading history (the demo), not for users."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


@transaction.atomic
def provider_note_create(
    *,
    actor: User,
    provider: Provider,
    setting: Setting | None,
    category: str,
    title: str,
    body: str,
) -> ProviderNote:
    """Share a note about a provider (or one of its settings) with the actor's consortium.

    Side effect, on commit: the commissioners of every borough with an active placement at the
    provider (but not the author) are emailed that a note was added (providers.tasks).
    """
    require_peer_member(actor)
    if category not in NoteCategory.values:
        raise DomainError(MSG_SELECT_CATEGORY, field="category")
    if setting is not None and setting.provider_id != provider.pk:
        raise DomainError(MSG_SETTING_NOT_PROVIDERS, field="setting")
    consortium_id = actor.consortium_id
    title = clean_text(
        title, field="title", consortium_id=consortium_id, required=MSG_ENTER_TITLE, limit=TITLE_MAX
    )
    body = clean_text(
        body, field="body", consortium_id=consortium_id, required=MSG_ENTER_MESSAGE, limit=BODY_MAX
    )
    note = ProviderNote.objects.create(
        consortium_id=consortium_id,
        borough_id=actor.borough_id,
        author=actor,
        provider=provider,
        setting=setting,
        category=category,
        title=title,
        body=body,
    )
    if not _muted.get():
        notifications.note_added_email(note)
    return note
