"""The desk in real Chromium: a returning guest checked in from a wedge scan of their licence."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from guests.models import Registration
from hotelcompliance.roles import Role
from tests.factories import PASSWORD, MembershipFactory, PropertyFactory, UserFactory
from tests.guests.factories import make_registration
from tests.guests.id_builders import aamva_payload, us_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
FIGURE = 15  # issue 13: a returning guest in at most 15 keystrokes after the scan


class Keyboard:
    """The clerk's keyboard: every key pressed after the scan is counted."""

    def __init__(self, page) -> None:
        self.page, self.count = page, 0

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.count += len(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1


@pytest.fixture
def florida_desk(db):
    # Florida's pack asks only for the name, the dates and the rate.
    prop = PropertyFactory(name="Keys Motel", jurisdiction="US-FL")
    clerk = UserFactory(username="desk_fl")
    MembershipFactory(user=clerk, property=prop, role=Role.FRONT_DESK)
    return prop, clerk


def licence(today: date) -> str:
    elements = {
        "DCA": "E",
        "DAQ": "S530460720",
        "DCS": "RETURNER",
        "DAC": "PAT",
        "DBB": "04021977",
        "DBA": us_date(today + timedelta(days=700)),
        "DAG": "77 PALM WAY",
        "DAI": "MIAMI",
        "DAJ": "FL",
        "DAK": "331300000",
        "DCG": "USA",
    }
    return aamva_payload(elements, version=9)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_returning_guest_checks_in_from_a_licence_scan_in_few_keystrokes(
    florida_desk, page, width
):
    prop, clerk = florida_desk
    make_registration(
        prop,
        clerk,
        guest_name="Pat Returner",
        id_number="S530460720",
        address="77 Palm Way, Miami, FL 33130",
        phone="+1 305 555 0101",
        email="pat@example.org",
        vehicle_plate="ABC1234",
        vehicle_state="FL",
        receipt_number="",
        payment_method="",
        amount_charged=None,
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/desk/")
    page.goto("/desk/check-in/")

    # The scanner types into the focused scan box, line breaks as Enter, and stops.
    page.focus("#id_scan")
    for line in licence(date.today()).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        page.keyboard.insert_text(line)
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Returning guest")).to_be_visible()
    expect(page.locator("#id_guest_name")).to_have_value("PAT RETURNER")
    expect(page.locator("#id_room")).to_be_focused()

    keys = Keyboard(page)
    keys.type("12")  # the room
    keys.press("Alt+U")  # the last stay's address, phone, email and vehicle
    expect(page.locator("#id_phone")).to_have_value("+1 305 555 0101")
    expect(page.locator("#id_rate")).to_be_focused()
    keys.type("99")
    page.screenshot(path=str(SCREENSHOTS / f"idscan-returning-{width}.png"), full_page=True)
    keys.press("Enter")
    page.wait_for_url("**/desk/registrations/*/")

    print(f"returning guest from an AAMVA scan: {keys.count} keystrokes after the scan")
    assert keys.count <= FIGURE
    stay = Registration.objects.for_property(prop).order_by("-number").first()
    assert (stay.guest_name, stay.room, stay.phone) == ("PAT RETURNER", "12", "+1 305 555 0101")
    assert (stay.vehicle_plate, stay.email, stay.id_issuer) == ("ABC1234", "pat@example.org", "FL")
    assert stay.id_number == "S530460720" and stay.id_type == "drivers_licence"
