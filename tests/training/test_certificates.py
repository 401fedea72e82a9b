"""Certificates: checked by content on upload, stored under a random name, served safely."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen import canvas

from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import TrainingRecord
from training.uploads import MAX_CERTIFICATE_BYTES, sanitise_name

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Certificate of completion")
    page.save()
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format=fmt)
    return buffer.getvalue()


GOOD = {
    "certificate.pdf": pdf_bytes,
    "certificate.png": lambda: image_bytes("PNG"),
    "certificate.jpg": lambda: image_bytes("JPEG"),
    "CERTIFICATE.JPEG": lambda: image_bytes("JPEG"),
}

HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
BAD = {
    "html named .pdf": ("certificate.pdf", HTML),
    "svg with script": ("certificate.svg", SVG),
    "svg named .png": ("certificate.png", SVG),
    "script named .pdf": ("run.pdf", b"#!/bin/sh\nrm -rf /\n"),
    "empty": ("certificate.pdf", b""),
    "png named .pdf": ("certificate.pdf", image_bytes("PNG")),
    "pdf named .jpg": ("certificate.jpg", pdf_bytes()),
    "pdf named .html": ("certificate.html", pdf_bytes()),
    "no extension": ("certificate", pdf_bytes()),
    "pdf header, html body": ("polyglot.pdf", b"%PDF-1.4\n" + HTML),
    "html then pdf": ("polyglot.pdf", HTML + pdf_bytes()),
    "zip named .pdf": ("bomb.pdf", b"PK\x03\x04" + b"\x00" * 100),
}


@pytest.fixture
def employee(hotel_a):
    return EmployeeFactory(property=hotel_a, hire_date=date(2025, 1, 6))


@pytest.fixture
def course():
    return CourseFactory(minutes=30)


def api_url(prop, suffix="") -> str:
    return f"/api/v1/properties/{prop.pk}/training-records/{suffix}"


def post_record(client, prop, employee, course, name, content):
    return client.post(
        api_url(prop),
        {
            "employee": employee.pk,
            "course": course.pk,
            "completed_on": "2025-02-01",
            "certificate": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
        format="multipart",
    )


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_real_certificate_is_accepted_and_stored_under_a_random_name(
    api_as, maria, hotel_a, employee, course, private_media, name
):
    content = GOOD[name]()

    response = post_record(api_as(maria), hotel_a, employee, course, name, content)

    assert response.status_code == 201, response.json()
    record = TrainingRecord.objects.get()
    extension = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg"}[
        name.rsplit(".")[-1].lower()
    ]
    assert re.fullmatch(
        rf"certificates/{hotel_a.pk}/[0-9a-f-]{{36}}\.{extension}", record.certificate.name
    )
    assert "certificate" not in Path(record.certificate.name).name.lower()
    assert record.certificate_name.lower() == f"certificate.{extension}"
    assert (Path(private_media) / record.certificate.name).read_bytes() == content
    assert response.json()["certificate_name"] == record.certificate_name
    assert response.json()["certificate_url"] == api_url(hotel_a, f"{record.pk}/certificate/")
    assert "certificate" not in response.json()  # write-only: the URL is how to get it


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_fake_or_unsafe_file_is_refused_and_nothing_is_saved(
    api_as, maria, hotel_a, employee, course, private_media, case
):
    name, content = BAD[case]

    response = post_record(api_as(maria), hotel_a, employee, course, name, content)

    assert response.status_code == 400
    assert response.json()["fields"]["certificate"]
    assert not TrainingRecord.objects.exists()
    assert stored_files(Path(private_media)) == []


def test_a_file_over_10_mb_is_refused(api_as, maria, hotel_a, employee, course, private_media):
    content = b"%PDF-1.4\n" + b"0" * (MAX_CERTIFICATE_BYTES - 9 - 6) + b"%%EOF\n"
    assert len(content) == MAX_CERTIFICATE_BYTES
    too_big = content + b"\n"

    response = post_record(api_as(maria), hotel_a, employee, course, "big.pdf", too_big)

    assert response.status_code == 400
    assert "at most 10 MB" in response.json()["fields"]["certificate"][0]
    assert not TrainingRecord.objects.exists()
    assert stored_files(Path(private_media)) == []


def pdf_of_exactly(size: int) -> bytes:
    """A real one-page PDF padded to `size` bytes by an unused stream (it must open with pypdf)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    def build(padding: int) -> bytes:
        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
        stream = StreamObject()
        stream.set_data(b"0" * padding)
        writer._root_object[NameObject("/Padding")] = writer._add_object(stream)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    probe = build(0)
    content = build(size - len(probe))
    return build(size - len(probe) - (len(content) - size))


def test_a_file_of_exactly_10_mb_is_accepted(api_as, maria, hotel_a, employee, course):
    content = pdf_of_exactly(MAX_CERTIFICATE_BYTES)
    assert len(content) == MAX_CERTIFICATE_BYTES

    response = post_record(api_as(maria), hotel_a, employee, course, "big.pdf", content)

    assert response.status_code == 201


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\evil.pdf",
        "evil\r\nContent-Type: text/html.pdf",
        'quote"; filename=x.html .pdf',
        "zertifikat-ünïcödé-日本.pdf",
        "/absolute/path.pdf",
    ],
)
def test_a_hostile_name_is_neutralised(
    api_as, maria, hotel_a, employee, course, private_media, name
):
    response = post_record(api_as(maria), hotel_a, employee, course, name, pdf_bytes())

    if response.status_code == 400:  # refused outright: then nothing may be kept
        assert stored_files(Path(private_media)) == []
        return
    assert response.status_code == 201, response.json()
    record = TrainingRecord.objects.get()
    assert record.certificate.name.startswith(f"certificates/{hotel_a.pk}/")
    assert ".." not in record.certificate.name
    assert re.fullmatch(r"[A-Za-z0-9._ -]+\.pdf", record.certificate_name)
    assert "/" not in record.certificate_name and "\\" not in record.certificate_name
    [stored] = stored_files(Path(private_media))
    assert Path(private_media) in stored.resolve().parents

    download = api_as(maria).get(api_url(hotel_a, f"{record.pk}/certificate/"))
    disposition = download["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.isascii()
    assert disposition.startswith("attachment;")


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("a\r\nb.pdf", "a_b.pdf"),
        ("", "certificate.pdf"),
        ("....pdf", "pdf.pdf"),
        ("...", "certificate.pdf"),
        ("résumé.pdf", "resume.pdf"),
    ],
)
def test_the_display_name_is_sanitised(uploaded, shown):
    assert sanitise_name(uploaded, extension="pdf") == shown


def record_with_certificate(client, maria, hotel_a, employee, course, name, content):
    response = post_record(client, hotel_a, employee, course, name, content)
    assert response.status_code == 201, response.json()
    return TrainingRecord.objects.get(pk=response.json()["id"])


def test_the_api_download_is_an_attachment_with_the_detected_type_and_is_logged(
    api_as, maria, hotel_a, employee, course
):
    client = api_as(maria)
    content = image_bytes("PNG")
    record = record_with_certificate(client, maria, hotel_a, employee, course, "scan.png", content)

    response = client.get(api_url(hotel_a, f"{record.pk}/certificate/"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="scan.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.get(kind=AccessKind.DOWNLOAD)
    assert (event.object_type, event.object_id, event.actor) == (
        "certificate",
        str(record.pk),
        maria,
    )
    assert event.property == hotel_a


def test_the_web_download_is_an_attachment_and_is_logged(
    client, api_as, maria, hotel_a, employee, course
):
    content = pdf_bytes()
    record = record_with_certificate(
        api_as(maria), maria, hotel_a, employee, course, "proof.pdf", content
    )
    client.force_login(maria)

    response = client.get(f"/training/records/{record.pk}/certificate/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="proof.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        AccessEvent.objects.filter(
            kind=AccessKind.DOWNLOAD, object_type="certificate", object_id=str(record.pk)
        ).count()
        == 1
    )


def test_each_download_is_logged(api_as, maria, hotel_a, employee, course):
    client = api_as(maria)
    record = record_with_certificate(client, maria, hotel_a, employee, course, "c.pdf", pdf_bytes())
    for _ in range(3):
        assert client.get(api_url(hotel_a, f"{record.pk}/certificate/")).status_code == 200

    assert AccessEvent.objects.filter(kind=AccessKind.DOWNLOAD).count() == 3


def test_another_tenant_gets_a_404_on_both_downloads(
    client, api_as, maria, olga, hotel_a, hotel_b, employee, course
):
    record = record_with_certificate(
        api_as(maria), maria, hotel_a, employee, course, "c.pdf", pdf_bytes()
    )
    client.force_login(olga)

    assert client.get(f"/training/records/{record.pk}/certificate/").status_code == 404
    api = api_as(olga)
    assert api.get(api_url(hotel_b, f"{record.pk}/certificate/")).status_code == 404
    assert api.get(api_url(hotel_a, f"{record.pk}/certificate/")).status_code == 404
    assert not AccessEvent.objects.filter(kind=AccessKind.DOWNLOAD).exists()


def test_front_desk_gets_a_403_on_both_downloads(
    client, api_as, maria, sam, hotel_a, employee, course
):
    record = record_with_certificate(
        api_as(maria), maria, hotel_a, employee, course, "c.pdf", pdf_bytes()
    )
    client.force_login(sam)

    assert client.get(f"/training/records/{record.pk}/certificate/").status_code == 403
    assert api_as(sam).get(api_url(hotel_a, f"{record.pk}/certificate/")).status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessKind.DOWNLOAD).exists()


def test_front_desk_cannot_upload(api_as, sam, hotel_a, employee, course, private_media):
    response = post_record(api_as(sam), hotel_a, employee, course, "c.pdf", pdf_bytes())

    assert response.status_code == 403
    assert stored_files(Path(private_media)) == []


@pytest.mark.parametrize("pk", [0, 999999, 2**63, 10**30])
def test_a_record_without_a_certificate_or_unknown_is_a_404(client, api_as, maria, hotel_a, pk):
    client.force_login(maria)
    assert client.get(f"/training/records/{pk}/certificate/").status_code == 404
    assert api_as(maria).get(api_url(hotel_a, f"{pk}/certificate/")).status_code == 404


def test_a_record_without_a_certificate_is_a_404(client, maria, hotel_a, employee):
    record = TrainingRecordFactory(employee=employee)
    client.force_login(maria)

    assert client.get(f"/training/records/{record.pk}/certificate/").status_code == 404


def test_a_missing_file_is_a_404_not_a_500(client, api_as, maria, hotel_a, employee, course):
    record = record_with_certificate(
        api_as(maria), maria, hotel_a, employee, course, "c.pdf", pdf_bytes()
    )
    record.certificate.storage.delete(record.certificate.name)
    client.force_login(maria)

    assert client.get(f"/training/records/{record.pk}/certificate/").status_code == 404


def test_the_record_form_uploads_a_certificate(client, maria, hotel_a, employee, course):
    client.force_login(maria)

    response = client.post(
        f"/training/employees/{employee.pk}/records/new/",
        {
            "course": course.pk,
            "completed_on": "2025-02-01",
            "certificate": SimpleUploadedFile("proof.jpg", image_bytes("JPEG")),
        },
    )

    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert record.certificate.name.endswith(".jpg")
    page = client.get(f"/training/employees/{employee.pk}/").content.decode()
    assert f"/training/records/{record.pk}/certificate/" in page
    assert "proof.jpg" in page


def test_the_record_form_is_multipart(client, maria, employee):
    client.force_login(maria)

    html = client.get(f"/training/employees/{employee.pk}/records/new/").content.decode()

    assert 'enctype="multipart/form-data"' in html


def test_the_record_form_refuses_html_named_pdf_with_a_message(
    client, maria, hotel_a, employee, course, private_media
):
    client.force_login(maria)

    response = client.post(
        f"/training/employees/{employee.pk}/records/new/",
        {
            "course": course.pk,
            "completed_on": "2025-02-01",
            "certificate": SimpleUploadedFile("proof.pdf", HTML),
        },
    )

    assert response.status_code == 200
    assert "not a PDF" in response.content.decode()
    assert not TrainingRecord.objects.exists()
    assert stored_files(Path(private_media)) == []


def test_a_record_refused_for_its_date_keeps_no_file(
    api_as, maria, hotel_a, employee, course, private_media
):
    response = api_as(maria).post(
        api_url(hotel_a),
        {
            "employee": employee.pk,
            "course": course.pk,
            "completed_on": "2024-01-01",  # before the hire date
            "certificate": SimpleUploadedFile("c.pdf", pdf_bytes()),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "completed_on" in response.json()["fields"]
    assert stored_files(Path(private_media)) == []


def test_json_records_still_work_without_a_certificate(api_as, maria, hotel_a, employee, course):
    response = api_as(maria).post(
        api_url(hotel_a),
        {"employee": employee.pk, "course": course.pk, "completed_on": "2025-02-01"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["certificate_url"] is None
    assert response.json()["certificate_name"] == ""
