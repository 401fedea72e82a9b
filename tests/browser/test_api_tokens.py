"""The managers' integration-tokens page in real Chromium: see a token, revoke it by keyboard."""

import pytest
from django.core.management import call_command

from hotelcompliance.api_tokens import ApiToken, TokenKind, issue_token
from hotelcompliance.demo import DEMO_PASSWORD
from hotelcompliance.tenancy import Property
from tests.browser.test_concerns import tab_to_text
from tests.browser.test_front_desk import focused_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_manager_revokes_an_integration_token_by_keyboard(demo, page, django_user_model):
    prop = Property.objects.order_by("pk").first()
    token, key = issue_token(
        django_user_model.objects.get(username="frontdesk"),
        kind=TokenKind.INTEGRATION,
        name="PMS nightly feed",
        prop=prop,
    )
    page.goto("/accounts/login/")
    assert focused_id(page) == "id_username"
    page.keyboard.type("manager")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")

    page.goto("/api-tokens/")
    row = page.get_by_role("row", name="PMS nightly feed")
    assert "frontdesk" in row.inner_text()
    assert key not in page.content()
    tab_to_text(page, "Revoke PMS nightly feed")
    page.keyboard.press("Enter")
    page.wait_for_url("**/api-tokens/")

    assert "is revoked" in page.locator(".messages").inner_text()
    assert page.get_by_role("row", name="PMS nightly feed").count() == 0
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
