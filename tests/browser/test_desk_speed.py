"""Issue 13's figure at a Connecticut desk: a returning guest from an AAMVA scan, keyboard only.

Connecticut's pack asks for every payment field, so this is the hard case: the room completes
from the listed vacant rooms, Alt+U brings the last stay's contact and vehicle, the amount
follows from rate x nights, and the counts from the (empty) occupant list.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from guests.models import Registration
from hotelcompliance.roles import Role
from hotelcompliance.rooms import rooms_add
from tests.browser.test_id_scan import Keyboard, licence
from tests.factories import PASSWORD, MembershipFactory, PropertyFactory, UserFactory
from tests.guests.factories import make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
FIGURE = 15  # issue 13: at most 15 keystrokes after the scan


@pytest.mark.parametrize("width", [1280, 390])
def test_a_returning_guest_at_a_connecticut_desk_in_at_most_15_keystrokes(page, width):
    prop = PropertyFactory(name="Mystic Inn", jurisdiction="US-CT", region="CT")
    clerk = UserFactory(username="desk_ct")
    MembershipFactory(user=clerk, property=prop, role=Role.FRONT_DESK)
    rooms_add(prop=prop, text="11\n12\n14")
    make_registration(
        prop,
        clerk,
        room="11",
        guest_name="Pat Returner",
        id_number="S530460720",
        address="77 Palm Way, Miami, FL 33130",
        phone="+1 305 555 0101",
        email="pat@example.org",
        vehicle_plate="ABC1234",
        vehicle_state="FL",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/desk/")
    page.goto("/desk/check-in/")

    page.focus("#id_scan")
    for line in licence(date.today()).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        page.keyboard.insert_text(line)
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Returning guest")).to_be_visible()
    expect(page.locator("#id_room")).to_be_focused()
    # The room completes from the vacant rooms (11 is in house).
    options = page.locator("#vacant-rooms option")
    expect(options).to_have_count(2)

    keys = Keyboard(page)
    keys.type("12")  # the room
    keys.press("Alt+U")  # the last stay's address, phone, email and vehicle
    expect(page.locator("#id_rate")).to_be_focused()
    keys.type("99")
    expect(page.locator("#id_amount_charged")).to_have_value("99.00")  # 1 night x 99
    keys.press("Tab")  # rate type: nightly already
    keys.press("Tab")  # amount: filled
    keys.press("Tab")  # payment method
    keys.type("c")  # Card
    keys.press("Tab")
    keys.type("F7")  # the folio
    page.screenshot(path=str(SCREENSHOTS / f"desk-speed-ct-{width}.png"), full_page=True)
    keys.press("Enter")
    page.wait_for_url("**/desk/registrations/*/")

    print(f"returning guest at a Connecticut desk: {keys.count} keystrokes after the scan")
    assert keys.count <= FIGURE
    stay = Registration.objects.for_property(prop).order_by("-number").first()
    assert (stay.room, stay.guest_name, stay.phone) == ("12", "PAT RETURNER", "+1 305 555 0101")
    assert (stay.amount_charged, stay.payment_method, stay.receipt_number) == (
        Decimal("99.00"),
        "card",
        "F7",
    )
    assert (stay.adults, stay.minors, stay.vehicle_state) == (1, 0, "FL")


def test_a_manager_sees_the_room_warning_and_checks_in_with_a_reason(page):
    prop = PropertyFactory(name="Mystic Inn", jurisdiction="US-CT", region="CT")
    manager = UserFactory(username="manager_ct")
    MembershipFactory(user=manager, property=prop, role=Role.MANAGER)
    rooms_add(prop=prop, text="11\n12")
    make_registration(prop, manager, room="11")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/accounts/login/")
    page.fill("#id_username", manager.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/dashboard/")
    page.goto("/desk/check-in/")

    page.keyboard.type("11")
    page.fill("#id_guest_name", "Ada Lovelace")
    page.fill("#id_occupants", "Bob Lovelace\nAna Lovelace *")
    expect(page.locator("#id_adults")).to_have_value("2")
    expect(page.locator("#id_minors")).to_have_value("1")
    page.fill("#id_rate", "100")
    page.select_option("#id_payment_method", "card")
    page.fill("#id_receipt_number", "F8")
    page.press("#id_receipt_number", "Enter")

    warning = page.locator("[data-stay-warnings]")
    expect(warning).to_contain_text("Room 11 is still in house")
    expect(page.locator("#id_override_reason")).to_be_focused()
    page.screenshot(path=str(SCREENSHOTS / "desk-room-warning-390.png"), full_page=True)
    page.keyboard.type("Family joins the earlier stay")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/registrations/*/")
    stay = Registration.objects.for_property(prop).order_by("-number").first()
    assert (stay.room, stay.adults, stay.minors) == ("11", 2, 1)
