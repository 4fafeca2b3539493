"""Where finished reports live: the default storage, which is private (no public URL; files are
served only through the download view, which checks who is asking). Each run has its own folder,
`reports/<public_id>/`, so a retried run finds and replaces its earlier file.

Only the storage API is used, never a local path, so any web or worker host can read what
another wrote (filesystem locally, S3 when AWS_STORAGE_BUCKET_NAME is set).
"""

from __future__ import annotations

from django.core.files.storage import Storage, default_storage


def report_storage() -> Storage:
    """The storage reports are kept on (a callable, so tests may swap the default)."""
    return default_storage


def run_folder(public_id) -> str:
    return f"reports/{public_id}"


def report_file_path(run, filename: str) -> str:
    """`upload_to` for ReportRun.file: the run's own folder, so its path never changes."""
    return f"{run_folder(run.public_id)}/{filename}"


def files_in_run_folder(public_id) -> list[str]:
    """The names of every file stored for the run (normally none or one)."""
    folder = run_folder(public_id)
    try:
        _, files = report_storage().listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(f"{folder}/{name}" for name in files)


def clear_run_folder(public_id, *, keep: str = "") -> None:
    """Delete the run's files except `keep`: a retry must never leave two."""
    storage = report_storage()
    for name in files_in_run_folder(public_id):
        if name != keep:
            storage.delete(name)
