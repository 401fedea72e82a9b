"""Certificate files: checked by their content on the way in, served safely on the way out.

A file's name and declared content type are chosen by whoever uploads it, so neither decides
anything: the first bytes must be those of a PDF, PNG or JPEG, and the name's extension must
agree with them. The stored name is generated (`certificates/<property>/<uuid4>.<ext>`); the
uploaded name is kept, sanitised, for display and for the download's filename only.
"""

import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extension: str
    signature: bytes


PDF = FileKind("PDF", "application/pdf", "pdf", b"%PDF-")
PNG = FileKind("PNG", "image/png", "png", b"\x89PNG\r\n\x1a\n")
JPEG = FileKind("JPEG", "image/jpeg", "jpg", b"\xff\xd8\xff")
KINDS = (PDF, PNG, JPEG)
EXTENSIONS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}
CONTENT_TYPES = {kind.content_type for kind in KINDS}


@dataclass(frozen=True)
class CheckedCertificate:
    kind: FileKind
    display_name: str


def detect_kind(head: bytes) -> FileKind | None:
    """The kind of file these first bytes start, or None."""
    for kind in KINDS:
        if head.startswith(kind.signature):
            return kind
    return None


def sanitise_name(name: str, *, extension: str) -> str:
    """A display name from an uploaded one: no folders, no control characters, ASCII only."""
    base = re.split(r"[\\/]", name or "")[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", ascii_name).strip(" ._-")
    stem = PurePosixPath(cleaned).stem.strip(" ._-")[: MAX_NAME_LENGTH - 5] or "certificate"
    return f"{stem}.{extension}"


def check_certificate(upload) -> CheckedCertificate:
    """Accept a PDF, PNG or JPEG of at most 10 MB whose name agrees with its content."""
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError("The file is empty.", code="empty")
    if size > MAX_CERTIFICATE_BYTES:
        raise ValidationError(
            f"The file is {size / 1024 / 1024:.1f} MB; a certificate may be at most 10 MB.",
            code="too_large",
        )
    suffix = PurePosixPath(re.split(r"[\\/]", upload.name or "")[-1]).suffix.lower()
    named = EXTENSIONS.get(suffix)
    if named is None:
        raise ValidationError(
            "Upload a PDF, PNG or JPEG file (a name ending in .pdf, .png, .jpg or .jpeg).",
            code="extension",
        )
    kind = detect_kind(_read_head(upload))
    if kind is None:
        raise ValidationError(
            f"This file is not a {named.label}, whatever its name says: its content is not "
            "that of a PDF, PNG or JPEG.",
            code="content",
        )
    if kind is not named:
        raise ValidationError(
            f"The file's content is a {kind.label} but its name ends in {suffix}; "
            f"rename it to .{kind.extension}.",
            code="mismatch",
        )
    if kind is PDF and b"%%EOF" not in _read_tail(upload, size):
        raise ValidationError("This PDF is incomplete or damaged (it has no end).", code="content")
    return CheckedCertificate(kind, sanitise_name(upload.name, extension=kind.extension))


def _read_head(upload, length: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _read_tail(upload, size: int, length: int = 1024) -> bytes:
    upload.seek(max(0, size - length))
    tail = upload.read(length)
    upload.seek(0)
    return tail


def certificate_upload_to(instance, filename: str) -> str:
    """`certificates/<property id>/<uuid4>.<ext>`: nothing of the uploaded name survives."""
    suffix = PurePosixPath(filename).suffix.lower()
    extension = EXTENSIONS[suffix].extension if suffix in EXTENSIONS else "bin"
    return f"certificates/{instance.employee.property_id}/{uuid.uuid4()}.{extension}"


def certificate_response(record) -> FileResponse:
    """The record's certificate as a download: attachment, detected type, never sniffed."""
    if not record.certificate:
        raise Http404("This training record has no certificate.")
    kind = EXTENSIONS.get(PurePosixPath(record.certificate.name).suffix.lower())
    if kind is None:
        raise Http404("This training record has no certificate.")
    try:
        handle = record.certificate.open("rb")
    except FileNotFoundError:
        raise Http404("The certificate file is missing.") from None
    name = sanitise_name(record.certificate_name or "certificate", extension=kind.extension)
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=kind.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def certificate_download(*, record, prop, request) -> FileResponse:
    """Serve the certificate and record who downloaded it (the caller checked access)."""
    from hotelcompliance.access_log import AccessKind, access_event_record

    response = certificate_response(record)
    access_event_record(
        actor=request.user,
        prop=prop,
        kind=AccessKind.DOWNLOAD,
        object_type="certificate",
        object_id=str(record.pk),
        request=request,
    )
    return response
