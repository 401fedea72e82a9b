"""A manager sets up an authenticator at first login, then logs in with a code."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_with_password(page):
    page.goto("/dashboard/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_enrol_then_log_in_with_a_code(page, maria, settings):
    settings.TWO_FACTOR_REQUIRED = True
    log_in_with_password(page)

    page.wait_for_url("**/accounts/two-factor/setup/**")
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    secret = b32decode(page.locator("#otp-secret").get_attribute("data-secret"))
    page.get_by_label("6-digit code").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/dashboard/")
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url("**/accounts/login/**")

    log_in_with_password(page)
    page.wait_for_url("**/accounts/two-factor/?**")
    assert page.get_by_role("heading", level=1).inner_text() == "Enter the 6-digit code"
    # The enrolment used this period's code; the authenticator's next one is accepted.
    page.get_by_label("6-digit code").fill(f"{totp(secret, t0=-30):06d}")
    page.get_by_role("button", name="Verify").click()

    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Compliance dashboard")
