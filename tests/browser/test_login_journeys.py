"""Each demo role logs in through the real login page and lands on its own home."""

import pytest
from django.core.management import call_command

from hotelcompliance.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize(
    ("username", "home", "heading"),
    [
        ("frontdesk", "/desk/", "Front desk"),
        ("manager", "/dashboard/", "Compliance dashboard"),
        ("groupadmin", "/dashboard/", "Compliance dashboard"),
        ("inspector", "/inspector/", "Records requests"),
    ],
)
def test_each_demo_role_logs_in_and_lands_on_its_home(demo, page, username, home, heading):
    page.goto("/")
    assert "/accounts/login/" in page.url

    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{home}")

    assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
    assert page.get_by_role("navigation", name="Main").is_visible()


def test_a_wrong_password_keeps_the_user_on_the_login_page(demo, page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()

    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").inner_text().startswith("Please enter a correct username")


def test_the_group_admin_switches_property_with_the_switcher(demo, page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("groupadmin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")

    page.get_by_label("Property").select_option(label="Riverwalk Suites San Antonio")
    page.wait_for_load_state("networkidle")
    page.goto("/rules/")

    assert "Riverwalk Suites San Antonio" in page.get_by_role("heading", level=1).inner_text()


def test_form_errors_sit_beside_their_field_and_take_the_focus(demo, page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")

    page.goto("/accounts/password/")
    page.locator("#id_old_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_load_state()

    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_new_password2"
    error = page.locator("#id_new_password2_error")
    assert "too short" in error.inner_text()
