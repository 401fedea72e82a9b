"""A concern report in real Chromium: the front desk files one by keyboard alone."""

import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from guests.models import ConcernReport
from hotelcompliance.outbox import OutboxEvent
from tests.browser.test_front_desk import focused_id, log_in_by_keyboard, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def tab_to_text(page, text: str, limit: int = 60) -> None:
    for _ in range(limit):
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {text!r}")


def test_the_front_desk_files_a_concern_by_keyboard(demo, page):
    log_in_by_keyboard(page)
    tab_to_text(page, "Report a concern")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/concerns/new/")
    assert "1-888-373-7888" in page.locator(".hotline").first.inner_text()
    page.screenshot(path=SCREENSHOTS / "concern-new.png", full_page=True)

    tab_to(page, "id_group_control_1", limit=80)  # "Someone else speaks for them"
    page.keyboard.press("Space")
    tab_to(page, "id_narrative", limit=80)
    page.keyboard.type("Room 12: a man answered every question for the young woman with him.")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_action_taken_0"  # "Told a manager"
    page.keyboard.press("Space")
    tab_to_text(page, "Send to the managers")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/concerns/filed/")

    assert "Your report has been sent" in page.get_by_role("heading", level=1).inner_text()
    concern = ConcernReport.objects.get()
    assert concern.indicators == ["control.someone_speaks_for_them"]
    assert concern.action_taken == ["manager_told"]
    assert concern.reported_by.username == "frontdesk"
    assert OutboxEvent.objects.filter(kwargs__concern_id=str(concern.pk)).exists()
    page.screenshot(path=SCREENSHOTS / "concern-filed.png", full_page=True)
