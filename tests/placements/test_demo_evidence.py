"""The demo's made-up evidence documents: PDFs, or plain text on a machine without Pango."""

import sys

from placements.demo.evidence import demo_documents
from providers.choices import REQUIRED_EVIDENCE


def test_each_kind_of_evidence_is_a_pdf_that_says_it_is_made_up():
    documents = demo_documents()
    assert set(documents) == set(REQUIRED_EVIDENCE)
    for document in documents.values():
        assert (document.content_type, document.extension) == ("application/pdf", "pdf")
        assert document.content.startswith(b"%PDF-")


def test_without_weasyprint_the_demo_still_seeds_with_plain_text(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # importing it now fails

    documents = demo_documents()

    insurance = documents["public_liability"]
    assert (insurance.content_type, insurance.extension) == ("text/plain", "txt")
    text = insurance.content.decode()
    assert text.startswith("Public liability insurance\n")
    assert "not a real public liability insurance and covers nothing" in text
    assert "reminds the provider 30 and 7 days before" in text
    assert "reminds" not in documents["accounts"].content.decode()  # accounts do not expire
