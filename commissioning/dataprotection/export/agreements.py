"""A placement's individual placement agreement in the export: its terms as signed, who signed
what, its history, its downloads and its variations."""

from __future__ import annotations

from placements.models import Placement

from .entries import Entry, Money, Part
from .people import People
from .requests import event_part


def signature_part(agreement, people: People) -> Part:
    return Part(
        "signatures",
        "Signatures",
        [
            Entry(
                title=f"{signature.get_party_display()}: {signature.name}",
                values=[
                    ("party", "For", signature.get_party_display()),
                    (
                        "variation",
                        "Variation",
                        signature.variation.reference if signature.variation_id else None,
                    ),
                    ("name", "Name", signature.name),
                    ("role", "Role", signature.role),
                    ("signed_at", "Signed", signature.signed_at),
                    ("sha256", "SHA-256 of what was signed", signature.sha256),
                ],
            )
            for signature in agreement.signatures.all()
        ],
        table=True,
    )


def download_part(agreement, people: People) -> Part:
    return Part(
        "downloads",
        "Downloads",
        [
            Entry(
                title=f"Downloaded {download.at:%d/%m/%Y}",
                values=[
                    ("at", "When", download.at),
                    ("by", "By", people(download.user_id)),
                    ("sha256", "SHA-256 of the file", download.sha256),
                ],
            )
            for download in agreement.downloads.all()
        ],
        table=True,
    )


def variation_entry(variation, people: People) -> Entry:
    weekly = Money(variation.weekly_fee) if variation.weekly_fee is not None else None
    return Entry(
        title=f"Variation {variation.reference}: {variation.get_kind_display()}",
        values=[
            ("reference", "Reference", variation.reference),
            ("kind", "Change", variation.get_kind_display()),
            ("status", "Status", variation.get_status_display()),
            ("effective_on", "From", variation.effective_on),
            ("weekly_fee", "New weekly fee", weekly),
            ("reason", "Why", variation.reason),
            ("proposed_by", "Proposed by", people(variation.proposed_by_id)),
            ("proposed_at", "Proposed", variation.proposed_at),
        ],
        parts=[event_part(variation.events.all(), people)],
    )


def agreement_part(placement: Placement, people: People) -> Part:
    agreement = getattr(placement, "agreement", None)
    entries = []
    if agreement is not None:
        content = agreement.content
        entries.append(
            Entry(
                title=f"Agreement {agreement.reference}",
                values=[
                    ("reference", "Reference", agreement.reference),
                    ("status", "Status", agreement.get_status_display()),
                    (
                        "template",
                        "Template",
                        f"{content['title']}, version {content['template_version']}",
                    ),
                    ("child_reference", "Child's reference", content.get("child_reference")),
                    (
                        "additional_services",
                        "Additional services",
                        content.get("additional_services"),
                    ),
                    ("signed_sha256", "SHA-256 of the signed PDF", agreement.signed_sha256),
                    ("created_at", "Drafted", agreement.created_at),
                ],
                parts=[
                    signature_part(agreement, people),
                    event_part(agreement.events.all(), people),
                    download_part(agreement, people),
                    Part(
                        "variations",
                        "Variations",
                        [variation_entry(v, people) for v in agreement.variations.all()],
                        empty="No variations.",
                    ),
                ],
            )
        )
    return Part("agreements", "Agreement", entries, empty="No agreement in the portal.")
