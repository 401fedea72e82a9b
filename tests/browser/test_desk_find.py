"""The desk at scale in real Chromium: find by room and by name, page, check out, stay put."""

import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from guests.models import Registration
from hotelcompliance.tenancy import Property
from tests.browser.test_front_desk import PHONE, demo, log_in_by_keyboard  # noqa: F401
from tests.guests.factories import make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())
ROOMS = [f"Q{n}" for n in range(501, 513)]


@pytest.fixture
def busy_desk(demo, settings):  # noqa: F811
    """Twelve more guests in house at the front desk's hotel, shown five a page."""
    settings.DESK_PAGE_SIZE = 5
    prop = Property.objects.get(name__startswith="Harbor")
    clerk = get_user_model().objects.get(username="frontdesk")
    stays = {
        room: make_registration(prop, clerk, room=room, guest_name=f"Guest {room}")
        for room in ROOMS
    }
    make_registration(prop, clerk, room="Q777", guest_name="Zoë Quill")
    return stays


def find(page, term: str) -> None:
    page.locator("#id_term").fill(term)
    page.locator("#id_term").press("Enter")
    page.wait_for_url("**/desk/#in-house")


def rooms_shown(page) -> list[str]:
    return page.locator("#in-house tbody th").all_inner_texts()


def test_a_clerk_finds_a_guest_by_room_and_by_name_with_nothing_in_the_url(busy_desk, page):
    log_in_by_keyboard(page)

    find(page, "Q50")
    assert rooms_shown(page) == ["Q501", "Q502", "Q503", "Q504", "Q505"]
    assert "Q50" not in page.url
    assert page.locator("#id_term").input_value() == "Q50"

    find(page, "zoe QUILL")
    assert rooms_shown(page) == ["Q777"]
    assert "quill" not in page.url.lower()

    page.get_by_role("button", name="Show everyone").click()
    page.wait_for_url("**/desk/#in-house")
    assert page.locator("#id_term").input_value() == ""
    assert len(rooms_shown(page)) == 5


def test_after_a_check_out_the_clerk_is_back_on_the_same_page_at_the_next_row(busy_desk, page):
    log_in_by_keyboard(page)
    find(page, "Q5")
    page.get_by_role("link", name="Next").click()
    page.wait_for_url("**/desk/?page=2#in-house")
    assert rooms_shown(page) == ["Q506", "Q507", "Q508", "Q509", "Q510"]
    page.on("dialog", lambda dialog: dialog.accept())

    gone = busy_desk["Q507"]
    page.get_by_role("button", name=f"Check out #{gone.number}, room Q507").click()
    page.wait_for_url(f"**/desk/?page=2#stay-{busy_desk['Q508'].pk}")

    assert rooms_shown(page) == ["Q506", "Q508", "Q509", "Q510", "Q511"]  # the search stands
    assert page.get_by_text(f"Registration {gone.number} checked out.").is_visible()
    assert page.evaluate("location.hash") == f"#stay-{busy_desk['Q508'].pk}"
    assert page.locator(f"#stay-{busy_desk['Q508'].pk}").is_visible()
    assert Registration.objects.get(pk=gone.pk).checked_out_at is not None


def test_the_desk_fits_a_phone_with_the_hotline_on_top(busy_desk, page):
    page.set_viewport_size(PHONE)
    log_in_by_keyboard(page)
    find(page, "Q5")

    page.screenshot(path=SCREENSHOTS / "desk-find-390.png", full_page=True)
    page.locator("#in-house").screenshot(path=SCREENSHOTS / "desk-find-390-in-house.png")
    page.screenshot(path=SCREENSHOTS / "desk-find-390-top.png")

    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the desk scrolls sideways"
    hotline = page.locator("#hotline-title").bounding_box()
    in_house = page.locator("#in-house-title").bounding_box()
    assert hotline["y"] < in_house["y"]
    assert page.locator("#id_term").is_visible()
    # The row's buttons are on screen, not past a sideways-scrolling table.
    button = page.locator("#in-house").get_by_role("button", name="Check out").first.bounding_box()
    assert button["x"] + button["width"] <= PHONE["width"]
