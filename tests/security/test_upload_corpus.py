"""Hostile uploads through the training certificate upload (API and page): each is refused,
or stored under a generated name and served so that no browser runs or sniffs it."""

import io
import re
from datetime import date
from email.message import Message
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from tests.training.factories import CourseFactory, EmployeeFactory
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"
HTML = b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' + SCRIPT + b"</svg>"


def real_pdf() -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Certificate of completion")
    sheet.save()
    return buffer.getvalue()


def polyglot() -> bytes:
    """A valid PDF that a browser sniffing for HTML would also run: %PDF- first, <script> in."""
    pdf = real_pdf()
    header_end = pdf.index(b"\n") + 1
    return pdf[:header_end] + b"%" + HTML + b"\n" + pdf[header_end:]


REFUSED = {
    "html named .pdf": ("certificate.pdf", HTML),
    "svg with script named .png": ("certificate.png", SVG),
    "svg with script named .svg": ("certificate.svg", SVG),
    "html named .html": ("certificate.html", HTML),
    "oversized pdf": ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"),
    "empty": ("certificate.pdf", b""),
}
# Names that try to climb out of the folder or split the download's headers.
HOSTILE_NAMES = [
    "../../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "cert\r\nSet-Cookie: sessionid=evil.pdf",
    'cert"; filename="evil.html.pdf',
    "cert\x00.html.pdf",
    "\u202egnp.pdf",
]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def employee(hotel_a):
    return EmployeeFactory(property=hotel_a, hire_date=date(2025, 1, 6))


@pytest.fixture
def course():
    return CourseFactory(minutes=30)


def via_api(client, prop, employee, course, name, content):
    return client.post(
        f"/api/v1/properties/{prop.pk}/training-records/",
        {
            "employee": employee.pk,
            "course": course.pk,
            "completed_on": "2025-02-01",
            "certificate": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
        format="multipart",
    )


def via_page(client, employee, course, name, content):
    return client.post(
        f"/training/employees/{employee.pk}/records/new/",
        {
            "course": course.pk,
            "completed_on": "2025-02-01",
            "certificate": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_api_refuses_and_stores_nothing(api_as, maria, hotel_a, employee, course, case):
    name, content = REFUSED[case]

    response = via_api(api_as(maria), hotel_a, employee, course, name, content)

    assert response.status_code in (400, 413), response.content[:200]
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_page_refuses_and_stores_nothing(client, maria, employee, course, private_media, case):
    client.force_login(maria)
    name, content = REFUSED[case]

    response = via_page(client, employee, course, name, content)

    assert response.status_code in (200, 400, 413)  # the form again, with the error
    assert not TrainingRecord.objects.exists()
    assert stored_files(Path(private_media)) == []


def assert_served_inert(response, *, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    for header, value in response.items():
        assert "\r" not in value and "\n" not in value, header
    # The filename the browser sees is plain: no folders, quotes, controls or HTML extension.
    message = Message()
    message["content-disposition"] = response["Content-Disposition"]
    filename = message.get_filename()
    assert re.fullmatch(r"[A-Za-z0-9._ -]+\.pdf", filename), filename
    assert "/" not in filename and "\\" not in filename and ".." not in filename


def test_a_pdf_html_polyglot_is_only_ever_served_as_an_inert_pdf_download(
    api_as, client, maria, hotel_a, employee, course
):
    api = api_as(maria)
    response = via_api(api, hotel_a, employee, course, "polyglot.pdf", polyglot())
    if response.status_code == 400:
        return  # refused outright: as good
    assert response.status_code == 201, response.json()
    record = TrainingRecord.objects.get()

    download = api.get(response.json()["certificate_url"])
    client.force_login(maria)
    page_download = client.get(f"/training/records/{record.pk}/certificate/")

    assert_served_inert(download, content_type="application/pdf")
    assert_served_inert(page_download, content_type="application/pdf")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_stored_under_a_generated_name_and_served_sanitised(
    api_as, maria, hotel_a, employee, course, private_media, name
):
    api = api_as(maria)

    response = via_api(api, hotel_a, employee, course, name, real_pdf())

    if response.status_code == 400:  # refused (e.g. the name does not end in .pdf): fine
        assert not TrainingRecord.objects.exists()
        return
    assert response.status_code == 201, response.json()
    record = TrainingRecord.objects.get()
    assert re.fullmatch(rf"certificates/{hotel_a.pk}/[0-9a-f-]{{36}}\.pdf", record.certificate.name)
    [stored] = stored_files(Path(private_media))
    assert Path(private_media) in stored.parents  # nothing escaped the media folder
    assert re.fullmatch(r"[A-Za-z0-9._ -]+", record.certificate_name)
    assert_served_inert(api.get(response.json()["certificate_url"]), content_type="application/pdf")


@pytest.mark.parametrize("name", HOSTILE_NAMES[:3])
def test_hostile_names_through_the_page(client, maria, employee, course, private_media, name):
    client.force_login(maria)

    response = via_page(client, employee, course, name, real_pdf())

    if response.status_code == 302:
        record = TrainingRecord.objects.get()
        assert re.fullmatch(r"certificates/\d+/[0-9a-f-]{36}\.pdf", record.certificate.name)
        download = client.get(f"/training/records/{record.pk}/certificate/")
        assert_served_inert(download, content_type="application/pdf")
    else:
        assert not TrainingRecord.objects.exists()
