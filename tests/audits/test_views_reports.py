"""Report pages: who sees what, the form's errors, double submits, progress JSON, verify page."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.reports import services
from audits.reports.models import AuditReport
from tests.audits.factories import days_ago
from tests.audits.report_fixtures import *  # noqa: F403
from tests.audits.test_api_reports import built_extract

pytestmark = pytest.mark.usefixtures("report_media")


def form_data(**overrides) -> dict:
    data = {
        "kind": "training_roster",
        "period_start": str(days_ago(30)),
        "period_end": str(days_ago(1)),
        "records_request": "",
        "submission": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_a_manager_generates_a_report_from_the_page(client, hotel_a, maria):
    client.force_login(maria)
    page = client.get("/reports/")
    assert page.status_code == 200 and b"Generate report" in page.content
    response = client.post("/reports/new/", form_data())
    report = AuditReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    detail = client.get(response["Location"])
    assert (
        b"data-report-progress" in detail.content
        and report.verification_code.encode() in detail.content
    )


def test_a_double_submit_makes_one_report(client, hotel_a, maria):
    client.force_login(maria)
    data = form_data()
    first = client.post("/reports/new/", data)
    second = client.post("/reports/new/", data)
    assert AuditReport.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_bad_periods_show_inline_errors_and_save_nothing(client, hotel_a, maria):
    client.force_login(maria)
    response = client.post(
        "/reports/new/", form_data(period_start=str(days_ago(1)), period_end=str(days_ago(9)))
    )
    assert response.status_code == 400
    assert b"cannot end before it starts" in response.content
    response = client.post("/reports/new/", form_data(kind="register_extract"))
    assert b"answers a records request" in response.content
    response = client.post("/reports/new/", form_data(period_start="31/02/2026"))
    assert response.status_code == 400 and b"Enter a valid date" in response.content
    assert not AuditReport.objects.exists()


def test_the_status_json_drives_the_progress_bar(client, hotel_a, maria):
    client.force_login(maria)
    report = services.report_request(
        prop=hotel_a,
        actor=maria,
        kind="training_roster",
        period_start=days_ago(3),
        period_end=days_ago(1),
    )
    AuditReport.objects.filter(pk=report.pk).update(status="running", progress=37)
    state = client.get(f"/reports/{report.pk}/status/").json()
    assert state == {
        "status": "running",
        "status_label": "Running",
        "progress": 37,
        "error": "",
        "finished": False,
    }


def test_who_sees_which_report_page(client, hotel_a, ivan, maria, sam, olga):
    report = built_extract(hotel_a, ivan, maria)
    client.force_login(ivan)
    assert client.get("/reports/").status_code == 200
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    assert client.get(f"/reports/{report.pk}/download/").status_code == 200
    assert client.post("/reports/new/", form_data()).status_code == 403
    client.force_login(sam)
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/{report.pk}/").status_code == 403
    client.force_login(olga)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/reports/{report.pk}/download/").status_code == 404


def test_the_verify_page_checks_a_code_from_the_qr_link(client, hotel_a, ivan, maria):
    report = built_extract(hotel_a, ivan, maria)
    page = client.get(f"/verify/?code={report.verification_code}")
    assert page.status_code == 200
    assert b"Authentic" in page.content and report.sha256.encode() in page.content
    assert b"Jane Roe" not in page.content


def test_the_verify_page_explains_bad_input(client, db):
    assert b"Choose the PDF" in client.post("/verify/", {}).content
    page = client.post("/verify/", {"file": SimpleUploadedFile("a.pdf", b"<html></html>")})
    assert b"not a PDF" in page.content
    page = client.post("/verify/", {"code": "HC-2345-6789-ABCD"})
    assert b"Not authentic" in page.content


def test_the_verify_page_is_throttled_per_address(client, db, monkeypatch, settings):
    from audits.reports.api import VerifyThrottle

    # A cache of this test's own: in CI the other test worker flushes the shared Redis.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(VerifyThrottle, "rate", "2/minute")
    for _ in range(2):
        assert client.post("/verify/", {"code": "HC-2345-6789-ABCD"}).status_code == 200
    response = client.post("/verify/", {"code": "HC-2345-6789-ABCD"})
    assert response.status_code == 429 and b"Too many checks" in response.content
