"""Two tabs in real Chromium: a check-in opened at Hotel A is never filed at Hotel B.

The clerk opens the check-in form at Hotel A, switches to Hotel B in a second tab, then sends
the first tab's form: it is refused (409, nothing filed anywhere), and the page offers to
switch back, which returns the clerk to the check-in form at Hotel A.
"""

import pytest

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
    page.wait_for_url("**/desk/")
    assert "Hotel A" in page.get_by_role("heading", level=1).inner_text()
    page.goto("/desk/check-in/")
    fill_check_in(page)

    second = page.context.new_page()
    second.goto("/desk/")
    second.get_by_label("Property").select_option(label="Hotel B")
    second.wait_for_url("**/desk/")
    assert "Hotel B" in second.get_by_role("heading", level=1).inner_text()

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Check in").click()

    assert answer.value.status == 409
    assert page.get_by_role("heading", level=1).inner_text() == "Nothing was saved"
    assert "opened for Hotel A" in page.get_by_role("alert").inner_text()
    assert not Registration.objects.exists()

    page.get_by_role("button", name="Switch back to Hotel A").click()
    page.wait_for_url("**/desk/check-in/")
    assert "Hotel A" in page.get_by_label("Property").evaluate(
        "select => select.options[select.selectedIndex].text"
    )
    assert not Registration.objects.exists()
