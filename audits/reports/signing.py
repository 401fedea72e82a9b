"""The installation's signing key: every issued PDF carries a PAdES signature made with it.

`manage.py create_signing_key` makes a self-signed key and certificate once per installation
(under `REPORT_SIGNING_DIR`); an operator may replace both files with their own (a certificate
from their CA makes readers show the signer as trusted). A PDF reader then shows each report
as signed and unaltered; `signature_check` proves the same here, trusting only this
installation's certificate.
"""

import datetime
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

KEY_FILE = "signing-key.pem"
CERT_FILE = "signing-cert.pem"
FIELD_NAME = "HotelComplianceSignature"
CERT_YEARS = 10


class SigningKeyMissing(Exception):
    """No key to sign with: the operator must run `manage.py create_signing_key`."""


def signing_dir() -> Path:
    return Path(settings.REPORT_SIGNING_DIR)


def signing_key_exists() -> bool:
    return (signing_dir() / KEY_FILE).exists() and (signing_dir() / CERT_FILE).exists()


def signing_key_create(*, common_name: str, organisation: str = "", force: bool = False) -> Path:
    """Write a new RSA key and a self-signed signing certificate; return the directory.

    Refuses to replace an existing pair unless `force` (reports signed before stay verifiable
    by their stored digest; their signatures then name the old certificate).
    """
    directory = signing_dir()
    if signing_key_exists() and not force:
        raise FileExistsError(f"A signing key already exists in {directory}.")
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(attributes)
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * CERT_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path = directory / KEY_FILE
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    (directory / CERT_FILE).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return directory


def _signer() -> signers.SimpleSigner:
    if not signing_key_exists():
        raise SigningKeyMissing(
            "No report signing key: run `manage.py create_signing_key` (see README, Operations)."
        )
    return signers.SimpleSigner.load(str(signing_dir() / KEY_FILE), str(signing_dir() / CERT_FILE))


def sign_pdf(source: Path, target: Path, *, reason: str, location: str) -> None:
    """Sign `source` into `target` (PAdES baseline B, SHA-256) as an incremental update."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    with source.open("rb") as inf, target.open("wb") as outf:
        writer = IncrementalPdfFileWriter(inf, strict=False)
        signers.sign_pdf(writer, meta, signer=_signer(), output=outf)


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""

    @property
    def valid(self) -> bool:
        """Signed by this installation, unaltered, covering every byte of the file."""
        return self.signed and self.intact and self.trusted and self.whole_file


def _trust_roots() -> list[asn1_x509.Certificate]:
    path = signing_dir() / CERT_FILE
    if not path.exists():
        return []
    pem = path.read_bytes()
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return [asn1_x509.Certificate.load(der)]


def trust_fingerprint() -> str:
    """A short fingerprint of the certificate signatures are checked against ('' if none)."""
    path = signing_dir() / CERT_FILE
    if not path.exists():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def signature_check(data: bytes) -> SignatureCheck:
    """Check the PDF's signature: intact, made with our certificate, covering the whole file."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # not a PDF we can parse: simply not signed by us
        return SignatureCheck(signed=False)
    if not embedded:
        return SignatureCheck(signed=False)
    sig = embedded[0]
    try:
        context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception:
        return SignatureCheck(signed=True)
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly,
    )
