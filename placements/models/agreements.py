"""Individual placement agreements: the versioned template per strand, the agreement drafted
from it at award, its signatures and the log of its downloads."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from boroughs.models import Consortium, Strand, User
from boroughs.tenancy import ConsortiumStaffQuerySet

from ..choices import AgreementStatus, SigningParty
from .common import BoroughOrProviderQuerySet
from .offers import FrozenRecord
from .placements import Placement


def agreement_storage():
    """The default storage, which is private: files are served only through the download view,
    which checks who asks (as report files are). A callable, so tests may swap it."""
    return default_storage


def agreement_file_path(agreement: PlacementAgreement, filename: str) -> str:
    return f"agreements/{agreement.public_id}/{filename}"


class AgreementTemplate(models.Model):
    """One version of a strand's agreement template. Editing writes a new version; versions are
    never changed, and the current one is the highest. `sections` is a list of
    {"heading", "body"}; `notice` and `termination` are the terms every agreement quotes."""

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="+")
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    sections = models.JSONField(default=list)
    notice = models.TextField("notice terms")
    termination = models.TextField("termination terms")
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConsortiumStaffQuerySet.as_manager()

    class Meta:
        ordering = ["strand", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["strand", "version"], name="one_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenRecord("A template version cannot be changed: write a new version")
        super().save(*args, **kwargs)


class AgreementQuerySet(BoroughOrProviderQuerySet):
    borough_path = "placement__borough"
    provider_path = "placement__provider"


class PlacementAgreement(models.Model):
    """The individual placement agreement of one placement, drafted at award.

    Workflow: drafted -> provider_signed -> signed (placements.workflow). `content` is the
    snapshot of everything the PDF shows, taken at award, so later edits to the placement or
    the template never change what was agreed. The draft PDF (what both sides sign) and, after
    the counter-signature, the final PDF with the signature block are rendered by a Celery task;
    `signed_sha256` is the SHA-256 of the final file as stored and served.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="agreement")
    template = models.ForeignKey(AgreementTemplate, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFTED
    )
    draft_pdf = models.FileField(
        storage=agreement_storage, upload_to=agreement_file_path, max_length=300, blank=True
    )
    draft_sha256 = models.CharField(max_length=64, blank=True)
    signed_pdf = models.FileField(
        storage=agreement_storage, upload_to=agreement_file_path, max_length=300, blank=True
    )
    signed_sha256 = models.CharField("SHA-256 of the signed PDF", max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"IPA-{self.pk:06d}" if self.pk else "IPA-new"

    @property
    def pdf_ready(self) -> bool:
        """Whether the file this stage shows has been rendered."""
        if self.status == AgreementStatus.SIGNED:
            return bool(self.signed_sha256)
        return bool(self.draft_sha256)


class AgreementEventQuerySet(BoroughOrProviderQuerySet):
    borough_path = "agreement__placement__borough"
    provider_path = "agreement__placement__provider"


class AgreementEvent(models.Model):
    """One move of an agreement along its workflow: who, when, from, to, why."""

    agreement = models.ForeignKey(
        PlacementAgreement, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=20, choices=AgreementStatus.choices)
    to_status = models.CharField(max_length=20, choices=AgreementStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    objects = AgreementEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.from_status} -> {self.to_status}"


class SignatureQuerySet(AgreementEventQuerySet):
    def update(self, **kwargs):
        raise FrozenRecord("A signature cannot be changed")

    def delete(self):
        raise FrozenRecord("A signature cannot be deleted")


class AgreementSignature(models.Model):
    """A signature, frozen: who signed the agreement (or one of its variations), as whom, when,
    and the SHA-256 of what they signed (the draft PDF, or a variation's terms)."""

    agreement = models.ForeignKey(
        PlacementAgreement, on_delete=models.PROTECT, related_name="signatures"
    )
    variation = models.ForeignKey(
        "placements.AgreementVariation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
    )
    party = models.CharField(max_length=12, choices=SigningParty.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("full name", max_length=150)
    role = models.CharField("job title", max_length=150)
    signed_at = models.DateTimeField(default=timezone.now)
    sha256 = models.CharField("SHA-256 of what was signed", max_length=64)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_party_display()}) at {self.signed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenRecord("A signature cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenRecord("A signature cannot be deleted")


class AgreementDownload(models.Model):
    """Who downloaded an agreement's PDF, when, and the SHA-256 of the file they got."""

    agreement = models.ForeignKey(
        PlacementAgreement, on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    sha256 = models.CharField(max_length=64)

    objects = AgreementEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.agreement_id} at {self.at:%Y-%m-%d %H:%M}"
