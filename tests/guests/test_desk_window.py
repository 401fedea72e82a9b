"""The front desk's API list is what its pages show, not the whole register.

Today's arrivals, the in-house and those who checked out within DESK_RECENT_DEPARTURES_HOURS
(48 by default): checked out exactly 48 hours ago is still listed, 48 hours and a minute
ago is not. Those who may search the register (managers) keep the whole, filtered list.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from guests.services import registration_checkout
from tests.clock import FROZEN_AT
from tests.guests.factories import make_registration

NOW = FROZEN_AT  # Monday 10:30 in Connecticut


def _listed(api, prop, **params) -> set[str]:
    response = api.get(f"/api/v1/properties/{prop.pk}/registrations/", params)
    assert response.status_code == 200
    return {row["room"] for row in response.json()["results"]}


@pytest.fixture
def register(frozen_clock, hotel_a, sam):
    """Rooms by what became of them, checked out to the minute on a stopped clock."""
    frozen_clock.move_to(NOW - timedelta(days=5), tick=False)
    stays = {
        room: make_registration(hotel_a, sam, room=room, receipt_number=f"R-{room}")
        for room in ("long-gone", "edge-out", "edge-in", "in-house")
    }
    for room, ago in (
        ("long-gone", timedelta(days=4)),
        ("edge-out", timedelta(hours=48, minutes=1)),
        ("edge-in", timedelta(hours=48)),
    ):
        frozen_clock.move_to(NOW - ago, tick=False)
        registration_checkout(registration=stays[room], actor=sam)
    frozen_clock.move_to(NOW - timedelta(hours=2), tick=False)
    make_registration(hotel_a, sam, room="today", receipt_number="R-today")
    frozen_clock.move_to(NOW, tick=False)
    return stays


def test_the_desk_lists_arrivals_in_house_and_the_last_48_hours(api_as, hotel_a, sam, register):
    assert _listed(api_as(sam), hotel_a) == {"edge-in", "in-house", "today"}


def test_a_minute_later_the_edge_departure_is_gone_too(
    frozen_clock, api_as, hotel_a, sam, register
):
    frozen_clock.move_to(NOW + timedelta(minutes=1), tick=False)

    assert _listed(api_as(sam), hotel_a) == {"in-house", "today"}


def test_the_window_follows_the_setting(settings, api_as, hotel_a, sam, register):
    settings.DESK_RECENT_DEPARTURES_HOURS = 24 * 5

    assert _listed(api_as(sam), hotel_a) == {
        "long-gone",
        "edge-out",
        "edge-in",
        "in-house",
        "today",
    }


def test_filters_narrow_the_window_and_never_widen_it(api_as, hotel_a, sam, register):
    assert _listed(api_as(sam), hotel_a, room="long-gone") == set()
    assert _listed(api_as(sam), hotel_a, in_house="false") == {"edge-in"}


def test_a_manager_who_may_search_keeps_the_whole_register(api_as, hotel_a, maria, register):
    everything = {"long-gone", "edge-out", "edge-in", "in-house", "today"}

    assert _listed(api_as(maria), hotel_a) == everything
    assert _listed(api_as(maria), hotel_a, room="long-gone") == {"long-gone"}


def test_the_desk_page_shows_the_same_recent_departures(client, sam, register):
    client.force_login(sam)

    response = client.get(reverse("desk"))

    departed = [r.room for r in response.context["recently_departed"]]
    assert departed == ["edge-in"]
    assert response.context["recent_hours"] == 48
