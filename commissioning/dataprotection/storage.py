"""Where subject access exports are kept: the default storage, which is private (files are served
only through the download views, which check who is asking and log it), one folder per export:
`subject-access/<public_id>/`. Only the storage API is used, never a local path, so any host can
read what a worker wrote (filesystem locally, S3 when AWS_STORAGE_BUCKET_NAME is set)."""

from __future__ import annotations

from django.core.files.storage import Storage, default_storage


def export_storage() -> Storage:
    """The storage exports are kept on (a callable, so tests may swap the default)."""
    return default_storage


def export_folder(public_id) -> str:
    return f"subject-access/{public_id}"


def export_file_path(export, filename: str) -> str:
    """`upload_to` for the export's files: its own folder, so its paths never change."""
    return f"{export_folder(export.public_id)}/{filename}"


def clear_export_folder(public_id) -> None:
    """Delete every file stored for the export (a retry's leftovers, or at anonymisation)."""
    storage = export_storage()
    folder = export_folder(public_id)
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{folder}/{name}")
