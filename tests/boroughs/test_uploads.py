"""One judge of uploaded files (docs/adr/0012): the content decides the type from an allow-list,
and the type, never the uploader's name, decides the stored name's extension."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from boroughs import uploads
from kernel.errors import DomainError

from ..documents import CONTENT_TYPES, DOCUMENT, DOCX_MAIN, docx, image, odt, ole, tiny_pdf, zipped

HTML_WITH_A_PDF_HEADER = (
    b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
)


def xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Weekly fee"
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "statement.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (tiny_pdf(), uploads.PDF),
        (image("PNG"), uploads.PNG),
        (image("JPEG"), uploads.JPEG),
        (docx(), uploads.DOCX),
        (xlsx(), uploads.XLSX),
        (odt(), uploads.ODT),
        (ole("WordDocument", "1Table"), uploads.DOC),
        (ole("Workbook"), uploads.XLS),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx", "odt", "doc", "xls"],
)
def test_documents_of_each_accepted_type_are_recognised_by_their_structure(content, kind):
    assert uploads.accept_upload(upload(content, "anything.html")) == kind


REFUSED = {
    "an HTML page with a PDF header": HTML_WITH_A_PDF_HEADER,
    "a PDF header and %%EOF but no cross-reference": HTML_WITH_A_PDF_HEADER + b"%%EOF\n",
    "a trailer pointing at nothing": b"%PDF-1.4\n<html></html>\nstartxref\n12\n%%EOF\n",
    "a program": b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode",
    "plain text": b"Our safeguarding policy, typed in a text file.\n",
    "a PNG signature on something else": b"\x89PNG\r\n\x1a\n<html></html>",
    "a random zip renamed .docx": zipped({"notes.txt": "hello", "evil.html": "<script>"}),
    "a zip with a content types file but no main part": docx(main="application/xml"),
    "a docx whose main part is missing": zipped(
        {"[Content_Types].xml": CONTENT_TYPES.format(main=DOCX_MAIN)}
    ),
    "a macro-enabled Word document": docx(
        main="application/vnd.ms-word.document.macroEnabled.main+xml"
    ),
    "a docx carrying a VBA project": docx(**{"word/vbaProject.bin": b"\x00" * 64}),
    "a docx with a path that climbs out": docx(**{"../../etc/cron.d/evil": "* * * * * root sh"}),
    "a Word 97-2003 document with macros": ole("WordDocument", storages=("Macros",)),
    "an encrypted office document": ole("EncryptedPackage"),
    "an OLE2 signature on something else": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
}


@pytest.mark.parametrize("content", REFUSED.values(), ids=REFUSED.keys())
def test_anything_else_is_refused_with_the_types_that_are_accepted(content):
    with pytest.raises(DomainError) as refused:
        uploads.accept_upload(upload(content))

    assert refused.value.field == "file"
    assert refused.value.message == (
        "The selected file must be a PDF, JPG, PNG, DOCX, XLSX, PPTX, ODT, ODS, DOC or XLS"
    )


def test_a_zip_bomb_is_refused_before_it_is_expanded():
    padded = docx(**{"word/media/padding.bin": b"\x00" * (5 * 1024 * 1024)})

    with pytest.raises(DomainError):
        uploads.accept_upload(upload(padded))


def test_content_types_declared_through_xml_entities_are_refused():
    """A plain XML parser would read this as a Word document; entities are how XML bombs
    work, so the parser refuses any."""
    with_entity = (
        f'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY main "{DOCX_MAIN}">]>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="&main;"/></Types>'
    )
    crafted = zipped({"[Content_Types].xml": with_entity, "word/document.xml": DOCUMENT})

    with pytest.raises(DomainError):
        uploads.accept_upload(upload(crafted))


def test_an_empty_file_and_a_large_one_are_refused_with_their_own_messages():
    with pytest.raises(DomainError, match="The selected file is empty"):
        uploads.accept_upload(upload(b""))
    with pytest.raises(DomainError, match="smaller than 10MB"):
        uploads.accept_upload(upload(tiny_pdf() + b" " * uploads.MAX_UPLOAD_BYTES))


@pytest.mark.parametrize(
    ("name", "kind", "stored"),
    [
        ("statement.html", uploads.PDF, "statement.pdf"),
        ("C:\\Users\\pat\\policy.docx", uploads.PDF, "policy.pdf"),
        ("../../etc/passwd", uploads.PNG, "passwd.png"),
        ('quote"s;\r\n.exe', uploads.JPEG, "quote s.jpg"),
        (".html", uploads.PDF, "document.pdf"),
    ],
)
def test_the_stored_name_takes_its_extension_from_the_type_found(name, kind, stored):
    assert uploads.stored_name(name, kind) == stored


# --- No other upload field ----------------------------------------------------------------------

APPS = ("kernel", "boroughs", "providers", "placements", "outcomes", "commissioning")
PLAIN_UPLOAD_FIELDS = {"FileField", "ImageField"}


def _plain_upload_fields(path: Path) -> list[str]:
    """Form and serializer file fields made directly (model FileFields hold what services
    stored, so they are left alone); `request.FILES` read outside a form or serializer."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = getattr(node.func.value, "id", "")
            if node.func.attr in PLAIN_UPLOAD_FIELDS and owner in {"forms", "serializers"}:
                found.append(f"{path}:{node.lineno} makes a {owner}.{node.func.attr}")
        if isinstance(node, ast.Attribute) and node.attr == "FILES":
            found.append(f"{path}:{node.lineno} reads request.FILES")
    return found


def test_every_upload_field_judges_the_file_with_boroughs_uploads():
    offences = [
        offence
        for app in APPS
        for path in Path(settings.BASE_DIR, app).rglob("*.py")
        if "migrations" not in path.parts
        for offence in _plain_upload_fields(path)
    ]
    assert offences == []
