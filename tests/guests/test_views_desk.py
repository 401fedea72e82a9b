"""The desk home: today's arrivals and the in-house list of the clerk's own property."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_afternoon_at_the_desk():
    """Away from midnight, so "an hour ago" is still today at Hotel A."""
    afternoon = datetime(2026, 3, 10, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    with time_machine.travel(afternoon, tick=True):
        yield


def test_it_lists_todays_arrivals_and_in_house_guests_of_its_property_only(
    client, sam, olga, hotel_a, hotel_b
):
    make_registration(hotel_a, sam, guest_name="Ada Lovelace", room="101")
    make_registration(hotel_b, olga, guest_name="Grace Hopper", room="909")
    client.force_login(sam)

    response = client.get(reverse("desk"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Front desk · Hotel A" in page
    assert "Ada Lovelace" in page
    assert "Grace Hopper" not in page
    assert [r.room for r in response.context["arrivals"]] == ["101"]
    assert [r.room for r in response.context["in_house"]] == ["101"]


def test_it_leaves_out_yesterdays_arrivals_and_checked_out_guests(client, sam, hotel_a):
    yesterday = timezone.now() - timedelta(days=1, hours=1)
    make_registration(
        hotel_a,
        sam,
        room="102",
        arrival=yesterday,
        expected_departure=timezone.localdate() + timedelta(days=2),
    )
    gone = make_registration(hotel_a, sam, room="103")
    client.force_login(sam)
    client.post(reverse("registration_checkout", kwargs={"pk": gone.pk}))

    response = client.get(reverse("desk"))

    assert [r.room for r in response.context["arrivals"]] == ["103"]
    assert [r.room for r in response.context["in_house"]] == ["102"]


def test_each_in_house_guest_has_a_confirmed_check_out_form(client, sam, hotel_a):
    registration = make_registration(hotel_a, sam)
    client.force_login(sam)

    page = client.get(reverse("desk")).content.decode()

    action = reverse("registration_checkout", kwargs={"pk": registration.pk})
    assert f'action="{action}" data-confirm=' in page
    assert reverse("check_in") in page


def test_it_shows_the_hotline(client, sam):
    client.force_login(sam)

    assert "1-888-373-7888" in client.get(reverse("desk")).content.decode()


@pytest.mark.parametrize("name", ["desk", "check_in"])
def test_an_inspector_may_not_use_the_desk(client, ivan, name):
    client.force_login(ivan)

    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["desk", "check_in"])
def test_the_desk_needs_a_login(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_web_routes_carry_no_personal_data():
    """Every guests web URL takes at most a UUID, so no name, room or ID can end up in one.

    The guest's pre-arrival page takes its signed link instead: a UUID and its signature
    (`hotelcompliance.capability_links`), no personal data either.
    """
    from guests import urls

    for pattern in urls.urlpatterns:
        converters = pattern.pattern.converters
        if pattern.name == "pre_arrival_guest":
            assert set(converters) == {"token"}, pattern
            continue
        assert set(converters) <= {"pk"}, pattern
        assert all(type(c).__name__ == "UUIDConverter" for c in converters.values()), pattern
