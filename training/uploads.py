"""Certificate files: checked by their content on the way in, served safely on the way out.

The generic checks (content detection, sanitised names, the size limit, the safe download
response) live in `hotelcompliance.uploads`; this module names the certificate's rules: a PDF,
PNG or JPEG of at most 10 MB, stored as `certificates/<property>/<uuid4>.<ext>`.
"""

from typing import IO, TYPE_CHECKING, Any

from django.http import FileResponse, Http404

from hotelcompliance.uploads import (
    CONTENT_TYPES,
    EXTENSIONS,
    JPEG,
    KINDS,
    MAX_NAME_LENGTH,
    MAX_UPLOAD_BYTES,
    PDF,
    PNG,
    CheckedUpload,
    FileKind,
    check_upload,
    detect_kind,
    generated_name,
    safe_file_response,
)
from hotelcompliance.uploads import sanitise_name as _sanitise_name

if TYPE_CHECKING:
    from django.http import HttpRequest

    from hotelcompliance.tenancy import Property

__all__ = [
    "CONTENT_TYPES",
    "EXTENSIONS",
    "JPEG",
    "KINDS",
    "MAX_CERTIFICATE_BYTES",
    "MAX_NAME_LENGTH",
    "PDF",
    "PNG",
    "CheckedCertificate",
    "FileKind",
    "certificate_download",
    "certificate_response",
    "certificate_upload_to",
    "check_certificate",
    "detect_kind",
    "sanitise_name",
]

MAX_CERTIFICATE_BYTES = MAX_UPLOAD_BYTES
CheckedCertificate = CheckedUpload


def sanitise_name(name: str, *, extension: str) -> str:
    """A certificate's display name (`certificate.<ext>` when nothing usable is left)."""
    return _sanitise_name(name, extension=extension, default="certificate")


def check_certificate(upload: IO[bytes]) -> CheckedCertificate:
    """Accept a PDF, PNG or JPEG of at most 10 MB whose name agrees with its content."""
    return check_upload(upload, kinds=KINDS, max_bytes=MAX_CERTIFICATE_BYTES, noun="certificate")


def certificate_upload_to(instance: Any, filename: str) -> str:
    """`certificates/<property id>/<uuid4>.<ext>`: nothing of the uploaded name survives."""
    return generated_name("certificates", instance.employee.property_id, filename)


def signature_upload_to(instance: Any, filename: str) -> str:
    """`signatures/<property id>/<uuid4>.png`: a drawn signature, private like certificates."""
    return generated_name("signatures", instance.attempt.employee.property_id, filename)


def certificate_response(record: Any) -> FileResponse:
    """The record's certificate as a download: attachment, detected type, never sniffed."""
    if not record.certificate:
        raise Http404("This training record has no certificate.")
    return safe_file_response(
        record.certificate, display_name=record.certificate_name, default="certificate"
    )


def certificate_download(*, record: Any, prop: "Property", request: "HttpRequest") -> FileResponse:
    """Serve the certificate and record who downloaded it (the caller checked access)."""
    from hotelcompliance.access_log import access_download_record

    response = certificate_response(record)
    access_download_record(request, prop, "certificate", record.pk)
    return response
