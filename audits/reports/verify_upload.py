"""The verify upload, read once as it streams in: hashed, capped, never kept.

A public visitor can send any file; what the verdict needs is its SHA-256 and its first
bytes (is it a PDF at all?). `DigestingUploadHandler` replaces Django's handlers (which
keep an upload in memory up to 2.5 MB, then write it to a temporary file) for the verify
page and endpoint: it updates the digest chunk by chunk, keeps the first `HEAD_BYTES`, and
stops reading as soon as the body is larger than `VERIFY_MAX_BYTES` (at once, from the
Content-Length, when that already says so). Nothing bigger than a chunk is ever held.
"""

import hashlib
import io
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext

HEAD_BYTES = 1024
CHUNK_BYTES = 64 * 1024
# Room for the multipart framing and the form's small fields beside the file.
FORM_SLACK_BYTES = 64 * 1024


def verify_max_bytes() -> int:
    return settings.VERIFY_MAX_BYTES


def too_large_message() -> str:
    limit = verify_max_bytes() // (1024 * 1024)
    return gettext("The file is larger than %(limit)s MB; no report issued here is that large.") % {
        "limit": limit
    }


class DigestedUpload(UploadedFile):
    """What is left of an upload: its name, size, SHA-256 and first bytes (as its content)."""

    def __init__(
        self,
        *,
        name: str | None,
        content_type: str | None,
        size: int,
        charset: str | None,
        sha256: str,
        head: bytes,
    ) -> None:
        super().__init__(io.BytesIO(head), name, content_type, size, charset)
        self.sha256 = sha256
        self.head = head


class DigestingUploadHandler(FileUploadHandler):
    chunk_size = CHUNK_BYTES

    def __init__(self, request: HttpRequest | None = None, *, max_bytes: int | None = None) -> None:
        super().__init__(request)
        self.max_bytes = verify_max_bytes() if max_bytes is None else max_bytes
        self.too_large = False
        self.received = 0  # file bytes over every file of the request

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, UploadedFile]] | None:
        if content_length > self.max_bytes + FORM_SLACK_BYTES:
            self.too_large = True  # refused before one byte of the body is read
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.digest = hashlib.sha256()
        self.head = b""
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.too_large = True
            raise StopUpload(connection_reset=True)  # read no further
        self.digest.update(raw_data)
        if len(self.head) < HEAD_BYTES:
            self.head += raw_data[: HEAD_BYTES - len(self.head)]
        return None

    def file_complete(self, file_size: int) -> DigestedUpload:
        return DigestedUpload(
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            sha256=self.digest.hexdigest(),
            head=self.head,
        )


def install(request: HttpRequest) -> DigestingUploadHandler:
    """Make `request` read its upload with a digesting handler (before its body is touched)."""
    handler = DigestingUploadHandler(request)
    request.upload_handlers = [handler]
    return handler
