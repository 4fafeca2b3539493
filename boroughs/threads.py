"""The peer network's discussion threads: services, selectors and the one fetch by id.

Member boroughs' council staff start threads on a topic and reply to them; every member
borough's staff read them all, and no one else does (providers never). The text is checked by
boroughs.privacy, so a thread never identifies a child.

The peer network's landing page also shows what higher apps add to it (providers' notes):
they register a section with `register_peer_section`, as with dashboard panels.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kernel.errors import DomainError, NotAllowed

from . import policy, privacy
from .models import Reply, Thread, ThreadTopic, User

MSG_NOT_STAFF = "Only council staff of a member borough can use the peer network"
MSG_SELECT_TOPIC = "Select a topic"
MSG_ENTER_TITLE = "Enter a title"
MSG_ENTER_MESSAGE = "Enter your message"
MSG_TITLE_TOO_LONG = "Title must be 200 characters or fewer"
MSG_MESSAGE_TOO_LONG = "Message must be 5,000 characters or fewer"
TITLE_MAX, BODY_MAX = 200, 5000


def is_peer_member(user) -> bool:
    """Council staff of a member borough: who reads and writes the peer network."""
    return policy.may(user, "boroughs.use_peer_network")


def require_peer_member(actor: User) -> None:
    policy.require(actor, "boroughs.use_peer_network")


def clean_text(text: str, *, field: str, consortium_id: int, required: str, limit: int) -> str:
    """The text stripped; refused when empty, too long or identifying a child (at `field`)."""
    text = (text or "").strip()
    if not text:
        raise DomainError(required, field=field)
    if len(text) > limit:
        too_long = MSG_TITLE_TOO_LONG if limit == TITLE_MAX else MSG_MESSAGE_TOO_LONG
        raise DomainError(too_long, field=field)
    privacy.check_text(text, consortium_id=consortium_id, field=field)
    return text


def _title_and_body(actor: User, title: str, body: str) -> tuple[str, str]:
    consortium_id = actor.consortium_id
    title = clean_text(
        title, field="title", consortium_id=consortium_id, required=MSG_ENTER_TITLE, limit=TITLE_MAX
    )
    body = clean_text(
        body, field="body", consortium_id=consortium_id, required=MSG_ENTER_MESSAGE, limit=BODY_MAX
    )
    return title, body


# --- Services -----------------------------------------------------------------------------------


@transaction.atomic
def thread_start(*, actor: User, topic: str, title: str, body: str) -> Thread:
    """Start a thread in the actor's consortium. No emails: members read the peer network."""
    require_peer_member(actor)
    if topic not in ThreadTopic.values:
        raise DomainError(MSG_SELECT_TOPIC, field="topic")
    title, body = _title_and_body(actor, title, body)
    now = timezone.now()
    return Thread.objects.create(
        consortium_id=actor.consortium_id,
        topic=topic,
        title=title,
        body=body,
        started_by=actor,
        borough_id=actor.borough_id,
        created_at=now,
        last_reply_at=now,
    )


@transaction.atomic
def thread_reply(*, actor: User, thread: Thread, body: str) -> Reply:
    """Reply to a thread of the actor's consortium; the thread moves to the top of the list."""
    require_peer_member(actor)
    if thread.consortium_id != actor.consortium_id:
        raise NotAllowed(MSG_NOT_STAFF)
    body = clean_text(
        body,
        field="body",
        consortium_id=actor.consortium_id,
        required=MSG_ENTER_MESSAGE,
        limit=BODY_MAX,
    )
    reply = Reply.objects.create(
        thread=thread, author=actor, borough_id=actor.borough_id, body=body
    )
    # Conditional: a slower concurrent reply must not move the thread's activity back in time.
    Thread.objects.filter(pk=thread.pk, last_reply_at__lt=reply.created_at).update(
        last_reply_at=reply.created_at
    )
    return reply


# --- Selectors and access -----------------------------------------------------------------------


def thread_list(*, actor: User, topic: str | None = None) -> QuerySet[Thread]:
    """The consortium's threads, most recently active first, with their reply counts."""
    threads = (
        Thread.objects.for_user(actor)
        .select_related("started_by", "borough")
        .annotate(reply_count=Count("replies"))
    )
    if topic:
        threads = threads.filter(topic=topic)
    return threads.order_by("-last_reply_at", "-pk")


def reply_list(*, actor: User, thread: Thread) -> QuerySet[Reply]:
    return Reply.objects.for_user(actor).filter(thread=thread).select_related("author", "borough")


def access_thread(actor: User, public_id) -> Thread:
    """A thread of the actor's consortium; 404 for a missing one and for anyone else's
    (another consortium's staff, and every provider user, get 404 for every thread)."""
    return get_object_or_404(thread_list(actor=actor), public_id=public_id)


# --- The landing page's sections from other apps --------------------------------------------------

# A section function takes the request and answers a context with a "template", or None.
_sections: list[Callable] = []


def register_peer_section(section: Callable) -> None:
    """Called from a higher app's AppConfig.ready() (providers adds its notes)."""
    if section not in _sections:
        _sections.append(section)


def peer_sections_for(request) -> list[dict]:
    return [context for section in _sections if (context := section(request)) is not None]
