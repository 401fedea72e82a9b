"""Files for the audits tests: real PDFs and images, and things that only pretend to be."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen import canvas

HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def pdf_bytes(text: str = "Administrative subpoena") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def image_bytes(fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def big_pdf(megabytes: int) -> bytes:
    """A PDF-looking file of the given size (its head and tail are right; only size is wrong)."""
    head = pdf_bytes()
    return head + b"%" + b"0" * (megabytes * 1024 * 1024 - len(head) - 8) + b"\n%%EOF\n"


@pytest.fixture
def audit_media(settings, tmp_path):
    """Uploaded files go to a private folder of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
