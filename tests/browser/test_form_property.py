"""Two tabs in real Chromium: a check-in opened at Hotel A is never filed at Hotel B.

The clerk opens the check-in form at Hotel A, switches to Hotel B in a second tab, then sends
the first tab's form: it is refused (409, nothing filed anywhere), and the page offers to
switch back, which returns the clerk to the check-in form at Hotel A.
"""

import pytest
from playwright.sync_api import expect

from guests.models import Registration
from hotelcompliance.roles import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk(hotel_a, hotel_b):
    user = UserFactory(username="pat")
    for prop in (hotel_a, hotel_b):
        MembershipFactory(user=user, property=prop, role=Role.FRONT_DESK)
    return user


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/")


def fill_check_in(page) -> None:
    page.fill("#id_room", "204")
    page.fill("#id_guest_name", "Ada Lovelace")
    page.fill("#id_rate", "129.00")
    page.fill("#id_amount_charged", "129.00")
    page.select_option("#id_payment_method", "card")
    page.fill("#id_receipt_number", "F-7731")


def test_a_form_of_hotel_a_is_refused_after_switching_to_hotel_b_in_another_tab(
    page, clerk, hotel_a, hotel_b
):
    log_in(page, "pat")
    page.get_by_label("Property").select_option(label="Hotel A")
    # The switch posts and comes back to /desk/, where the tab already is: wait for the heading.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hotel A")
    page.goto("/desk/check-in/")
    fill_check_in(page)

    second = page.context.new_page()
    second.goto("/desk/")
    second.get_by_label("Property").select_option(label="Hotel B")
    # The switch posts and comes back to /desk/, where the tab already is: wait for the heading.
    expect(second.get_by_role("heading", level=1)).to_contain_text("Hotel B")

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Check in").click()

    assert answer.value.status == 409
    expect(page.get_by_role("heading", level=1)).to_have_text("Nothing was saved")
    expect(page.get_by_role("alert")).to_contain_text("opened for Hotel A")
    assert not Registration.objects.exists()

    page.get_by_role("button", name="Switch back to Hotel A").click()
    # The refusal was answered at /desk/check-in/ too: wait for the new page, not the URL.
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Nothing was saved")
    page.wait_for_url("**/desk/check-in/")
    expect(page.get_by_label("Property")).to_have_value(str(hotel_a.pk))
    assert not Registration.objects.exists()
