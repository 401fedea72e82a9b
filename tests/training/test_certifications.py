"""Annual certification: one step certifies the trained, the page, and its two signed PDFs.

The personnel-file page and the year's roster are report kinds (`personnel_certification`,
`annual_certification`): the page's buttons queue them, the report build signs them, the
report page serves them (access-logged) and /verify/ recognises them.
"""

import io
import os
import re
import shutil
import subprocess
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from audits.reports import services as report_services
from audits.reports.models import AuditReport, ReportKind
from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.audits.report_fixtures import *  # noqa: F403
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import AnnualCertification, Employee
from training.services import certifications_sign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("report_media")]

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


def page_numbers(text: str) -> list[tuple[int, int]]:
    """Each "Page X of Y" (pypdf reads the total, a form drawn after the last page, apart)."""
    return [(int(n), int(total)) for n, total in re.findall(r"Page (\d+) of\s+(\d+)", text)]


def issue(client, url: str, *, token: str | None = None) -> AuditReport:
    """Press an issue button: a redirect to the queued report's page."""
    response = client.post(url, {"submission": token or str(uuid.uuid4())})
    assert response.status_code == 302, response.content[:300]
    assert response.url.startswith("/reports/")
    return AuditReport.objects.get(pk=response.url.split("/")[2])


def built_pdf(client, report: AuditReport) -> bytes:
    """Run the queued build (the worker's job), then download the signed file as a manager."""
    assert report_services.report_build(str(report.pk)) == "done"
    response = client.get(f"/reports/{report.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


def personnel_url(employee: Employee, year: int = 2026) -> str:
    return f"/training/certifications/{year}/employees/{employee.pk}/report/"


def test_it_certifies_every_compliant_employee_and_lists_the_others(hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    bo = trained(hotel_a, "Bo Overdue", completed_on=date(2025, 1, 10))
    cy = EmployeeFactory(property=hotel_a, name="Cy Untrained", hire_date=date(2026, 8, 1))
    trained(hotel_a, "Di Left", end_date=date(2026, 6, 30))

    outcome = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)

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
    first = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)

    again = certifications_sign(prop=hotel_a, actor=gina, year=2026, as_of=AS_OF, attested=True)

    assert again.signed == []
    assert again.already == first.signed
    assert AnnualCertification.objects.get().signed_by == maria


def test_it_leaves_other_properties_alone(hotel_a, hotel_b, maria):
    trained(hotel_b, "Elsewhere")

    outcome = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)

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

    assert "I have read and confirm this attestation." in page.content.decode()
    unconfirmed = client.post(f"/training/certifications/{year}/", follow=True)
    assert "Read and confirm the attestation before signing." in unconfirmed.content.decode()
    assert not AnnualCertification.objects.exists()

    response = client.post(f"/training/certifications/{year}/", {"attest": "on"})

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
    assert client.post("/training/certifications/3000/roster/report/").status_code == 404


def test_the_personnel_file_is_a_signed_report_that_reads_back(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    certification = certifications_sign(
        prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True
    ).signed[0]
    client.force_login(maria)

    report = issue(client, personnel_url(ann))

    assert (report.kind, report.annual_certification, report.property) == (
        ReportKind.PERSONNEL_CERTIFICATION,
        certification,
        hotel_a,
    )
    assert (report.period_start, report.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert not AccessEvent.objects.filter(kind=AccessKind.DOWNLOAD).exists()
    pages, text = pdf_text(built_pdf(client, report))
    listed = client.get("/reports/").content.decode()
    assert "Personnel file certification</a>: Ann Trained" in listed
    assert "Ann Trained (E-" in client.get(f"/reports/{report.pk}/").content.decode()
    assert pages == 1
    for expected in (
        "Personnel file certification",  # the frame's header and the page's title
        "Ann Trained",
        "Hotel A",
        CITATION,
        "Recognize the Signs",
        "2026-03-02",
        "The 2026 deadline is 2026-10-01.",
        f"Signed by {maria.get_full_name() or maria.username}",
        "attest that each employee I certify for 2026 received",
        f"Verification code {report.verification_code}",
        "2026-01-01 to 2026-12-31",
    ):
        assert expected in text, expected
    assert page_numbers(text) == [(1, 1)]
    event = AccessEvent.objects.get(kind=AccessKind.DOWNLOAD)
    assert (event.object_type, event.object_id, event.actor, event.property) == (
        "audit_report",
        str(report.pk),
        maria,
        hotel_a,
    )


def test_the_personnel_file_verifies_and_a_changed_copy_does_not(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    client.force_login(maria)
    report = issue(client, personnel_url(ann))
    data = built_pdf(client, report)
    client.logout()  # the verify page is public: anyone handed the file may check it

    page = client.post("/verify/", {"file": SimpleUploadedFile("ann.pdf", data)})
    by_code = client.get(f"/verify/?code={report.verification_code}")
    tampered = bytearray(data)
    middle = len(data) // 3  # inside the page's content
    tampered[middle] = ord("0") if tampered[middle] != ord("0") else ord("1")
    forged = client.post("/verify/", {"file": SimpleUploadedFile("ann.pdf", bytes(tampered))})

    assert page.status_code == 200
    assert b"Authentic" in page.content and b"Not authentic" not in page.content
    assert b"Authentic" in by_code.content and b"Not authentic" not in by_code.content
    assert b"Not authentic" in forged.content


def test_a_second_press_of_the_same_button_shows_the_first_report(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    client.force_login(maria)
    token = str(uuid.uuid4())

    first = issue(client, personnel_url(ann), token=token)
    again = issue(client, personnel_url(ann), token=token)

    assert again == first
    assert AuditReport.objects.count() == 1


def test_the_issue_buttons_only_take_a_post(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    client.force_login(maria)

    assert client.get(personnel_url(ann)).status_code == 405
    assert client.get("/training/certifications/2026/roster/report/").status_code == 405
    assert not AuditReport.objects.exists()


def test_the_front_desk_cannot_issue_them(client, hotel_a, maria, sam):
    ann = trained(hotel_a, "Ann Trained")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    client.force_login(sam)

    assert client.post(personnel_url(ann), {"submission": str(uuid.uuid4())}).status_code == 403
    assert not AuditReport.objects.exists()


def test_another_propertys_employee_pdf_is_a_404(client, hotel_b, olga, maria):
    bea = trained(hotel_b, "Bea Elsewhere")
    certifications_sign(prop=hotel_b, actor=olga, year=2026, as_of=AS_OF, attested=True)
    client.force_login(maria)

    response = client.post(personnel_url(bea), {"submission": str(uuid.uuid4())})

    assert response.status_code == 404
    assert not AuditReport.objects.exists()


def test_an_uncertified_employee_pdf_is_a_404(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained")
    client.force_login(maria)

    response = client.post(personnel_url(ann), {"submission": str(uuid.uuid4())})

    assert response.status_code == 404
    assert not AuditReport.objects.exists()


def test_the_roster_is_the_signed_annual_certification_report(client, hotel_a, maria):
    for n in range(70):
        trained(hotel_a, f"Employee {n:03d}")
    EmployeeFactory(property=hotel_a, name="Zed Untrained", hire_date=date(2024, 1, 15))
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    client.force_login(maria)

    report = issue(client, "/training/certifications/2026/roster/report/")

    assert report.kind == ReportKind.ANNUAL_CERTIFICATION
    assert (report.period_start, report.period_end) == (date(2026, 1, 1), hotel_a.today())
    data = built_pdf(client, report)
    pages, text = pdf_text(data)
    assert pages >= 3  # the cover, then the table over at least two pages
    assert page_numbers(text) == [(n, pages) for n in range(1, pages + 1)]
    reader = PdfReader(io.BytesIO(data))
    table_pages = [page.extract_text() for page in reader.pages[1:]]
    assert all("Certified by" in page or "Still uncertified" in page for page in table_pages)
    assert "Employee 000" in text and "Employee 069" in text
    assert "70 certified for 2026" in text
    uncertified = text.split("Still uncertified", 1)[1]
    assert "Zed Untrained" in uncertified and "Employee 000" not in uncertified
    assert CITATION in text


def test_a_roster_of_a_year_not_begun_is_refused_with_a_message(client, hotel_a, maria):
    client.force_login(maria)
    next_year = hotel_a.today().year + 1

    response = client.post(
        f"/training/certifications/{next_year}/roster/report/",
        {"submission": str(uuid.uuid4())},
        follow=True,
    )

    assert (
        f"The {next_year} roster can be issued from {next_year}-01-01." in response.content.decode()
    )
    assert not AuditReport.objects.exists()


def test_the_certifications_page_offers_both_signed_pdfs(client, hotel_a, maria):
    ann = trained(hotel_a, "Ann Trained", completed_on=hotel_a.today())
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=hotel_a.today(), attested=True)
    client.force_login(maria)

    page = client.get("/training/certifications/2026/").content.decode()

    assert f'action="{personnel_url(ann)}"' in page
    assert 'action="/training/certifications/2026/roster/report/"' in page
    assert page.count('name="submission"') == 2


def test_a_page_renders_to_an_image(tmp_path, client, hotel_a, maria):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}:
            pytest.fail("pdftoppm is required (REQUIRE_SERVICES is set)")
        pytest.skip("pdftoppm is not installed")
    ann = trained(hotel_a, "Ann <b>Trained</b> & Co")
    certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    client.force_login(maria)
    pdf = tmp_path / "personnel.pdf"
    pdf.write_bytes(built_pdf(client, issue(client, personnel_url(ann))))

    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )

    images = list(tmp_path.glob("page*.png"))
    assert len(images) == 1
    assert images[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "Ann <b>Trained</b> & Co" in pdf_text(pdf.read_bytes())[1]  # printed, not markup


def test_the_attestation_is_kept_and_an_employee_due_soon_can_be_certified(hotel_a, maria):
    # Trained 11 months before AS_OF: their refresher falls due within 30 days.
    soon = trained(hotel_a, "Sol Soon", completed_on=AS_OF - timedelta(days=340))
    outcome = certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True)
    [certification] = outcome.signed
    assert certification.employee == soon
    assert certification.status_at_signing == "due_soon"
    assert certification.attestation.startswith(f"I, {maria.get_full_name()}, attest")
    assert hotel_a.rule_pack().rule("certification").citation in certification.attestation
    assert not certification.signed_late


def test_nothing_is_signed_without_the_attestation(hotel_a, maria):
    trained(hotel_a, "Ann Trained")
    with pytest.raises(ValidationError) as error:
        certifications_sign(prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=False)
    assert "attest" in error.value.message_dict
    assert not AnnualCertification.objects.exists()


@pytest.mark.clock("2026-10-05T15:00:00+00:00")
def test_a_deadline_already_past_is_flagged_and_the_signing_marked_late(client, hotel_a, maria):
    deadline = hotel_a.rule_pack().annual_certification_due(2026)
    assert deadline is not None and deadline < hotel_a.today()
    trained(hotel_a, "Ann Trained", completed_on=date(2026, 9, 1))
    client.force_login(maria)
    page = client.get("/training/certifications/2026/").content.decode()
    assert 'id="deadline-passed"' in page
    client.post("/training/certifications/2026/", {"attest": "on"})
    assert AnnualCertification.objects.get().signed_late
    assert "signed late" in client.get("/training/certifications/2026/").content.decode()


def test_on_the_deadline_day_itself_it_is_not_late(hotel_a, maria):
    deadline = hotel_a.rule_pack().annual_certification_due(2026)
    trained(hotel_a, "Ann Trained", completed_on=date(2026, 3, 2))
    outcome = certifications_sign(
        prop=hotel_a, actor=maria, year=2026, as_of=deadline, attested=True
    )
    assert not outcome.signed[0].signed_late
