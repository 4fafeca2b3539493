"""With a signing certificate configured, the signed agreement's PDF carries the consortium's PDF
signature: a reader checks it is the file both sides signed, and sees any change made since."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from placements import agreement_seal

from .helpers import signed_agreement

pytestmark = pytest.mark.usefixtures("shared_award_chain")
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def certificate(tmp_path, settings):
    """A self-signed certificate of the consortium's, as a PKCS#12 file the settings name."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "South London Commissioning")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, True, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "consortium.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"consortium",
            key,
            cert,
            None,
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    settings.AGREEMENT_SIGNING_PKCS12 = str(path)
    settings.AGREEMENT_SIGNING_PASSPHRASE = PASSPHRASE
    agreement_seal._signer.cache_clear()
    yield asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    agreement_seal._signer.cache_clear()


def stored(agreement) -> bytes:
    with agreement.signed_pdf.open("rb") as opened:
        return opened.read()


def signatures(data: bytes):
    return PdfFileReader(io.BytesIO(data)).embedded_signatures


def test_the_signed_pdf_carries_the_consortiums_signature(
    placement, pat, alice, emails, real_pdfs, certificate
):
    agreement = signed_agreement(placement, pat, alice, emails)
    data = stored(agreement)
    assert agreement.signed_sha256 == hashlib.sha256(data).hexdigest()
    [signature] = signatures(data)
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[certificate]))
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == "South London Commissioning"


def test_a_change_after_signing_breaks_the_signature(
    placement, pat, alice, emails, real_pdfs, certificate
):
    data = bytearray(stored(signed_agreement(placement, pat, alice, emails)))
    start = data.index(b"stream") + len(b"stream\n")  # inside the first content stream
    data[start] ^= 0x01
    [signature] = signatures(bytes(data))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[certificate]))
    assert not status.intact


def test_without_a_certificate_the_pdf_is_stored_as_rendered(
    placement, pat, alice, emails, real_pdfs, settings
):
    settings.AGREEMENT_SIGNING_PKCS12 = ""
    data = stored(signed_agreement(placement, pat, alice, emails))
    assert signatures(data) == []
