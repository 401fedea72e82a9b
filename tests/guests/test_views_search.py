"""The manager's register search: POST only criteria, logged by criterion name, scoped."""

import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db

URL = reverse("registration_search")


@pytest.fixture
def stays(hotel_a, hotel_b, sam, olga):
    return {
        "ada": make_registration(hotel_a, sam, guest_name="Ada Lovelace", room="101"),
        "grace": make_registration(
            hotel_a, sam, guest_name="Grace Hopper", room="202", receipt_number="F-777"
        ),
        "other": make_registration(hotel_b, olga, guest_name="Ada Byron", room="101"),
    }


def test_the_search_route_has_no_query_string_and_the_form_posts():
    assert "?" not in URL
    assert URL == "/desk/search/"


def test_maria_finds_by_name_case_insensitively(client, maria, stays):
    client.force_login(maria)

    response = client.post(URL, {"name": "lovelace"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in page
    assert "Grace Hopper" not in page
    assert 'method="post"' in page


def test_it_finds_by_room_receipt_and_arrival_range(client, maria, stays, hotel_a):
    client.force_login(maria)
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(hotel_a.timezone))

    by_room = client.post(URL, {"room": "202"}).content.decode()
    by_receipt = client.post(URL, {"receipt_number": "f-777"}).content.decode()
    in_range = client.post(
        URL, {"arrival_from": str(today - timedelta(days=2)), "arrival_to": str(today)}
    ).content.decode()
    out_of_range = client.post(
        URL, {"arrival_from": str(today + timedelta(days=5))}
    ).content.decode()

    assert "Grace Hopper" in by_room and "Ada Lovelace" not in by_room
    assert "Grace Hopper" in by_receipt and "Ada Lovelace" not in by_receipt
    assert "Grace Hopper" in in_range and "Ada Lovelace" in in_range
    assert "No registration matches." in out_of_range


def test_each_search_writes_an_access_event_with_criteria_names_only(client, maria, stays):
    client.force_login(maria)

    client.post(URL, {"name": "Ada", "room": "101"})

    event = AccessEvent.objects.get(kind=AccessKind.SEARCH)
    assert (event.object_type, event.fields, event.actor) == (
        "registration",
        ["name", "room"],
        maria,
    )
    assert "Ada" not in str(event.__dict__)


def test_another_propertys_rows_are_never_shown(client, maria, stays):
    client.force_login(maria)

    page = client.post(URL, {"name": "Ada"}).content.decode()

    assert "Ada Lovelace" in page
    assert "Ada Byron" not in page


def test_an_empty_search_is_refused_and_not_logged(client, maria, stays):
    client.force_login(maria)

    response = client.post(URL, {"name": "  "})

    assert "Give at least one thing to search by." in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_a_get_shows_the_form_without_searching(client, maria, stays):
    client.force_login(maria)

    response = client.get(URL, {"name": "Ada"})

    assert response.status_code == 200
    assert "Ada Lovelace" not in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_a_clerk_may_not_search(client, sam, stays):
    client.force_login(sam)

    response = client.post(URL, {"name": "Ada"})

    assert response.status_code == 403
    assert not AccessEvent.objects.exists()
