"""Evidence downloads: the only way to a stored file (there is no public media URL)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .. import services
from ..access import access_document
from ..models import EvidenceDocument


def document_file_response(*, actor, document: EvidenceDocument) -> FileResponse:
    """The file as an attachment, never cached; the service logs the download.

    `document` must come from access_document (or a for_user queryset). The API uses this too.
    """
    response = FileResponse(
        services.document_download(actor=actor, document=document),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
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
