"""Annual certification: one step certifies the trained, the page, and the two PDFs."""

import io
import os
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import AnnualCertification, Employee
from training.pdf import (
    certification_roster_snapshot,
    employee_certification_snapshot,
    render_certification_roster,
)
from training.services import certifications_sign

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 9, 1)
CITATION = "PA 16-71 §5"


def trained(prop, name: str, *, completed_on=date(2026, 3, 2), **kwargs) -> Employee:
    employee = EmployeeFactory(property=prop, name=name, hire_date=date(2024, 1, 15), **kwargs)
    course = CourseFactory(title="Recognize the Signs", provider="AHLA", minutes=30)
    TrainingRecordFactory(employee=employee, course=course, completed_on=completed_on)
    return employee


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_it_certifies_every_compliant_employee_and_lists_the_others(hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    bo = trained(hotel_a, "Bo Overdue", completed_on=date(2025, 1, 10))
    cy = EmployeeFactory(property=hotel_a, name="Cy Untrained", hire_date=date(2026, 8, 1))
    trained(hotel_a, "Di Left", end_date=date(2026, 6, 30))

    outcome = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF)

    assert [c.employee for c in outcome.signed] == [ann]
    certification = outcome.signed[0]
    assert (certification.year, certification.signed_by, certification.status_at_signing) == (
        2026,
        maria,
        "compliant",
    )
    assert certification.last_completed_on == date(2026, 3, 2)
    refused = dict(outcome.refused)
    assert set(refused) == {bo, cy}  # the leaver is not on this year's list at all
    assert "was due 2026-01-10" in refused[bo]
    assert "none recorded" in refused[cy]


def test_signing_twice_keeps_the_first_certification(hotel_a, maria, gina):
    trained(hotel_a, "Ann Trained")
    first = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF)

    again = certifications_sign(prop=hotel_a, actor=gina, year=2026, as_of=AS_OF)

    assert again.signed == []
    assert again.already == first.signed
    assert AnnualCertification.objects.get().signed_by == maria


def test_it_leaves_other_properties_alone(hotel_a, hotel_b, maria):
    trained(hotel_b, "Elsewhere")

    outcome = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF)

    assert outcome.signed == []
    assert not AnnualCertification.objects.exists()


def test_the_page_lists_who_can_be_certified_and_certifies_them(client, hotel_a, maria):
    today = hotel_a.today()
    trained(hotel_a, "Ann Trained", completed_on=today)
    EmployeeFactory(property=hotel_a, name="Cy Untrained", hire_date=date(2024, 1, 15))
    trained(hotel_a, "Eve Trained", completed_on=today)
    client.force_login(maria)
    year = today.year

    page = client.get(f"/training/certifications/{year}/")
    assert page.status_code == 200
    assert "Certify 2 trained employees" in page.content.decode()
    assert "Cy Untrained" in page.content.decode()

    response = client.post(f"/training/certifications/{year}/")

    assert response.status_code == 302
    assert AnnualCertification.objects.filter(year=year).count() == 2
    page = client.get(f"/training/certifications/{year}/").content.decode()
    assert "Certify" not in page.split("<h2")[0]


def test_front_desk_cannot_certify(client, hotel_a, sam):
    client.force_login(sam)

    assert client.get("/training/certifications/2026/").status_code == 403
    assert client.post("/training/certifications/2026/").status_code == 403


def test_an_impossible_year_is_a_404(client, maria):
    client.force_login(maria)

    assert client.get("/training/certifications/1999/").status_code == 404
    assert client.get("/training/certifications/3000/roster.pdf").status_code == 404


def test_the_personnel_file_pdf_reads_back(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF)
    client.force_login(maria)

    response = client.get(f"/training/certifications/2026/employees/{ann.pk}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pages, text = pdf_text(response.content)
    assert pages == 1
    for expected in (
        "Personnel file certification",
        "Ann Trained",
        "Hotel A",
        "2026",
        CITATION,
        "Recognize the Signs",
        "2026-03-02",
        "2026-10-01",
    ):
        assert expected in text
    event = AccessEvent.objects.get(kind=AccessKind.DOWNLOAD)
    assert (event.object_type, event.actor, event.property) == (
        "annual_certification",
        maria,
        hotel_a,
    )


def test_another_propertys_employee_pdf_is_a_404(client, hotel_b, olga, maria):
    bea = trained(hotel_b, "Bea Elsewhere")
    certifications_sign(prop=hotel_b, actor=olga, year=2026, as_of=AS_OF)
    client.force_login(maria)

    response = client.get(f"/training/certifications/2026/employees/{bea.pk}.pdf")

    assert response.status_code == 404
    assert not AccessEvent.objects.filter(kind=AccessKind.DOWNLOAD).exists()


def test_an_uncertified_employee_pdf_is_a_404(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    client.force_login(maria)

    assert client.get(f"/training/certifications/2026/employees/{ann.pk}.pdf").status_code == 404


def test_the_roster_pdf_repeats_its_header_across_pages(client, hotel_a, maria):
    for n in range(70):
        trained(hotel_a, f"Employee {n:03d}")
    EmployeeFactory(property=hotel_a, name="Zed Untrained")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF)
    client.force_login(maria)

    response = client.get("/training/certifications/2026/roster.pdf")

    assert response.status_code == 200
    pages, text = pdf_text(response.content)
    assert pages >= 2
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    reader = PdfReader(io.BytesIO(response.content))
    assert all("Signed by" in page.extract_text() for page in reader.pages)
    assert "Employee 000" in text and "Employee 069" in text
    assert "Zed Untrained" not in text
    assert CITATION in text and "2026" in text
    assert AccessEvent.objects.get(kind=AccessKind.DOWNLOAD).object_type == "certification_roster"


def test_the_roster_snapshot_holds_only_the_propertys_certifications(hotel_a, hotel_b, maria, olga):
    trained(hotel_a, "Ann Trained")
    trained(hotel_b, "Bea Elsewhere")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF)
    certifications_sign(prop=hotel_b, actor=olga, year=2026, as_of=AS_OF)

    snapshot = certification_roster_snapshot(hotel_a, year=2026, printed_on=AS_OF)

    assert [line.employee_name for line in snapshot.lines] == ["Ann Trained"]
    assert snapshot.law.citation == CITATION
    assert snapshot.law.deadline == date(2026, 10, 1)


def test_the_employee_snapshot_lists_courses_done_by_the_signing(hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    certification = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF).signed[0]

    snapshot = employee_certification_snapshot(certification)

    assert [c.completed_on for c in snapshot.courses] == [date(2026, 3, 2)]
    assert snapshot.employee_name == ann.name
    assert snapshot.signed_by == (maria.get_full_name() or maria.username)


def test_a_page_renders_to_an_image(tmp_path, hotel_a, maria):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}:
            pytest.fail("pdftoppm is required (REQUIRE_SERVICES is set)")
        pytest.skip("pdftoppm is not installed")
    trained(hotel_a, "Ann <b>Trained</b> & Co")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF)
    pdf = tmp_path / "roster.pdf"
    pdf.write_bytes(
        render_certification_roster(
            certification_roster_snapshot(hotel_a, year=2026, printed_on=AS_OF)
        )
    )

    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )

    images = list(tmp_path.glob("page*.png"))
    assert len(images) == 1
    assert images[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
