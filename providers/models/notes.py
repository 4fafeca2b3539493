"""The peer network: what member boroughs tell each other about providers."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from boroughs.models import Borough, Consortium, ConsortiumStaffQuerySet, User

from .providers import Provider, Setting


class NoteCategory(models.TextChoices):
    QUALITY_CONCERN = "quality_concern", "Quality concern"
    GOOD_PRACTICE = "good_practice", "Good practice"
    OFSTED_CHANGE = "ofsted_change", "Ofsted change"
    PRICE_CHANGE = "price_change", "Price change"


class ProviderNote(models.Model):
    """Provider intelligence one member borough shares with the others: a quality concern, good
    practice, an Ofsted change or a price change, about a provider or one of its settings.

    Read by the consortium's council staff only: providers never see notes (not even their own).
    Never about a child: providers.services.notes refuses text that identifies one. `borough` is
    the author's. Boroughs with active placements at the provider are emailed when one is added.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(
        Consortium, on_delete=models.PROTECT, related_name="provider_notes"
    )
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="peer_notes")
    setting = models.ForeignKey(
        Setting, on_delete=models.PROTECT, null=True, blank=True, related_name="peer_notes"
    )
    category = models.CharField(max_length=20, choices=NoteCategory.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConsortiumStaffQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["consortium", "-created_at"]),
            models.Index(fields=["provider", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title
