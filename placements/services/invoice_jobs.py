"""A large CSV of invoices read by a Celery worker, with progress the page polls.

`invoice_upload_start` keeps the file on an `InvoiceUpload` row and queues the task through
the outbox (ADR 16); `invoice_upload_run`, called by the task, reads it with
`invoices_upload` and records the outcome. Idempotent: a row already started is left alone.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import DomainError
from notifications.outbox import enqueue

from ..choices import InvoiceStatus, UploadStatus
from ..models import InvoiceUpload
from .invoice_upload import INVOICE_COLUMNS, MSG_NOT_CSV, read_rows

# More rows than this and the page hands the file to a worker (about a second's work).
BACKGROUND_ROWS = 1_000
RUN_TASK = "placements.tasks.run_invoice_upload"


def rows_in(uploaded) -> int:
    """Rows of a CSV after its header (a quick count, for choosing where to read it)."""
    uploaded.seek(0)
    count = sum(1 for _ in uploaded) - 1
    uploaded.seek(0)
    return max(count, 0)


@transaction.atomic
def invoice_upload_start(*, actor: User, uploaded) -> InvoiceUpload:
    """Keep the provider's CSV and queue it for a worker; its columns are checked first."""
    policy.require(actor, "placements.add_invoice")
    read_rows(uploaded, INVOICE_COLUMNS)  # a missing column or a file that is not text
    uploaded.seek(0)
    try:
        content = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(MSG_NOT_CSV, field="file") from error
    upload = InvoiceUpload.objects.create(
        provider_id=policy.actor_of(actor).provider_id,
        uploaded_by=actor,
        name=(getattr(uploaded, "name", "") or "invoices.csv")[:200],
        content=content,
    )
    enqueue(RUN_TASK, upload.pk)
    return upload


def _progress(upload_id: int):
    def report(percent: int, message: str) -> None:
        InvoiceUpload.objects.filter(pk=upload_id).update(
            progress=percent, progress_message=message[:200]
        )

    return report


def invoice_upload_run(*, upload_id: int) -> str:
    """Read a queued upload: done with its counts, or failed naming the bad rows. Answers the
    status it ended in ("skipped" if another worker has it or it is finished)."""
    from .invoice_upload import invoices_upload

    started = InvoiceUpload.objects.filter(pk=upload_id, status=UploadStatus.QUEUED).update(
        status=UploadStatus.RUNNING, progress=5, progress_message="Reading the file"
    )
    if not started:
        return "skipped"
    upload = InvoiceUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    file = SimpleUploadedFile(upload.name, upload.content.encode("utf-8"))
    try:
        saved = invoices_upload(
            actor=upload.uploaded_by, uploaded=file, progress=_progress(upload_id)
        )
    except DomainError as error:
        InvoiceUpload.objects.filter(pk=upload_id).update(
            status=UploadStatus.FAILED, error=error.message, finished_at=timezone.now()
        )
        return UploadStatus.FAILED
    variances = sum(1 for invoice in saved if invoice.status == InvoiceStatus.VARIANCE)
    InvoiceUpload.objects.filter(pk=upload_id).update(
        status=UploadStatus.DONE,
        progress=100,
        progress_message="",
        invoices=len(saved),
        variances=variances,
        finished_at=timezone.now(),
    )
    return UploadStatus.DONE
