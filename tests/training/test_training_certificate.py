"""The certificate PDF of a built-in course completion: issued on signing, on the signed
report frame, verifiable, downloadable by the employee through their link and by managers."""

import io
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from audits.reports.models import AuditReport, ReportStatus
from audits.reports.services import BUILD_TASK, report_build, report_request
from audits.reports.verify import verify_file
from hotelcompliance.access_log import AccessEvent
from hotelcompliance.outbox import OutboxEvent
from tests.audits.report_fixtures import *  # noqa: F403 (signing key, private media)
from tests.training.factories import EmployeeFactory
from tests.training.test_course_services import take_path
from tests.training.test_employee_course_pages import signature_data_url
from training.acknowledgments import course_finish_signed
from training.course_content import get_course
from training.course_services import course_attempt_start
from training.employee_links import employee_link_issue, link_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(hotel_a):
    return EmployeeFactory(
        property=hotel_a,
        name="Ana Reyes",
        employee_number="HA-77",
        job_role="housekeeping",
        hire_date=date(2026, 6, 1),
        preferred_language="es",
    )


def signed(employee, clock, *, issuer=None, signature=""):
    content = get_course()
    attempt = course_attempt_start(employee=employee, language=employee.preferred_language)
    take_path(attempt, clock, content)
    return course_finish_signed(
        attempt=attempt,
        typed_name=employee.name,
        signed_on=employee.property.today(),
        signature_data=signature,
        issuer=issuer,
    )


def built(acknowledgment) -> AuditReport:
    report = acknowledgment.certificate
    assert report_build(str(report.pk)) == "done"
    report.refresh_from_db()
    return report


def test_signing_queues_the_certificate_in_the_name_of_the_manager_who_gave_the_link(
    report_media, maria, ana, frozen_clock
):
    result = signed(ana, frozen_clock, issuer=maria)

    report = result.acknowledgment.certificate
    assert report.kind == "training_certificate"
    assert report.requested_by == maria
    assert report.period_start == report.period_end == result.outcome.record.completed_on
    assert OutboxEvent.objects.filter(task_name=BUILD_TASK, kwargs={"report_id": str(report.pk)})


def test_without_an_issuer_a_manager_of_the_property_is_named(
    report_media, maria, ana, frozen_clock
):
    result = signed(ana, frozen_clock)

    assert result.acknowledgment.certificate.requested_by == maria


def pdf_text(report: AuditReport) -> tuple[PdfReader, str]:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_certificate_pdf_says_who_what_when_and_the_acknowledgment_in_spanish(
    report_media, maria, ana, frozen_clock
):
    result = signed(ana, frozen_clock, issuer=maria, signature=signature_data_url())

    report = built(result.acknowledgment)

    assert report.status == ReportStatus.DONE
    reader, text = pdf_text(report)
    assert len(reader.pages) == 1
    content = get_course()
    for expected in (
        "Certificado de capacitación",
        "Ana Reyes",
        "número de empleado HA-77",
        content.title["es"],
        f"versión {content.version}",
        "Realizado en Español",
        f"{result.outcome.record.minutes}",
        "100% (nota para aprobar: 80%)",
        "Declaración firmada por el empleado",
        "Yo, Ana Reyes, declaro",  # the statement as signed, in Spanish
        f"Código de verificación {report.verification_code}",
        "Página 1 de 1",
        "Verifique en",
    ):
        assert expected in text, expected
    for english in ("Training certificate", "Page 1 of", "Verification code", "Typed name"):
        assert english not in text, english
    assert reader.pages[0].images, "the drawn signature is on the page"


def test_a_course_taken_in_english_gets_an_english_certificate_whatever_the_site_language(
    report_media, maria, ana, frozen_clock
):
    ana.preferred_language = "en"
    ana.save()
    result = signed(ana, frozen_clock, issuer=maria)

    with translation.override("es"):
        report = built(result.acknowledgment)

    _, text = pdf_text(report)
    content = get_course()
    for expected in (
        "Training certificate",
        content.title["en"],
        "Taken in English",
        "100% (pass mark 80%)",
        f"Verification code {report.verification_code}",
        "Page 1 of 1",
        "No drawn signature: the typed name is the signature.",
    ):
        assert expected in text, expected


def test_verify_accepts_the_issued_certificate_and_refuses_an_altered_one(
    report_media, maria, ana, frozen_clock
):
    report = built(signed(ana, frozen_clock, issuer=maria).acknowledgment)
    with report.file.open("rb") as handle:
        data = handle.read()

    verdict = verify_file(data)
    middle = len(data) // 2
    altered = verify_file(data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])

    assert verdict.authentic is True
    assert verdict.report == report
    assert verdict.public()["report"]["kind"] == "training_certificate"
    assert altered.authentic is False


def test_the_employee_downloads_their_certificate_through_the_link(
    report_media, maria, ana, frozen_clock, hotel_a
):
    report = built(signed(ana, frozen_clock, issuer=maria).acknowledgment)
    base = urlsplit(link_url(employee_link_issue(employee=ana, actor=maria))).path
    browser = Client()

    home = browser.get(base).content.decode()
    response = browser.get(f"{base}certificates/{report.pk}/")

    assert f"{base}certificates/{report.pk}/" in home
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    event = AccessEvent.objects.get(kind="download", object_id=str(report.pk))
    assert event.actor is None and event.property == hotel_a


def test_another_employees_link_cannot_download_the_certificate(
    report_media, maria, ana, frozen_clock, hotel_a
):
    report = built(signed(ana, frozen_clock, issuer=maria).acknowledgment)
    colleague = EmployeeFactory(property=hotel_a, name="Bo Colleague")
    base = urlsplit(link_url(employee_link_issue(employee=colleague, actor=maria))).path

    assert Client().get(f"{base}certificates/{report.pk}/").status_code == 404


def test_the_manager_sees_the_acknowledgment_and_downloads_the_certificate(
    client, report_media, maria, ana, frozen_clock
):
    report = built(signed(ana, frozen_clock, issuer=maria).acknowledgment)
    client.force_login(maria)

    html = client.get(f"/training/employees/{ana.pk}/").content.decode()
    download = client.get(f"/reports/{report.pk}/download/")

    assert "Signed certificate (PDF)" in html
    assert f"/reports/{report.pk}/download/" in html
    assert "Acknowledgment signed" in html
    assert download.status_code == 200


def test_nobody_asks_for_a_certificate_in_the_reports_form(maria, hotel_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        report_request(
            prop=hotel_a,
            actor=maria,
            kind="training_certificate",
            period_start=date(2026, 6, 1),
            period_end=date(2026, 6, 1),
        )

    assert "kind" in refused.value.message_dict
