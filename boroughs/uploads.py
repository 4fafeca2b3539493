"""Every file a user uploads is judged here, by its content, before anything keeps it.

An allow-list of document types, each recognised by its structure rather than its first few
bytes: a PDF by its header and the cross-reference its trailer points at; a PNG or JPEG by
Pillow reading it through; a Word, Excel or PowerPoint document (OOXML) by the main part its
`[Content_Types].xml` declares; an OpenDocument text or spreadsheet by its `mimetype` entry;
a legacy Word or Excel file by its OLE2 streams. Anything else is refused, including any
other zip, a zip with a path that climbs out of it or that expands to far more than it
weighs, and office files carrying macros.

The type found decides the stored name's extension and the content type a download is sent
with, never the uploader's file name or the browser's claim, so an HTML page with a PDF
header cannot come back as `statement.html`
(docs/adr/0012-one-guard-for-written-cells-and-uploaded-files.md).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import olefile
from defusedxml import ElementTree
from django.conf import settings
from PIL import Image

from kernel.errors import DomainError


@dataclass(frozen=True)
class FileKind:
    """One accepted type: what it is called to people, its extension and its content type."""

    label: str
    extension: str
    content_type: str


PDF = FileKind("PDF", "pdf", "application/pdf")
JPEG = FileKind("JPG", "jpg", "image/jpeg")
PNG = FileKind("PNG", "png", "image/png")
DOCX = FileKind(
    "DOCX", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileKind("XLSX", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileKind(
    "PPTX", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
ODT = FileKind("ODT", "odt", "application/vnd.oasis.opendocument.text")
ODS = FileKind("ODS", "ods", "application/vnd.oasis.opendocument.spreadsheet")
DOC = FileKind("DOC", "doc", "application/msword")
XLS = FileKind("XLS", "xls", "application/vnd.ms-excel")
ACCEPTED = (PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS)

ACCEPTED_LABELS = ", ".join(kind.label for kind in ACCEPTED[:-1]) + f" or {ACCEPTED[-1].label}"
MAX_UPLOAD_BYTES = settings.UPLOAD_MAX_BYTES  # the limits are stated in settings (ADR 14)
MSG_FILE_TYPE = f"The selected file must be a {ACCEPTED_LABELS}"
MSG_FILE_SIZE = f"The selected file must be smaller than {settings.UPLOAD_MAX_MB}MB"
MSG_FILE_EMPTY = "The selected file is empty"
HELP_TEXT = f"A {ACCEPTED_LABELS} file, smaller than {settings.UPLOAD_MAX_MB}MB."

# Types stored before this guard, or made by the portal itself, still download by their type.
_EARLIER_TYPES = {"text/plain": "txt", "application/zip": "zip"}
DOWNLOAD_TYPES = sorted({kind.content_type for kind in ACCEPTED} | set(_EARLIER_TYPES))


def accept_upload(uploaded_file, *, field: str = "file") -> FileKind:
    """The upload's type, or a DomainError for `field` saying which types are accepted.

    Reads the whole file (10MB at most) and rewinds it for whoever stores it."""
    if uploaded_file.size == 0:
        raise DomainError(MSG_FILE_EMPTY, field=field)
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise DomainError(MSG_FILE_SIZE, field=field)
    uploaded_file.seek(0)
    content = uploaded_file.read()
    uploaded_file.seek(0)
    kind = detect(content)
    if kind is None:
        raise DomainError(MSG_FILE_TYPE, field=field)
    return kind


def detect(content: bytes) -> FileKind | None:
    """The accepted type `content` is, by its structure; None for anything else."""
    for signature, check in _CHECKS:
        if content.startswith(signature):
            return check(content)
    return None


# --- Names and downloads -------------------------------------------------------------------------

_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def stored_name(uploaded_name: str, kind: FileKind) -> str:
    """The name a document is kept and downloaded under: the uploader's name without its
    extension, made safe for a header, then the extension of the type found."""
    stem = PurePosixPath(uploaded_name.replace("\\", "/")).name
    stem = _UNSAFE_IN_NAMES.sub(" ", stem.rsplit(".", 1)[0] if "." in stem else stem).strip(" .")
    return f"{stem[:150] or 'document'}.{kind.extension}"


def extension_for(content_type: str) -> str:
    """The extension of a type found on upload ("bin" for a type this module never found)."""
    for kind in ACCEPTED:
        if kind.content_type == content_type:
            return kind.extension
    return _EARLIER_TYPES.get(content_type, "bin")


def download_name(name: str, content_type: str) -> str:
    """A stored document's name with the extension of its type, whatever name it was kept
    under before the type decided it."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'document'}.{extension_for(content_type)}"


# --- PDF -----------------------------------------------------------------------------------------

# The trailer's pointer to the last cross-reference: a table ("xref") or a stream ("12 0 obj").
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_AT = re.compile(rb"\s*(xref|\d+\s+\d+\s+obj)")
_TAIL = 2048


def _pdf(content: bytes) -> FileKind | None:
    """A PDF header (version 1.x or 2.0) at the start, and a trailer whose startxref points at
    a cross-reference in the file: a page with `%PDF-` pasted on top has neither."""
    if not re.match(rb"%PDF-[12]\.\d", content):
        return None
    pointer = _STARTXREF.search(content[-_TAIL:])
    if pointer is None:
        return None
    offset = int(pointer.group(1))
    if not 0 < offset < len(content) or not _XREF_AT.match(content, offset):
        return None
    return PDF


# --- Images --------------------------------------------------------------------------------------


def _image(expected: str, kind: FileKind):
    def check(content: bytes) -> FileKind | None:
        """Pillow reads it through as `expected` (PNG checks every chunk's CRC)."""
        try:
            with Image.open(io.BytesIO(content), formats=[expected]) as image:
                image.verify()
        except Exception:  # any failure to read it is a refusal (Pillow raises many types)
            return None
        return kind

    return check


# --- Zip containers: OOXML and OpenDocument ------------------------------------------------------

MAX_ZIP_ENTRIES = 5_000
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_EXPANSION_RATIO = 100
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
OOXML_MACROS = "application/vnd.ms-office.vbaProject"
ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
ODF_MACRO_FOLDERS = ("Basic/", "Scripts/")
ZIP_ERRORS = (zipfile.BadZipFile, ValueError, KeyError, OSError, RuntimeError, NotImplementedError)


def _zip(content: bytes) -> FileKind | None:
    """An office document in a zip that is safe to open; any other zip is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if not _safe_zip(entries, len(content)):
                return None
            return _ooxml(archive) or _opendocument(archive, entries)
    # defusedxml's refusals (entities, external DTDs) are ValueErrors; encrypted entries and
    # unknown compression raise RuntimeError and NotImplementedError.
    except (*ZIP_ERRORS, ElementTree.ParseError):
        return None


def _safe_zip(entries: list[zipfile.ZipInfo], size: int) -> bool:
    """Few enough entries, none climbing out of the archive, and no zip bomb."""
    if not entries or len(entries) > MAX_ZIP_ENTRIES:
        return False
    for entry in entries:
        path = PurePosixPath(entry.filename)
        if not path.parts or path.is_absolute() or ".." in path.parts:
            return False
        if "\\" in entry.filename or ":" in path.parts[0]:  # a Windows path or drive
            return False
    expanded = sum(entry.file_size for entry in entries)
    return expanded <= MAX_EXPANDED_BYTES and expanded <= size * MAX_EXPANSION_RATIO


def _ooxml(archive: zipfile.ZipFile) -> FileKind | None:
    """The one main part `[Content_Types].xml` declares, present in the archive, no macros."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return None
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        return None
    root = ElementTree.fromstring(archive.read(info))
    declared = {
        element.get("ContentType", ""): element.get("PartName", "")
        for element in root
        if element.tag.endswith("}Override")
    }
    names = set(archive.namelist())
    if OOXML_MACROS in declared or any(name.endswith("vbaProject.bin") for name in names):
        return None
    kinds = [kind for main, kind in OOXML_MAIN_PARTS.items() if main in declared]
    if len(kinds) != 1:
        return None
    main_part = next(declared[main] for main, kind in OOXML_MAIN_PARTS.items() if kind == kinds[0])
    return kinds[0] if main_part.lstrip("/") in names else None


def _opendocument(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> FileKind | None:
    """OpenDocument's rule: the first entry is `mimetype`, naming the type; content.xml exists."""
    first = entries[0]
    if first.filename != "mimetype" or first.file_size > 100:
        return None
    kind = ODF_TYPES.get(archive.read(first).decode("ascii", "replace").strip())
    names = archive.namelist()
    if kind is None or "content.xml" not in names:
        return None
    if any(name.startswith(ODF_MACRO_FOLDERS) for name in names):
        return None
    return kind


# --- OLE2: legacy Word and Excel -----------------------------------------------------------------

OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba"}


def _ole(content: bytes) -> FileKind | None:
    """A Word 97-2003 document has a WordDocument stream, an Excel 97-2003 workbook a Workbook
    (or Book) stream; one with a VBA project, or an encrypted package, is refused."""
    try:
        with olefile.OleFileIO(content) as ole:
            entries = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises several types for a damaged file
        return None
    if any(part in OLE_MACRO_STORAGES for entry in entries for part in entry.split("/")):
        return None
    if "worddocument" in entries:
        return DOC
    if "workbook" in entries or "book" in entries:
        return XLS
    return None


_CHECKS = (
    (b"%PDF-", _pdf),
    (b"\x89PNG\r\n\x1a\n", _image("PNG", PNG)),
    (b"\xff\xd8\xff", _image("JPEG", JPEG)),
    (b"PK\x03\x04", _zip),
    (olefile.MAGIC, _ole),
)
