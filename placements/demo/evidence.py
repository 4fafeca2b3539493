"""The evidence behind each demo application: every document an application needs, accepted
when the application was, insurance current for months yet.

Without it the daily evidence check (`providers.services.evidence_expiry_check`, run by beat)
would find every demo provider uninsured and suspend all their enrolments the first night a
worker runs. Each kind of document is rendered once (WeasyPrint) and stored per application.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from providers.choices import EXPIRING_EVIDENCE, REQUIRED_EVIDENCE, EvidenceType
from providers.models import Application, EvidenceDocument, Provider

# Insurance renews between 3 and 11 months from the day the demo is seeded.
EXPIRES_IN_DAYS = (90, 330)


@dataclass(frozen=True)
class DemoDocument:
    content: bytes
    content_type: str
    extension: str


def demo_documents() -> dict[str, DemoDocument]:
    """One document per required kind of evidence, saying plainly that it is made up: a PDF, or
    plain text where WeasyPrint's system libraries (Pango) are missing, so the demo still
    seeds on a machine that has never built a PDF."""
    contexts = {
        kind: {"label": EvidenceType(kind).label, "expiring": kind in EXPIRING_EVIDENCE}
        for kind in REQUIRED_EVIDENCE
    }
    try:
        from weasyprint import HTML  # heavy: loaded only when the demo is seeded
    except (ImportError, OSError):  # OSError: WeasyPrint without Pango
        return {
            kind: DemoDocument(
                render_to_string("demo/evidence.txt", context).encode(), "text/plain", "txt"
            )
            for kind, context in contexts.items()
        }
    return {
        kind: DemoDocument(
            HTML(string=render_to_string("demo/evidence.html", context)).write_pdf(),
            "application/pdf",
            "pdf",
        )
        for kind, context in contexts.items()
    }


def seed_evidence(applications: Iterable[Application]) -> int:
    """Store and accept each application's required evidence; the number of documents.

    Its own random numbers, so the rest of the demo draws what it drew before."""
    rng = random.Random("demo evidence")  # noqa: S311  not security
    applications = list(applications)
    providers = Provider.objects.in_bulk({a.provider_id for a in applications})
    documents, today, made = demo_documents(), timezone.localdate(), []
    for application in applications:
        for kind, made_up in documents.items():
            document = EvidenceDocument(
                provider=providers[application.provider_id],
                application=application,
                evidence_type=kind,
                original_name=f"{kind.replace('_', '-')}.{made_up.extension}",
                content_type=made_up.content_type,
                size=len(made_up.content),
                uploaded_at=application.submitted_at - timedelta(days=2),
                accepted_at=application.decided_at,
            )
            if kind in EXPIRING_EVIDENCE:
                document.expires_on = today + timedelta(days=rng.randint(*EXPIRES_IN_DAYS))
            document.file.save(document.original_name, ContentFile(made_up.content), save=False)
            made.append(document)
    EvidenceDocument.objects.bulk_create(made)
    return len(made)
