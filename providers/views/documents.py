"""Evidence downloads: the only way to a stored file (there is no public media URL)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from boroughs import uploads

from .. import services
from ..access import access_document
from ..models import EvidenceDocument


def document_file_response(*, actor, document: EvidenceDocument) -> FileResponse:
    """The file as an attachment, never cached; the service logs the download.

    Sent as the type found on upload, with that type's extension and `nosniff`, so no browser
    opens an uploaded file as a page (docs/adr/0012). `document` must come from
    access_document (or a for_user queryset). The API uses this too.
    """
    response = FileResponse(
        services.document_download(actor=actor, document=document),
        as_attachment=True,
        filename=uploads.download_name(document.original_name, document.content_type),
        content_type=document.content_type,
    )
    # Set here as well as by SecurityMiddleware: this answer must never rely on a setting.
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@require_safe
@login_required
def document_download(request, public_id):
    """The provider's own users and the consortium's commissioners get the file. Anyone else
    (another provider, a borough analyst) gets 404, as for a document that does not exist."""
    document = access_document(request.user, public_id)
    return document_file_response(actor=request.user, document=document)


urlpatterns = [
    path("documents/<uuid:public_id>/download/", document_download, name="document_download"),
]
