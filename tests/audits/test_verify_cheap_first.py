"""The public verify endpoint cannot slow the desk: cheap checks first, nothing big kept.

Uploads are hashed while they stream in and read no further than `VERIFY_MAX_BYTES`; a PDF
whose digest is unknown is answered without being parsed; only a byte-identical copy of an
issued report earns a signature check, made by the builder and cached; code lookups are
throttled like uploads.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.test import RequestFactory

from audits.reports import signing, verify_upload
from audits.reports.api import VerifyThrottle, VerifyView
from audits.reports.views import verify_page
from tests.audits.report_fixtures import *  # noqa: F403
from tests.audits.test_api_reports import built_extract

pytestmark = pytest.mark.usefixtures("report_media")

MB = 1024 * 1024


class CountingStream:
    """A request body that counts how much of it the server read."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.read_bytes = 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = self.stream.readline(size)
        self.read_bytes += len(data)
        return data


def upload_request(path: str, content: bytes, **extra):
    request = RequestFactory().post(path, {"file": SimpleUploadedFile("big.pdf", content)})
    request._dont_enforce_csrf_checks = True
    counter = CountingStream(request.environ["wsgi.input"])
    request._stream = LimitedStream(counter, int(request.environ["CONTENT_LENGTH"]))
    return request, counter


def unknown_pdf(size: int) -> bytes:
    return b"%PDF-1.7\n" + b"0" * (size - 9)


@pytest.fixture
def no_pdf_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was parsed")

    monkeypatch.setattr(signing, "signature_check", refuse)
    monkeypatch.setattr(signing, "PdfFileReader", refuse)


@pytest.fixture
def nothing_written(monkeypatch):
    from django.core.files import uploadedfile

    def refuse(*args, **kwargs):
        raise AssertionError("the upload was written to a temporary file")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)


@pytest.mark.parametrize("view", ["api", "page"])
def test_an_upload_over_the_cap_is_refused_unread(db, settings, view):
    settings.VERIFY_MAX_BYTES = 1 * MB
    request, counter = upload_request("/verify/", unknown_pdf(3 * MB))

    response = VerifyView.as_view()(request) if view == "api" else verify_page(request)

    assert response.status_code == 413
    body = response.render().content if view == "api" else response.content
    assert b"larger than 1 MB" in body
    assert counter.read_bytes == 0  # the Content-Length said so: not one byte read


@pytest.mark.parametrize("view", ["api", "page"])
def test_a_stream_past_the_cap_stops_being_read_at_the_cap(db, settings, monkeypatch, view):
    settings.VERIFY_MAX_BYTES = 1 * MB
    # As if the Content-Length had room (other fields): only the stream itself shows the size.
    monkeypatch.setattr(verify_upload, "FORM_SLACK_BYTES", 64 * MB)
    request, counter = upload_request("/verify/", unknown_pdf(6 * MB))

    response = VerifyView.as_view()(request) if view == "api" else verify_page(request)

    assert response.status_code == 413
    assert counter.read_bytes <= 1 * MB + 2 * verify_upload.CHUNK_BYTES


def test_an_unknown_pdf_is_answered_from_its_digest_without_parsing_or_writing_it(
    client, db, no_pdf_parsing, nothing_written
):
    data = unknown_pdf(3 * MB)  # over Django's 2.5 MB in-memory limit: it would hit the disk
    answer = client.post("/api/v1/verify/", {"file": SimpleUploadedFile("u.pdf", data)}).json()

    assert answer["authentic"] is False and "not byte-identical" in answer["reason"]
    assert "signature" not in answer
    page = client.post("/verify/", {"file": SimpleUploadedFile("u.pdf", data)})
    assert page.status_code == 200 and b"Not authentic" in page.content


def test_a_known_report_is_verified_from_the_check_its_builder_made(
    client, hotel_a, ivan, maria, monkeypatch
):
    report = built_extract(hotel_a, ivan, maria)  # the build checks and caches its signature
    data = report.file.open("rb").read()
    original_check = signing.signature_check
    parsed = []
    monkeypatch.setattr(
        signing, "signature_check", lambda data: parsed.append(1) or original_check(data)
    )

    answer = client.post("/api/v1/verify/", {"file": SimpleUploadedFile("r.pdf", data)}).json()

    assert answer["authentic"] is True and answer["signature"]["valid"] is True
    assert answer["report"]["sha256"] == report.sha256
    assert parsed == []  # the web request parsed nothing
    from django.core.cache import cache

    cache.clear()  # a cold cache: the stored file is checked, once
    page = client.post("/verify/", {"file": SimpleUploadedFile("r.pdf", data)})
    assert b"Authentic" in page.content and parsed == [1]


def test_code_lookups_are_throttled_like_uploads(client, db, monkeypatch):
    monkeypatch.setattr(VerifyThrottle, "rate", "2/minute")
    for _ in range(2):
        assert client.get("/verify/?code=HC-2345-6789-ABCD").status_code == 200

    response = client.get("/verify/?code=HC-2345-6789-ABCD")

    assert response.status_code == 429 and b"Too many checks" in response.content
    assert client.get("/verify/").status_code == 200  # the empty page itself is not counted
    api = client.post(
        "/api/v1/verify/", {"code": "HC-2345-6789-ABCD"}, content_type="application/json"
    )
    assert api.status_code == 429


def test_the_cap_is_12_mb_by_default(settings):
    assert settings.VERIFY_MAX_BYTES == 12 * MB
    assert verify_upload.verify_max_bytes() == 12 * MB


def test_the_digest_is_the_whole_files_even_though_only_its_head_is_kept():
    import hashlib

    handler = verify_upload.DigestingUploadHandler(max_bytes=1 * MB)
    handler.new_file("file", "r.pdf", "application/pdf", None)
    data = io.BytesIO(unknown_pdf(300_000))
    while chunk := data.read(verify_upload.CHUNK_BYTES):
        handler.receive_data_chunk(chunk, 0)
    upload = handler.file_complete(300_000)

    assert upload.sha256 == hashlib.sha256(unknown_pdf(300_000)).hexdigest()
    assert upload.size == 300_000 and len(upload.head) == verify_upload.HEAD_BYTES
