"""The peer network's discussion threads: starting one and replying to it.

Member boroughs' council staff start threads on a topic and reply to them; every member
borough's staff read them all, and no one else does (providers never). The text is checked by
boroughs.privacy, so a thread never identifies a child.

Who may use the peer network and the one fetch of a thread by id are in boroughs.access; the
reads are in boroughs.selectors.threads.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kernel.errors import DomainError, NotAllowed

from .. import privacy
from ..access import require_peer_member
from ..models import Reply, Thread, ThreadTopic, User

MSG_NOT_STAFF = "Only council staff of a member borough can use the peer network"
MSG_SELECT_TOPIC = "Select a topic"
MSG_ENTER_TITLE = "Enter a title"
MSG_ENTER_MESSAGE = "Enter your message"
MSG_TITLE_TOO_LONG = "Title must be 200 characters or fewer"
MSG_MESSAGE_TOO_LONG = "Message must be 5,000 characters or fewer"
TITLE_MAX, BODY_MAX = 200, 5000


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
