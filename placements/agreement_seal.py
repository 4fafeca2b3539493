"""The PDF signature on a signed agreement: the portal seals the final PDF with the consortium's
certificate, when one is configured, so that anyone holding the file can check in a PDF reader
that it is the one both sides signed and that it has not changed since (ADR 20).

`AGREEMENT_SIGNING_PKCS12` names a PKCS#12 file (certificate and private key, with its chain
if any) and `AGREEMENT_SIGNING_PASSPHRASE` its passphrase. Without them the PDF is stored as
rendered; either way the SHA-256 of the stored file is recorded.
"""

from __future__ import annotations

import io
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FIELD_NAME = "ConsortiumSeal"


def configured() -> bool:
    return bool(getattr(settings, "AGREEMENT_SIGNING_PKCS12", ""))


@lru_cache(maxsize=4)
def _signer(path: str, passphrase: str):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode() or None)
    if signer is None:
        raise ImproperlyConfigured(f"AGREEMENT_SIGNING_PKCS12: cannot read a key from {path}")
    return signer


def seal(data: bytes, *, reason: str) -> bytes:
    """`data` (a PDF) with the consortium's signature added, or unchanged if none is configured."""
    if not configured():
        return data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = _signer(settings.AGREEMENT_SIGNING_PKCS12, settings.AGREEMENT_SIGNING_PASSPHRASE)
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)),
        signers.PdfSignatureMetadata(field_name=FIELD_NAME, reason=reason),
        signer=signer,
    )
    return out.getvalue()
