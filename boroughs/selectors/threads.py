"""Reads of the peer network: its threads and their replies, and the landing page's sections
that higher apps add (providers' notes register one with `register_peer_section`, as with
dashboard panels)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, QuerySet

from ..models import Reply, Thread, User


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


# --- The landing page's sections from other apps --------------------------------------------------

# A section function takes the request and answers a context with a "template", or None.
_sections: list[Callable] = []


def register_peer_section(section: Callable) -> None:
    """Called from a higher app's AppConfig.ready() (providers adds its notes)."""
    if section not in _sections:
        _sections.append(section)


def peer_sections_for(request) -> list[dict]:
    return [context for section in _sections if (context := section(request)) is not None]
