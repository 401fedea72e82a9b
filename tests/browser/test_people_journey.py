"""A manager runs their people from the app: invite → role → leaver → the dashboard's counts change.

Maria invites a new clerk, who sets a password from the emailed link and logs in; Maria makes
the clerk a manager, then marks an overdue employee as a leaver, and the training counts drop
by one. Screenshots at 1280 and 390 px go to the temp folder.
"""

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from hotelcompliance.change_log import ChangeRecord
from hotelcompliance.tenancy import Membership
from tests.browser.test_reports import log_in
from tests.training.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())
NEW_PASSWORD = "journey-password-2026"


def _overdue_count(page) -> int:
    page.goto("/training/")
    item = page.locator("#counts-title + ul li", has_text="Overdue")
    return int(re.search(r"(\d+)\s*$", item.inner_text().strip()).group(1))


def _dashboard_overdue(page) -> int:
    page.goto("/dashboard/")
    return int(page.locator("a[href$='?status=overdue'] .tile-figure").inner_text())


def test_invite_role_leaver_and_the_counts_change(page, browser, live_server, hotel_a, maria):
    hired = timezone.localdate() - timedelta(days=400)
    EmployeeFactory(property=hotel_a, name="Lee Overdue", hire_date=hired)
    EmployeeFactory(property=hotel_a, name="Kim Overdue", hire_date=hired)

    log_in(page, "maria")
    assert _overdue_count(page) == 2
    assert _dashboard_overdue(page) == 2

    page.click("nav >> text=People")
    page.click("text=Invite a user")
    page.fill("#id_email", "rosa@example.test")
    page.select_option("#id_role", "front_desk")
    page.click("button:has-text('Send invitation')")
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text(
        "rosa@example.test is now Front desk."
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=SCREENSHOTS / "people-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SCREENSHOTS / "people-390.png", full_page=True)
    page.set_viewport_size({"width": 1024, "height": 768})

    # The invited clerk chooses a password in their own browser and logs in.
    [invitation] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/invite/\S+/)", invitation.body).group(1)
    clerk = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    clerk_page = clerk.new_page()
    clerk_page.goto(link)
    clerk_page.fill("#id_new_password1", NEW_PASSWORD)
    clerk_page.fill("#id_new_password2", NEW_PASSWORD)
    clerk_page.click("button:has-text('Save password')")
    expect(clerk_page.locator("h1")).to_have_text("Your password is saved")
    clerk_page.goto("/accounts/login/")
    clerk_page.fill("#id_username", "rosa@example.test")
    clerk_page.fill("#id_password", NEW_PASSWORD)
    clerk_page.press("#id_password", "Enter")
    clerk_page.wait_for_url("**/desk/")
    clerk.close()

    # Maria makes the clerk a manager.
    page.goto("/people/")
    membership = Membership.objects.get(user__username="rosa@example.test")
    page.select_option(f"#role-{membership.pk}", "manager")
    page.locator("tr", has_text="rosa@example.test").locator(
        "button:has-text('Change role')"
    ).click()
    expect(page.locator("body")).to_contain_text("rosa@example.test is now Manager.")
    membership.refresh_from_db()
    assert membership.role == "manager"

    # An overdue employee left yesterday: they stop counting, their page stays.
    page.goto("/training/")
    page.click("text=Lee Overdue")
    page.fill("#leaver_last_day", str(timezone.localdate() - timedelta(days=1)))
    page.click("button:has-text('Mark as leaver')")
    expect(page.locator("body")).to_contain_text("Lee Overdue is marked as a leaver")
    assert _overdue_count(page) == 1
    assert _dashboard_overdue(page) == 1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=SCREENSHOTS / "dashboard-after-leaver-1280.png", full_page=True)
    page.set_viewport_size({"width": 1024, "height": 768})

    page.goto("/changes/")
    log = page.locator("main").inner_text()
    for words in ("Invited a user", "Changed a role", "Marked an employee as a leaver"):
        assert words in log
    page.screenshot(path=SCREENSHOTS / "change-log-1280.png", full_page=True)
    assert ChangeRecord.objects.count() == 3
