"""Evidence downloads from pages: only the provider's own users and commissioners, all logged,
and no public URL for the stored file."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from providers.models import DocumentDownload

from .conftest import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


@pytest.fixture
def document(draft_application):
    return draft_application.documents.get(evidence_type="safeguarding_policy")


def download_url(document) -> str:
    return reverse("providers:document_download", kwargs={"public_id": document.public_id})


def test_the_provider_downloads_its_own_document_as_an_attachment(
    client_for, provider_alice, document
):
    response = client_for(provider_alice).get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="safeguarding_policy.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_every_download_is_logged_with_who_took_it(client_for, provider_alice, reviewer, document):
    client_for(provider_alice).get(download_url(document))
    client_for(reviewer).get(download_url(document))
    assert list(DocumentDownload.objects.order_by("pk").values_list("document", "user")) == [
        (document.pk, provider_alice.pk),
        (document.pk, reviewer.pk),
    ]


def test_a_commissioner_of_any_member_borough_may_download(client_for, charlie, document):
    assert client_for(charlie).get(download_url(document)).status_code == 200


def test_another_provider_gets_404_and_nothing_is_logged(client_for, provider_olly, document):
    assert client_for(provider_olly).get(download_url(document)).status_code == 404
    assert not DocumentDownload.objects.exists()


def test_a_borough_analyst_gets_404(client_for, bromley_analyst, document):
    assert client_for(bromley_analyst).get(download_url(document)).status_code == 404


def test_a_missing_document_is_the_same_404(client_for, provider_alice, draft_application):
    url = reverse(
        "providers:document_download",
        kwargs={"public_id": "00000000-0000-0000-0000-000000000000"},
    )
    assert client_for(provider_alice).get(url).status_code == 404


def test_signing_in_comes_first(client, document):
    response = client.get(download_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_download_cannot_be_posted(client_for, provider_alice, document):
    assert client_for(provider_alice).post(download_url(document)).status_code == 405


def test_the_stored_file_has_no_public_url(client_for, provider_alice, document):
    name = document.file.name
    assert name.startswith("evidence/")
    assert "safeguarding" not in name  # the uploaded name is not kept in the path
    assert default_storage.exists(name)
    signed_in = client_for(provider_alice)
    for url in (f"/media/{name}", f"/{name}", f"/static/{name}"):
        assert signed_in.get(url).status_code == 404, url
