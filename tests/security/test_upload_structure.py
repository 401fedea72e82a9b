"""Uploads are checked by structure: an image's pixel count before decoding, a PDF that opens
with pages and carries no active content. Each hostile file is built here, in the test."""

import io
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from hotelcompliance.uploads import KINDS, check_upload
from tests.audits.factories import file_request
from tests.audits.files import image_bytes, pdf_bytes
from tests.training.factories import CourseFactory, EmployeeFactory
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db


# ---- files -------------------------------------------------------------------------------


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims this size; its pixel data is almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def real_png(width: int, height: int, mode: str = "1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, format="PNG")
    return out.getvalue()


def pdf_with(change) -> bytes:
    """A one-page PDF changed by `change(writer)` before it is written (JavaScript goes in as
    the document-level name tree plus an /OpenAction: pypdf 7's `add_open_action`)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def launch_action(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def page_additional_action(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("http://x")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})


def truncated_pdf() -> bytes:
    whole = pdf_bytes()
    return whole[: len(whole) // 2] + b"\n%%EOF\n"


PDF_WITHOUT_PAGES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

REFUSED_PDFS = {
    "javascript": (
        lambda: pdf_with(lambda w: w.add_open_action(JavaScript("app.alert('hi');"))),
        "active_content",
    ),
    "launch action": (lambda: pdf_with(launch_action), "active_content"),
    "additional actions": (lambda: pdf_with(page_additional_action), "active_content"),
    "embedded file": (
        lambda: pdf_with(lambda w: w.add_attachment("run.exe", b"MZ...")),
        "active_content",
    ),
    "truncated": (truncated_pdf, "content"),
    "no pages": (lambda: PDF_WITHOUT_PAGES, "content"),
    "pdf header, junk": (lambda: b"%PDF-1.7\n" + b"\x00junk" * 100 + b"\n%%EOF\n", "content"),
    "encrypted": (lambda: pdf_with(lambda w: w.encrypt("secret")), "encrypted"),
}


def checked(name: str, content: bytes, kinds=KINDS, noun="file"):
    return check_upload(SimpleUploadedFile(name, content), kinds=kinds, noun=noun)


# ---- the checks --------------------------------------------------------------------------


@pytest.mark.parametrize("case", REFUSED_PDFS, ids=list(REFUSED_PDFS))
def test_a_pdf_that_is_broken_or_carries_active_content_is_refused(case):
    make, code = REFUSED_PDFS[case]

    with pytest.raises(ValidationError) as refused:
        checked("certificate.pdf", make())

    assert refused.value.code == code


def test_the_refusal_names_the_active_content_and_the_way_out():
    with pytest.raises(ValidationError) as refused:
        checked(
            "certificate.pdf", pdf_with(lambda w: w.add_open_action(JavaScript("app.alert(1);")))
        )

    message = refused.value.messages[0]
    assert "active content (JavaScript)" in message and "Save as PDF" in message


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(),
        pdf_with(lambda w: None),
        pdf_with(lambda w: w.add_uri(0, "https://provider.example/verify", [0, 0, 50, 50])),
    ],
    ids=["reportlab", "pypdf", "with a web link"],
)
def test_a_plain_pdf_is_accepted(content):
    assert checked("certificate.pdf", content).kind.label == "PDF"


@pytest.mark.parametrize(
    "content",
    [png_claiming(100_000, 100_000), png_claiming(7000, 7000), real_png(8000, 6000)],
    ids=["claims 10 gigapixels", "claims 49 megapixels", "48 megapixels, 1-bit"],
)
def test_an_image_over_the_pixel_limit_is_refused_before_decoding(content):
    with pytest.raises(ValidationError) as refused:
        checked("photo.png", content, noun="photo")

    assert refused.value.code == "too_many_pixels"
    assert "at most 40 megapixels" in refused.value.messages[0]


def test_the_pixel_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1000

    with pytest.raises(ValidationError):
        checked("photo.png", real_png(40, 40))
    assert checked("photo.png", real_png(20, 20)).kind.label == "PNG"


def test_an_image_at_the_limit_and_a_damaged_image(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 100 * 100
    good = real_png(100, 100, "RGB")

    assert checked("photo.png", good).kind.label == "PNG"
    assert checked("photo.jpg", image_bytes("JPEG")).kind.label == "JPEG"
    with pytest.raises(ValidationError) as damaged:
        checked("photo.png", good[:-20] + b"\x00" * 20)
    assert damaged.value.code == "content"


# ---- through the upload endpoints: a field message, nothing stored ------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (
            "cert.pdf",
            pdf_with(lambda w: w.add_open_action(JavaScript("app.alert(1);"))),
            "active content",
        ),
        ("cert.pdf", truncated_pdf(), "damaged or incomplete"),
        ("cert.png", png_claiming(100_000, 100_000), "megapixels"),
    ],
    ids=["javascript", "truncated", "bomb"],
)
def test_a_certificate_upload_answers_a_field_message(
    api_as, hotel_a, maria, media, name, content, words
):
    employee = EmployeeFactory(property=hotel_a, hire_date=date(2025, 1, 6))
    response = api_as(maria).post(
        f"/api/v1/properties/{hotel_a.pk}/training-records/",
        {
            "employee": employee.pk,
            "course": CourseFactory().pk,
            "completed_on": "2025-02-01",
            "certificate": SimpleUploadedFile(name, content),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert words in response.json()["fields"]["certificate"][0]
    assert not TrainingRecord.objects.exists()
    assert stored(media) == []


def test_a_poster_photo_bomb_is_refused(api_as, hotel_a, maria, media):
    response = api_as(maria).post(
        f"/api/v1/properties/{hotel_a.pk}/poster-evidence/",
        {
            "notice": "trafficking_hotline",
            "location": "Lobby",
            "posted_on": "2026-06-01",
            "photo": SimpleUploadedFile("poster.png", png_claiming(100_000, 100_000)),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "megapixels" in str(response.json()["fields"])
    assert stored(media) == []


def test_an_inspectors_document_with_a_launch_action_is_refused(api_as, hotel_a, ivan, media):
    records_request = file_request(hotel_a, ivan)
    response = api_as(ivan).post(
        f"/api/v1/properties/{hotel_a.pk}/records-requests/{records_request.pk}/documents/",
        {"kind": "subpoena", "file": SimpleUploadedFile("subpoena.pdf", pdf_with(launch_action))},
        format="multipart",
    )

    assert response.status_code == 400
    assert "active content (Launch)" in str(response.json()["fields"])
    assert stored(media) == []
