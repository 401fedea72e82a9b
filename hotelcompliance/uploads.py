"""Uploaded files: checked by their content on the way in, served safely on the way out.

A file's name and declared content type are chosen by whoever uploads it, so neither decides
anything: the first bytes must be those of an accepted kind (PDF, PNG, JPEG), the name's
extension must agree with them, and the structure must hold (`upload_content`: an image's
pixel count is checked before decoding, a PDF must open with pages and no active content).
Apps store files under a generated name (see `generated_name`) in the default storage, which
no URL serves (`MEDIA_URL` has no route): every download goes through a view that checks the
tenant and writes an access event. The uploaded name is kept,
sanitised, for display and for the download's filename only.
"""

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from hotelcompliance.upload_content import check_image, check_pdf

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
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
IMAGES = (PNG, JPEG)
EXTENSIONS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}
CONTENT_TYPES = {kind.content_type for kind in KINDS}


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    display_name: str


def detect_kind(head: bytes, kinds: Iterable[FileKind] = KINDS) -> FileKind | None:
    """The kind of file these first bytes start, or None."""
    for kind in kinds:
        if head.startswith(kind.signature):
            return kind
    return None


def sanitise_name(name: str, *, extension: str, default: str = "file") -> str:
    """A display name from an uploaded one: no folders, no control characters, ASCII only."""
    base = re.split(r"[\\/]", name or "")[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", ascii_name).strip(" ._-")
    stem = PurePosixPath(cleaned).stem.strip(" ._-")[: MAX_NAME_LENGTH - 5] or default
    return f"{stem}.{extension}"


def check_size(upload, *, max_bytes: int = MAX_UPLOAD_BYTES, noun: str = "file") -> int:
    """The upload's size, if it is neither empty nor over the limit (code `too_large`)."""
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The file is {size / 1024 / 1024:.1f} MB; a {noun} may be at most "
            f"{max_bytes // (1024 * 1024)} MB.",
            code="too_large",
        )
    return size


def check_upload(
    upload,
    *,
    kinds: tuple[FileKind, ...] = KINDS,
    max_bytes: int = MAX_UPLOAD_BYTES,
    noun: str = "file",
) -> CheckedUpload:
    """Accept a file of one of `kinds`, within the size limit, whose name agrees with its content.

    Codes: `empty`, `too_large`, `extension`, `content`, `mismatch`, `too_many_pixels`,
    `encrypted`, `active_content`.
    """
    size = check_size(upload, max_bytes=max_bytes, noun=noun)
    labels = _labels(kinds)
    suffix = PurePosixPath(re.split(r"[\\/]", upload.name or "")[-1]).suffix.lower()
    named = EXTENSIONS.get(suffix)
    if named is None or named not in kinds:
        endings = _join([s for s, kind in EXTENSIONS.items() if kind in kinds])
        raise ValidationError(
            f"Upload a {labels} file (a name ending in {endings}).", code="extension"
        )
    kind = detect_kind(_read_head(upload), KINDS)
    if kind is None or kind not in kinds:
        raise ValidationError(
            f"This file is not a {named.label}, whatever its name says: its content is not "
            f"that of a {labels}.",
            code="content",
        )
    if kind is not named:
        raise ValidationError(
            f"The file's content is a {kind.label} but its name ends in {suffix}; "
            f"rename it to .{kind.extension}.",
            code="mismatch",
        )
    if kind is PDF and b"%%EOF" not in _read_tail(upload, size):
        raise ValidationError(
            _("This PDF is incomplete or damaged (it has no end)."), code="content"
        )
    if kind is PDF:
        check_pdf(upload)
    else:
        check_image(upload, label=noun)
    return CheckedUpload(kind, sanitise_name(upload.name, extension=kind.extension, default=noun))


def _labels(kinds: tuple[FileKind, ...]) -> str:
    return _join([kind.label for kind in kinds])


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


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


def sha256_of(upload) -> str:
    """The SHA-256 of an upload's content, read in chunks (the file is left at its start)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def generated_name(folder: str, owner_id, filename: str) -> str:
    """`<folder>/<owner id>/<uuid4>.<ext>`: nothing of the uploaded name survives."""
    suffix = PurePosixPath(filename).suffix.lower()
    extension = EXTENSIONS[suffix].extension if suffix in EXTENSIONS else "bin"
    return f"{folder}/{owner_id}/{uuid.uuid4()}.{extension}"


def kind_of_stored(fieldfile) -> FileKind | None:
    """The kind of a stored file, from its generated name's extension."""
    if not fieldfile:
        return None
    return EXTENSIONS.get(PurePosixPath(fieldfile.name).suffix.lower())


def safe_file_response(fieldfile, *, display_name: str, default: str = "file") -> FileResponse:
    """A stored file as a download: attachment, detected type, never sniffed, never cached.

    A missing or unknown file is a 404 (never a 500).
    """
    kind = kind_of_stored(fieldfile)
    if kind is None:
        raise Http404("No such file.")
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    name = sanitise_name(display_name or default, extension=kind.extension, default=default)
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=kind.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
