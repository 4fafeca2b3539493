"""Small real documents for upload tests, made the way their formats say (no mocks): a PDF with
a cross-reference table its trailer points at, images Pillow writes, and office documents
zipped with the parts their content types declare."""

from __future__ import annotations

import io
import struct
import zipfile

from PIL import Image

PDF_OBJECTS = (
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
)


def tiny_pdf() -> bytes:
    """A one-page PDF whose xref offsets are right, so any reader opens it."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(PDF_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return bytes(out)


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 112, 60)).save(buffer, format=fmt)
    return buffer.getvalue()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{main}"/>
</Types>"""
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Safeguarding policy</w:t></w:r></w:p></w:body></w:document>"""


def zipped(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(*, main: str = DOCX_MAIN, **extra: bytes | str) -> bytes:
    """A minimal Word document: content types, the package relationship and the body."""
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(main=main),
            "_rels/.rels": RELS,
            "word/document.xml": DOCUMENT,
            **extra,
        }
    )


def odt() -> bytes:
    """A minimal OpenDocument text: `mimetype` first, then its content."""
    return zipped(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        }
    )


# --- A legacy (OLE2 compound file) document --------------------------------------------------------

ENDOFCHAIN, FATSECT, FREESECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
STREAM_SECTORS = 8  # 4,096 bytes: the mini-stream cutoff, so streams live in ordinary sectors


def _directory_entry(name: str, kind: int, *, sibling=NOSTREAM, child=NOSTREAM, start=0, size=0):
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(encoded), kind, 1, NOSTREAM, sibling, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, size)
    )


def ole(*streams: str, storages: tuple[str, ...] = ()) -> bytes:
    """A Word or Excel 97-2003 style compound file (version 3, 512-byte sectors): one FAT
    sector, one directory sector (root and at most three entries), each stream 4,096 bytes."""
    names = [(name, 2) for name in streams] + [(name, 1) for name in storages]
    assert len(names) <= 3, "one directory sector holds the root and three entries"
    fat = [FATSECT, ENDOFCHAIN]
    entries = [_directory_entry("Root Entry", 5, child=1, start=ENDOFCHAIN)]
    for index, (name, kind) in enumerate(names, start=1):
        sibling = index + 1 if index < len(names) else NOSTREAM
        if kind == 2:
            start = len(fat)
            fat += [*range(start + 1, start + STREAM_SECTORS), ENDOFCHAIN]
            entries.append(_directory_entry(name, 2, sibling=sibling, start=start, size=4096))
        else:
            entries.append(_directory_entry(name, 1, sibling=sibling, start=0))
    entries += [_directory_entry("", 0)] * (4 - len(entries))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH6sIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1)
        + struct.pack("<IIIIII", 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
        + struct.pack("<109I", 0, *[FREESECT] * 108)
    )
    fat_sector = struct.pack("<128I", *fat, *[FREESECT] * (128 - len(fat)))
    data = b"\x00" * 512 * (len(fat) - 2)
    return header + fat_sector + b"".join(entries) + data
