"""`Property.tz` and `Property.today()`: a property's dates are its own, not the server's."""

import zoneinfo
from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def test_tz_is_the_property_zone(hotel_a):
    hotel_a.timezone = "America/Chicago"

    assert hotel_a.tz == zoneinfo.ZoneInfo("America/Chicago")
    assert hotel_a.tz is hotel_a.tz  # one instance a key


def test_tz_follows_an_edited_timezone(hotel_a):
    assert hotel_a.tz.key == "America/New_York"

    hotel_a.timezone = "Pacific/Honolulu"

    assert hotel_a.tz.key == "Pacific/Honolulu"


@pytest.mark.clock("2026-06-16T03:59:00+00:00")
def test_today_is_still_yesterday_before_the_local_midnight(hotel_a):
    assert hotel_a.timezone == "America/New_York"

    assert hotel_a.today() == date(2026, 6, 15)


@pytest.mark.clock("2026-06-16T04:00:00+00:00")
def test_today_turns_at_the_local_midnight(hotel_a):
    assert hotel_a.today() == date(2026, 6, 16)


@pytest.mark.clock("2026-06-16T09:59:00+00:00")
def test_today_in_another_zone_turns_at_its_own_midnight(hotel_a, frozen_clock):
    hotel_a.timezone = "Pacific/Honolulu"  # UTC-10, no daylight saving

    assert hotel_a.today() == date(2026, 6, 15)
    frozen_clock.move_to("2026-06-16T10:00:00+00:00")
    assert hotel_a.today() == date(2026, 6, 16)


@pytest.mark.clock("2026-06-15T23:30:00+00:00")
def test_today_east_of_utc_is_already_tomorrow(hotel_a):
    hotel_a.timezone = "Asia/Tokyo"

    assert hotel_a.today() == date(2026, 6, 16)
