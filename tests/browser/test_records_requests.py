"""Records requests in real Chromium, end to end.

The inspector files a request with a PDF subpoena; the manager sees it, reviews it, objects
with grounds, records the neutral decision (overruled) and produces; an exigent filing shows as
produced at once. Screenshots land in /tmp/records-request-*.png for a person to look at.
"""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest

from audits.models import RecordsRequest, RecordsRequestDocument, RequestStatus
from tests.audits.factories import days_ago
from tests.audits.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())
PASSWORD = "correct-horse-battery-staple-26"
SUBPOENA = pdf_bytes()


@pytest.fixture
def cast(settings, tmp_path, maria, ivan):
    settings.MEDIA_ROOT = tmp_path / "media"
    for user in (maria, ivan):
        user.set_password(PASSWORD)
        user.first_name, user.last_name = {"maria": ("Maria", "Lopez"), "ivan": ("Ivan", "Petrov")}[
            user.username
        ]
        user.save()
    return {"maria": maria, "ivan": ivan}


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")  # not the header's language switch
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_a_request_from_filing_through_objection_to_production(cast, browser, live_server, page):
    # The inspector files, with a PDF subpoena.
    log_in(page, "ivan")
    assert page.url.endswith("/inspector/")
    page.get_by_role("link", name="File a request").click()
    page.wait_for_url("**/records-requests/new/")
    page.get_by_label("Administrative subpoena").check()
    page.fill("#id_period_start", days_ago(20).isoformat())
    page.fill("#id_period_end", days_ago(10).isoformat())
    page.fill("#id_deadline", days_ago(-14).isoformat())
    page.fill("#id_rooms", "101, 102")
    page.fill("#id_names", "Jane Roe")
    page.select_option("#id_document_kind", "subpoena")
    page.set_input_files(
        "#id_documents",
        files=[{"name": "subpoena.pdf", "mimeType": "application/pdf", "buffer": SUBPOENA}],
    )
    page.screenshot(path=SCREENSHOTS / "records-request-new.png", full_page=True)
    page.get_by_role("button", name="File the request").click()
    page.wait_for_url("**/records-requests/*/")
    assert page.locator("#request-status").inner_text() == "Received"
    assert page.get_by_role("link", name="subpoena.pdf").is_visible()
    rr = RecordsRequest.objects.get()
    assert RecordsRequestDocument.objects.get().request == rr
    page.goto("/inspector/")
    assert "Received" in page.locator("table").first.inner_text()

    # The manager sees it, reviews, objects with grounds.
    context, manager = new_page(browser, live_server)
    try:
        log_in(manager, "maria")
        manager.get_by_role("link", name="Records requests").click()
        manager.wait_for_url("**/records-requests/")
        assert "Received" in manager.locator("tbody tr").first.inner_text()
        manager.locator("tbody tr").first.get_by_role("link").click()
        manager.wait_for_url(f"**/records-requests/{rr.pk}/")
        assert "Jane Roe" in manager.content()
        with manager.expect_download() as download:
            manager.get_by_role("link", name="subpoena.pdf").click()
        assert Path(download.value.path()).read_bytes() == SUBPOENA
        manager.get_by_role("button", name="Start the review").click()
        manager.wait_for_load_state()
        assert manager.locator("#request-status").inner_text() == "Under review"
        manager.fill("#id_object-text", "The subpoena names no offence and covers every guest.")
        manager.get_by_role("button", name="Object").click()
        manager.wait_for_load_state()
        assert manager.locator("#request-status").inner_text() == "Objected"

        # The neutral decision-maker overruled the objection: back under review, then produced.
        manager.get_by_label("Objection overruled (the hotel must produce)").check()
        manager.fill("#id_decide-decided_by", "Hartford Superior Court")
        manager.fill("#id_decide-decided_on", days_ago(0).isoformat())
        manager.fill("#id_decide-reference", "HHD-CV26-0001")
        manager.get_by_role("button", name="Record the decision").click()
        manager.wait_for_load_state()
        assert manager.locator("#request-status").inner_text() == "Under review"
        manager.get_by_role("button", name="Produce the records").click()
        manager.wait_for_load_state()
        assert manager.locator("#request-status").inner_text() == "Produced"
        timeline = manager.locator("#timeline").inner_text()
        for step in (
            "Filed → Received",
            "Received → Under review",
            "Under review → Objected",
            "Objected → Under review",
            "Under review → Produced",
        ):
            assert step in timeline
        assert "Hartford Superior Court" in timeline
        assert "The subpoena names no offence" in timeline
        manager.screenshot(path=SCREENSHOTS / "records-request-produced.png", full_page=True)
    finally:
        context.close()

    rr.refresh_from_db()
    assert rr.status == RequestStatus.PRODUCED and rr.grant_active()
    page.reload()
    page.goto(f"/records-requests/{rr.pk}/")
    assert page.locator("#request-status").inner_text() == "Produced"
    assert page.locator("#access-expires").is_visible()


def test_an_exigent_filing_shows_as_produced_at_once(cast, page):
    log_in(page, "ivan")
    page.goto("/records-requests/new/")
    page.get_by_label("Exigent circumstances").check()
    page.fill("#id_period_start", days_ago(1).isoformat())
    page.fill("#id_period_end", days_ago(0).isoformat())
    page.fill("#id_deadline", days_ago(0).isoformat())
    page.fill("#id_rooms", "101")

    # First without a reason: the error sits beside the field, nothing is filed.
    page.get_by_role("button", name="File the request").click()
    page.wait_for_load_state()
    assert "written reason" in page.locator(".field.has-error").first.inner_text()
    assert not RecordsRequest.objects.exists()

    page.fill("#id_exigent_reason", "A missing child was seen entering room 101 last night.")
    page.get_by_role("button", name="File the request").click()
    page.wait_for_url("**/records-requests/*/")
    assert page.locator("#request-status").inner_text() == "Produced"
    assert "produced now" in page.locator(".messages").inner_text()
    assert page.locator("#access-expires").is_visible()
    page.screenshot(path=SCREENSHOTS / "records-request-exigent.png", full_page=True)
    assert RecordsRequest.objects.get().status == RequestStatus.PRODUCED


def test_a_manager_sees_the_scope_and_confirms_an_exigent_production(cast, page, hotel_a):
    from audits.services import records_request_file
    from tests.guests.factories import arriving, make_registration

    day = days_ago(1)
    for room in ("101", "102", "103", "104", "105", "106"):
        make_registration(
            hotel_a,
            cast["maria"],
            room=room,
            arrival=arriving(hotel_a, day, 16),
            expected_departure=day + timedelta(days=2),
        )
    rr = records_request_file(
        prop=hotel_a,
        inspector=cast["ivan"],
        data={
            "legal_basis": "exigent_circumstances",
            "period_start": day,
            "period_end": day,
            "rooms": ["101"],
            "names": [],
            "fields": ["guest_name", "room", "arrival"],
            "deadline": days_ago(0),
            "exigent_reason": "A missing child was seen entering room 101 last night.",
        },
    )

    log_in(page, "maria")
    page.goto(f"/records-requests/{rr.pk}/")
    assert "Awaiting review" in page.locator("#exigent-review").inner_text()
    assert page.locator("#scope-rows").inner_text().startswith("1 stay")
    page.get_by_label("Confirm: the emergency justified producing at once").check()
    page.fill("#id_exigent-reason", "The police found the child in room 101.")
    page.screenshot(path=SCREENSHOTS / "records-request-exigent-review.png", full_page=True)
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_load_state()

    assert "Confirmed" in page.locator("#exigent-review").inner_text()
    timeline = page.locator("#timeline").inner_text()
    assert "Exigent production confirmed" in timeline
    assert "The police found the child" in timeline
    page.screenshot(path=SCREENSHOTS / "records-request-exigent-reviewed.png", full_page=True)
    rr.refresh_from_db()
    assert rr.exigent_review == "confirmed"
