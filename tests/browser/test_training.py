"""The training tracker in real Chromium: a manager goes from the dashboard to a recorded
completion with its certificate, and the employee turns compliant."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.audits.files import pdf_bytes
from tests.browser.test_reports import log_in
from tests.training.factories import CourseFactory, EmployeeFactory
from training.models import TrainingRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())
# A real one-page PDF: an upload must open as a PDF with pages (see upload_content.py).
MINIMAL_PDF = pdf_bytes("Certificate of completion")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_manager_records_a_completion_with_a_certificate(page, hotel_a, maria, media, tmp_path):
    hired = timezone.localdate() - timedelta(days=20)
    employee = EmployeeFactory(property=hotel_a, name="Dana Whitfield", hire_date=hired)
    course = CourseFactory(title="Recognize the Signs (test)", minutes=30, jurisdictions=["US-CT"])
    certificate = tmp_path / "dana-certificate.pdf"
    certificate.write_bytes(MINIMAL_PDF)

    log_in(page, "maria")
    page.goto("/dashboard/")
    page.click("nav >> text=Training")
    page.wait_for_url("**/training/")
    row = page.locator("tr", has_text="Dana Whitfield")
    expect(row).to_contain_text("Overdue")
    row.locator("a", has_text="Dana Whitfield").click()
    page.click("text=Record a completed course")
    page.select_option("#id_course", str(course.pk))
    page.fill("#id_completed_on", str(hired + timedelta(days=3)))
    page.set_input_files("#id_certificate", str(certificate))
    page.screenshot(path=SCREENSHOTS / "training-record-form.png", full_page=True)
    page.click("button:has-text('Record completion')")
    page.wait_for_url(f"**/training/employees/{employee.pk}/")
    expect(page.locator("main")).to_contain_text("Compliant")
    expect(page.locator("main")).to_contain_text("dana-certificate.pdf")
    page.screenshot(path=SCREENSHOTS / "training-employee.png", full_page=True)

    record = TrainingRecord.objects.get(employee=employee)
    assert record.course == course and record.certificate
    with page.expect_download() as download_info:
        page.click("text=dana-certificate.pdf")
    saved = tmp_path / "downloaded.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes() == MINIMAL_PDF
