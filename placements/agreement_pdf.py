"""The agreement as a PDF, laid out by WeasyPrint from its stored content (and, once both sides
have signed, the signature block). Rendering takes a second or more, so it runs in a Celery
task (placements.tasks.render_agreement_pdf), never in a page."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def write_pdf(html: str) -> bytes:
    """HTML to tagged PDF bytes. Swapped in tests for a fast stand-in (tests/conftest.py)."""
    from weasyprint import HTML  # heavy: loaded only in the worker that renders

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)


_weasyprint = write_pdf  # kept, so a swapped `write_pdf` can be put back


def render(agreement, *, signatures=None) -> bytes:
    html = render_to_string(
        "placements/agreements/agreement_pdf.html",
        {
            "agreement": agreement,
            "content": agreement.content,
            "signatures": signatures or [],
            "draft_sha256": agreement.draft_sha256,
        },
    )
    # Looked up on the module each time, so a stand-in swapped in later is used.
    return globals()["write_pdf"](html)
