"""Subject access exports: asking for one, building it on a worker, downloading it.

Asking and each download write a row to the child's access log (who, when, what), so the export
itself appears in the next export. A worker claims an export with a conditional update (two
workers never both build one), reports progress as it goes, and stores both files before it
marks the export ready.
"""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files import File
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from boroughs import policy
from kernel.errors import InvalidTransition
from notifications.outbox import enqueue
from placements.access import log_child_view
from placements.models import Child

from .choices import ACTIVE_EXPORT_STATUSES, ExportFormat, ExportStatus
from .export.document import gather, write_json, write_pdf
from .models import SubjectAccessExport
from .storage import clear_export_folder, export_file_path, export_storage

logger = logging.getLogger(__name__)

MSG_ANONYMISED = (
    "This record has been anonymised: it no longer holds anything that identifies the child"
)
MSG_NOT_READY = "This export is not ready to download"
MSG_FILES_DELETED = "The files of this export have been deleted: prepare a new one"
MSG_FAILED = "The export could not be prepared: {error}"
MSG_STOPPED = "The export stopped before it was ready: it was prepared again"
MSG_TOO_LONG = "The export took too long to prepare. Try again, or ask the portal's operators."

TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_ATTEMPTS = 4  # the first try and Celery's 3 retries
STALE_AFTER = timedelta(minutes=5)  # a running export with no heartbeat for this long is dead
HEARTBEAT_EVERY = 1.0  # seconds between progress writes

LOG_REQUESTED = "subject access export requested"
LOG_DOWNLOADED = "subject access export downloaded ({format})"


class ExportTakenOver(Exception):
    """Another worker owns the export now: stop quietly."""


@transaction.atomic
def subject_access_request(*, actor, child: Child) -> SubjectAccessExport:
    """Ask for everything held about the child. A commissioner of the child's borough only.

    Answers the export already queued or being prepared for the child, if there is one with a
    sign of life in the last STALE_AFTER (a second click makes no second copy); one without is
    failed as stopped, and a new one made. Side effects: an access log row; the build task,
    after commit.
    """
    policy.require(actor, "dataprotection.export_child", child)
    child = Child.objects.select_for_update().get(pk=child.pk)  # one live export per child
    if child.is_anonymised:
        raise InvalidTransition(MSG_ANONYMISED)
    live = SubjectAccessExport.objects.filter(child=child, status__in=ACTIVE_EXPORT_STATUSES)
    export = live.order_by("-requested_at").first()
    if export is not None:
        if (export.heartbeat_at or export.requested_at) >= timezone.now() - STALE_AFTER:
            return export
        live.update(status=ExportStatus.FAILED, error=MSG_STOPPED, finished_at=timezone.now())
    export = SubjectAccessExport.objects.create(child=child, requested_by=actor)
    log_child_view(actor, child.pk, LOG_REQUESTED)
    _send_on_commit(export.pk)
    return export


def _send_on_commit(export_id: int) -> None:
    """The build, through the outbox (ADR 16)."""
    enqueue("commissioning.dataprotection.tasks.build_subject_access_export", export_id)


# --- Building (on a worker) ---------------------------------------------------------------------


def _claim(export_id: int) -> SubjectAccessExport | None:
    """Take a queued export, or a running one whose worker died (its message redelivered)."""
    now = timezone.now()
    claimed = SubjectAccessExport.objects.filter(
        Q(status=ExportStatus.QUEUED)
        | Q(status=ExportStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER),
        pk=export_id,
    ).update(
        status=ExportStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        progress_message="Starting",
    )
    if not claimed:
        return None
    return SubjectAccessExport.objects.select_related(
        "child", "child__borough", "requested_by"
    ).get(pk=export_id)


class _Heartbeat:
    """The progress callback: shows progress and proves the worker is alive, while it owns the
    export (at most once every HEARTBEAT_EVERY seconds)."""

    def __init__(self, export: SubjectAccessExport) -> None:
        self.export_id, self.attempt = export.pk, export.attempts
        self.written_at = 0.0

    def __call__(self, percent: int, message: str) -> None:
        now = time.monotonic()
        if now - self.written_at < HEARTBEAT_EVERY:
            return
        self.written_at = now
        owned = SubjectAccessExport.objects.filter(
            pk=self.export_id, status=ExportStatus.RUNNING, attempts=self.attempt
        ).update(
            progress=max(0, min(int(percent), 99)),
            progress_message=message[:200],
            heartbeat_at=timezone.now(),
        )
        if not owned:
            raise ExportTakenOver


def _finish(export: SubjectAccessExport, **fields) -> bool:
    """Move the export from running (this attempt's) to done or failed."""
    return bool(
        SubjectAccessExport.objects.filter(
            pk=export.pk, status=ExportStatus.RUNNING, attempts=export.attempts
        ).update(finished_at=timezone.now(), **fields)
    )


def _store(export: SubjectAccessExport, folder: Path, counts: dict) -> None:
    storage = export_storage()
    clear_export_folder(export.public_id)  # what a dead attempt may have left
    names = {}
    for fmt in ExportFormat.values:
        path = folder / f"export.{fmt}"
        with path.open("rb") as built:
            names[fmt] = storage.save(export_file_path(export, export.filename(fmt)), File(built))
    done = _finish(
        export,
        status=ExportStatus.DONE,
        json_file=names["json"],
        pdf_file=names["pdf"],
        json_size=(folder / "export.json").stat().st_size,
        pdf_size=(folder / "export.pdf").stat().st_size,
        counts=counts,
        progress=100,
        progress_message="Ready",
        error="",
    )
    if not done:
        clear_export_folder(export.public_id)
        raise ExportTakenOver


def _fail(export: SubjectAccessExport, error: str) -> None:
    _finish(export, status=ExportStatus.FAILED, error=error)


def subject_access_execute(export_id: int, *, last_attempt: bool = True) -> bool:
    """Build the export's JSON and PDF (called by the build task). Idempotent: an export that is
    ready or failed is left alone. Answers False when another worker seems to be building it
    (its heartbeat is recent): the task asks again once that heartbeat would be stale, so a
    message redelivered after its worker died still finishes the export.

    Side effects: both files on private storage, progress as it goes. A transient error before
    the last attempt puts the export back in the queue and re-raises for Celery to retry; any
    other error fails it with its message.
    """
    export = _claim(export_id)
    if export is None:
        return not SubjectAccessExport.objects.filter(
            pk=export_id, status=ExportStatus.RUNNING
        ).exists()
    progress = _Heartbeat(export)
    try:
        with tempfile.TemporaryDirectory(prefix="subject-access-") as folder:
            document = gather(export.child, actor=export.requested_by, progress=progress)
            progress(60, "Writing the JSON file")
            write_json(document, Path(folder) / "export.json")
            progress(65, "Laying out the PDF")
            write_pdf(document, Path(folder) / "export.pdf")
            progress(95, "Storing the files")
            _store(export, Path(folder), document.counts())
    except ExportTakenOver:
        logger.warning("Subject access export %s was taken over by another worker", export_id)
    except SoftTimeLimitExceeded:
        _fail(export, MSG_TOO_LONG)
    except TRANSIENT_ERRORS as error:
        if not last_attempt:
            SubjectAccessExport.objects.filter(
                pk=export.pk, status=ExportStatus.RUNNING, attempts=export.attempts
            ).update(status=ExportStatus.QUEUED, progress_message="Waiting to try again")
            raise
        logger.exception("Subject access export %s failed on its last attempt", export_id)
        _fail(export, MSG_FAILED.format(error=error))
    except Exception as error:
        logger.exception("Subject access export %s failed", export_id)
        _fail(export, MSG_FAILED.format(error=error))
    return True


# --- Downloading --------------------------------------------------------------------------------


@transaction.atomic
def subject_access_download(*, actor, export: SubjectAccessExport, fmt: str) -> File:
    """Open one of the export's files for the actor (who reached it through access_export).
    Side effect: an access log row saying which file, by whom, when."""
    if fmt not in ExportFormat.values:
        raise InvalidTransition(MSG_NOT_READY)
    if export.files_deleted_at is not None:
        raise InvalidTransition(MSG_FILES_DELETED)
    if export.status != ExportStatus.DONE:
        raise InvalidTransition(MSG_NOT_READY)
    log_child_view(actor, export.child_id, LOG_DOWNLOADED.format(format=fmt.upper()))
    return getattr(export, f"{fmt}_file").open("rb")
