"""Reports in Chromium: a manager asks for an extract, watches it build, downloads, verifies."""

import tempfile
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from audits.reports import services
from audits.reports.models import AuditReport, ReportStatus
from tests.audits.report_fixtures import *  # noqa: F403
from tests.audits.test_reports import produced_request
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("report_media"),
]

SCREENSHOTS = Path(tempfile.gettempdir())


def build_like_a_worker(report_id: str) -> str:
    """Build in another thread, as a worker would (Playwright's event loop owns this one)."""
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(services.report_build(report_id)))
    worker.start()
    worker.join(timeout=120)
    return outcome[0]


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def test_a_manager_watches_an_extract_build_then_downloads_and_verifies_it(
    page, hotel_a, ivan, maria, tmp_path
):
    records_request = produced_request(hotel_a, ivan, maria)
    log_in(page, "maria")
    page.goto("/reports/")
    page.select_option("#id_kind", "register_extract")
    page.select_option("#id_records_request", str(records_request.pk))
    page.click("button:has-text('Generate report')")
    page.wait_for_url("**/reports/*/")
    # Producing the request queued its extract already; this is the manager's own, newer one.
    report = AuditReport.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[-1])
    assert AuditReport.objects.filter(records_request=records_request).count() == 2
    assert page.locator("[data-report-status-label]").inner_text() == "Queued"

    # A worker reports progress: the bar follows without a reload.
    AuditReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=42)
    expect(page.locator("[data-report-progress]")).to_have_attribute("value", "42", timeout=10_000)
    expect(page.locator("[data-report-status-label]")).to_have_text("Running")
    page.screenshot(path=SCREENSHOTS / "report-progress.png", full_page=True)

    AuditReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0)
    assert build_like_a_worker(str(report.pk)) == "done"
    page.wait_for_selector("text=Download the signed PDF", timeout=15_000)
    page.screenshot(path=SCREENSHOTS / "report-done.png", full_page=True)
    with page.expect_download() as download_info:
        page.click("text=Download the signed PDF")
    saved = tmp_path / "extract.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    # Anyone can verify it, logged in or not.
    page.context.clear_cookies()
    page.goto("/verify/")
    page.set_input_files("#id_file", str(saved))
    page.click("button:has-text('Verify')")
    page.wait_for_selector(".verdict")
    verdict = page.locator(".verdict").inner_text()
    assert "Authentic" in verdict and "Hotel A" in verdict and "Register extract" in verdict
    page.screenshot(path=SCREENSHOTS / "report-verified.png", full_page=True)


def test_a_failed_build_shows_its_reason(page, hotel_a, ivan, maria, settings, tmp_path):
    records_request = produced_request(hotel_a, ivan, maria)
    report = services.report_request(
        prop=hotel_a, actor=maria, kind="register_extract", records_request=records_request
    )
    log_in(page, "maria")
    page.goto(f"/reports/{report.pk}/")
    settings.REPORT_SIGNING_DIR = tmp_path / "no-key"
    assert build_like_a_worker(str(report.pk)) == "failed"
    page.wait_for_selector("text=create_signing_key", timeout=15_000)
    expect(page.locator("[data-report-status-label]")).to_have_text("Failed")


def test_a_manager_issues_a_personnel_file_page_from_the_certifications_page(
    page, hotel_a, maria, tmp_path
):
    from datetime import date

    from tests.training.factories import EmployeeFactory, TrainingRecordFactory
    from training.services import certifications_sign

    today = hotel_a.today()
    ann = EmployeeFactory(property=hotel_a, name="Ann Trained", hire_date=date(2024, 1, 15))
    TrainingRecordFactory(employee=ann, completed_on=today)
    certifications_sign(prop=hotel_a, actor=maria, year=today.year, as_of=today, attested=True)
    log_in(page, "maria")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/training/certifications/{today.year}/")
    page.screenshot(path=SCREENSHOTS / "certifications-buttons.png", full_page=True)

    page.get_by_role("button", name="Signed PDF for Ann Trained").click()
    page.wait_for_url("**/reports/*/")
    expect(page.locator("h1")).to_have_text("Personnel file certification")
    expect(page.get_by_text("Ann Trained (E-")).to_be_visible()
    report_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert build_like_a_worker(report_id) == "done"
    page.wait_for_selector("text=Download the signed PDF", timeout=15_000)
    with page.expect_download() as download_info:
        page.click("text=Download the signed PDF")
    saved = tmp_path / "personnel.pdf"
    download_info.value.save_as(saved)

    page.context.clear_cookies()
    page.goto("/verify/")
    page.set_input_files("#id_file", str(saved))
    page.click("button:has-text('Verify')")
    page.wait_for_selector(".verdict")
    verdict = page.locator(".verdict").inner_text()
    assert "Authentic" in verdict and "Personnel file certification" in verdict
    assert "Ann Trained" not in verdict  # the public answer names no one
