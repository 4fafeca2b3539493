"""Evidence uploads are judged by their content on the page and in the API (docs/adr/0012): an
HTML page with a PDF header is refused, a real PDF is kept as `.pdf` whatever it was called,
and a download is an attachment of the type found, which no browser may sniff into a page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boroughs import uploads
from providers import services
from providers.choices import EvidenceType
from providers.models import EvidenceDocument

from ..documents import docx, image, tiny_pdf, zipped

pytestmark = pytest.mark.django_db

API = "/api/v1/dps"
MESSAGE = "The selected file must be a PDF, JPG, PNG, DOCX, XLSX, PPTX, ODT, ODS, DOC or XLS"
HTML_WITH_A_PDF_HEADER = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"


@pytest.fixture
def application(provider_alice, dps):
    return services.application_start(actor=provider_alice, dps=dps)


def page_upload(client, application, content: bytes, name: str):
    return client.post(
        reverse("providers:application_evidence", kwargs={"public_id": application.public_id}),
        {"evidence_type": EvidenceType.OTHER, "file": SimpleUploadedFile(name, content)},
    )


def api_upload(api, application, content: bytes, name: str):
    return api.post(
        f"{API}/applications/{application.public_id}/documents/",
        {"evidence_type": EvidenceType.OTHER, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_an_html_page_with_a_pdf_header_is_refused_at_the_field(
    client_for, provider_alice, application
):
    page = page_upload(
        client_for(provider_alice), application, HTML_WITH_A_PDF_HEADER, "statement.pdf"
    ).text

    assert f'<a href="#id_file">{MESSAGE}</a>' in page
    assert f'<span class="govuk-visually-hidden">Error:</span> {MESSAGE}' in page
    assert not application.documents.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00\x03\x00 this program cannot be run in DOS mode", "setup.exe"),
        (b"Our policy, as plain text.\n", "policy.pdf"),
        (zipped({"notes.txt": "hello"}), "policy.docx"),
    ],
    ids=["a program", "text", "a random zip"],
)
def test_a_program_text_or_any_zip_is_refused_on_the_page_and_in_the_api(
    client_for, api_for, provider_alice, application, content, name
):
    page = page_upload(client_for(provider_alice), application, content, name).text
    response = api_upload(api_for(provider_alice), application, content, name)

    assert f'<a href="#id_file">{MESSAGE}</a>' in page
    assert response.status_code == 400
    assert response.json() == {"file": [MESSAGE]}
    assert not application.documents.exists()


def test_a_real_pdf_uploaded_as_html_is_kept_and_sent_back_as_a_pdf(
    client_for, provider_alice, application
):
    client = client_for(provider_alice)
    page_upload(client, application, tiny_pdf(), "statement.html")

    document = application.documents.get()
    assert (document.original_name, document.content_type) == ("statement.pdf", "application/pdf")
    assert document.file.name.endswith(".pdf")
    response = client.get(
        reverse("providers:document_download", kwargs={"public_id": document.public_id})
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="statement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == tiny_pdf()


@pytest.mark.parametrize(
    ("content", "name", "stored"),
    [(docx(), "policy.zip", "policy.docx"), (image("PNG"), "photo.jpg", "photo.png")],
    ids=["docx", "png"],
)
def test_a_word_document_and_an_image_are_accepted_through_the_api_under_their_type(
    api_for, provider_alice, application, content, name, stored
):
    response = api_upload(api_for(provider_alice), application, content, name)

    assert response.status_code == 201
    document = EvidenceDocument.objects.get(application=application)
    assert document.original_name == stored
    assert document.file.name.endswith(stored.rsplit(".", 1)[1])


def test_a_document_stored_before_the_types_decided_names_downloads_under_its_type(
    client_for, provider_alice, application
):
    page_upload(client_for(provider_alice), application, tiny_pdf(), "statement.pdf")
    document = application.documents.get()
    EvidenceDocument.objects.filter(pk=document.pk).update(original_name="statement.html")

    response = client_for(provider_alice).get(
        reverse("providers:document_download", kwargs={"public_id": document.public_id})
    )
    assert response["Content-Disposition"] == 'attachment; filename="statement.pdf"'
    assert uploads.download_name("statement.html", "text/plain") == "statement.txt"


def test_a_refused_type_is_shown_with_the_forms_other_errors(
    client_for, provider_alice, application
):
    page = (
        client_for(provider_alice)
        .post(
            reverse("providers:application_evidence", kwargs={"public_id": application.public_id}),
            {"evidence_type": "", "file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00 program")},
        )
        .text
    )

    assert '<a href="#id_evidence_type">Select the type of document</a>' in page
    assert f'<a href="#id_file">{MESSAGE}</a>' in page


def test_the_api_reports_a_refused_type_with_the_requests_other_errors(
    api_for, provider_alice, application
):
    response = api_for(provider_alice).post(
        f"{API}/applications/{application.public_id}/documents/",
        {"evidence_type": "nonsense", "file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00")},
        format="multipart",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"evidence_type", "file"}
    assert response.json()["file"] == [MESSAGE]
