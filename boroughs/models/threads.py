"""The peer network: discussion threads between member boroughs' staff, and their replies."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from ..tenancy import ConsortiumStaffQuerySet
from .consortium import Borough, Consortium
from .users import User


class ThreadTopic(models.TextChoices):
    SEND_PLACEMENTS = "send_placements", "SEND placements"
    CARE_PLACEMENTS = "care_placements", "Foster and residential care"
    MARKET = "market", "Market and prices"
    QUALITY = "quality", "Quality and outcomes"
    PRACTICE = "practice", "Practice and policy"
    OTHER = "other", "Other"


class Thread(models.Model):
    """A discussion between member boroughs on one topic (the peer network), with replies.

    Shared by the consortium's council staff; `borough` is the author's, for display.
    `last_reply_at` is when the thread was last active: its start, then each reply.
    Never about a child: boroughs.privacy refuses text that identifies one.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="threads")
    topic = models.CharField(max_length=20, choices=ThreadTopic.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_reply_at = models.DateTimeField(default=timezone.now)

    objects = ConsortiumStaffQuerySet.as_manager()

    class Meta:
        ordering = ["-last_reply_at", "-pk"]
        indexes = [models.Index(fields=["consortium", "-last_reply_at"])]

    def __str__(self) -> str:
        return self.title


class ReplyQuerySet(ConsortiumStaffQuerySet):
    consortium_path = "thread__consortium"


class Reply(models.Model):
    """One borough's reply in a peer network thread."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "replies"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Reply to {self.thread}"
