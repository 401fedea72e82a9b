"""The desk at scale: the in-house list in pages, a room-or-name search, back to the row."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guests import desk_paging
from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(settings):
    settings.DESK_PAGE_SIZE = 2


def rooms_in_house(client, path: str = "/desk/") -> list[str]:
    return [r.room for r in client.get(path).context["in_house"]]


def find(client, prop, term: str, **extra):
    return client.post(reverse("desk_find"), {"term": term, **extra})


def test_the_in_house_list_comes_a_page_at_a_time_in_room_order(client, sam, hotel_a, small_pages):
    for room in ("105", "101", "104", "102", "103"):
        make_registration(hotel_a, sam, room=room)
    client.force_login(sam)

    assert rooms_in_house(client) == ["101", "102"]
    assert rooms_in_house(client, "/desk/?page=2") == ["103", "104"]
    assert rooms_in_house(client, "/desk/?page=3") == ["105"]
    assert rooms_in_house(client, "/desk/?page=99") == ["105"]  # past the end: the last
    assert rooms_in_house(client, "/desk/?page=nope") == ["101", "102"]
    page = client.get("/desk/?page=2").content.decode()
    assert 'href="?page=1#in-house" rel="prev"' in page
    assert 'href="?page=3#in-house" rel="next"' in page
    assert "Page 2 of 3" in page
    assert "· 5</span>" in page  # the count is of everyone in house, not of the page


def test_the_hotline_and_the_guidance_come_before_the_lists(client, sam):
    client.force_login(sam)

    page = client.get("/desk/").content.decode()

    assert page.index("1-888-373-7888") < page.index('id="in-house-title"')
    assert page.index('id="entry-rules"') < page.index('id="arrivals-title"')


def test_a_room_search_is_kept_in_the_session_and_never_in_the_url(client, sam, hotel_a):
    for room in ("120", "121", "130", "12"):
        make_registration(hotel_a, sam, room=room)
    client.force_login(sam)

    response = find(client, hotel_a, " 12 ")

    assert response.status_code == 302
    assert response["Location"] == "/desk/#in-house"
    assert rooms_in_house(client) == ["12", "120", "121"]
    assert client.session[desk_paging.SESSION_KEY][str(hotel_a.pk)]["term"] == "12"


def test_a_name_search_matches_a_whole_name_of_the_guest_or_an_occupant(client, sam, hotel_a):
    make_registration(hotel_a, sam, room="201", guest_name="Ada Lovelace")
    make_registration(hotel_a, sam, room="202", guest_name="Grace Hopper", occupants=["Zoë Ng"])
    make_registration(hotel_a, sam, room="203", guest_name="Adam Smith")
    client.force_login(sam)

    find(client, hotel_a, "ada LOVELACE")
    assert rooms_in_house(client) == ["201"]
    find(client, hotel_a, "zoe ng")  # accents and case do not count
    assert rooms_in_house(client) == ["202"]
    find(client, hotel_a, "Ada")  # a part of a name finds nobody: names are matched whole
    page = client.get("/desk/")
    assert [r.room for r in page.context["in_house"]] == []
    assert "Nobody in house matches" in page.content.decode()


def test_each_search_shown_is_logged_with_the_fields_never_the_term(client, sam, hotel_a):
    make_registration(hotel_a, sam, room="201", guest_name="Ada Lovelace")
    client.force_login(sam)

    find(client, hotel_a, "Ada Lovelace")
    client.get("/desk/")

    event = AccessEvent.objects.get(kind=AccessKind.SEARCH, object_type="desk_lists")
    assert event.fields == ["name", "room"]
    assert event.actor == sam
    assert "Lovelace" not in event.reason
    assert "in_house 1" in event.reason


def test_a_search_is_forgotten_after_its_minutes(client, sam, hotel_a, settings, frozen_clock):
    settings.DESK_SEARCH_MINUTES = 15
    make_registration(hotel_a, sam, room="101")
    make_registration(hotel_a, sam, room="102")
    client.force_login(sam)
    find(client, hotel_a, "101")
    assert rooms_in_house(client) == ["101"]

    frozen_clock.shift(timedelta(minutes=16))

    assert rooms_in_house(client) == ["101", "102"]
    assert AccessEvent.objects.filter(kind=AccessKind.VIEW, object_type="desk_lists").exists()


def test_show_everyone_and_an_empty_box_forget_the_search(client, sam, hotel_a):
    make_registration(hotel_a, sam, room="101")
    make_registration(hotel_a, sam, room="102")
    client.force_login(sam)

    find(client, hotel_a, "101")
    find(client, hotel_a, "101", clear="1")
    assert rooms_in_house(client) == ["101", "102"]
    find(client, hotel_a, "101")
    find(client, hotel_a, "")
    assert rooms_in_house(client) == ["101", "102"]


def test_a_bad_term_is_refused_and_forgets_the_search(client, sam, hotel_a):
    make_registration(hotel_a, sam, room="101")
    client.force_login(sam)

    response = find(client, hotel_a, "a\u202eb")

    assert response.status_code == 302
    assert desk_paging.search_current(client.session, hotel_a.pk) is None


def test_the_search_is_per_property(hotel_a, hotel_b):
    other = hotel_b
    session: dict = {}
    desk_paging.search_remember(session, hotel_a.pk, "101")

    assert desk_paging.search_current(session, hotel_a.pk).term == "101"
    assert desk_paging.search_current(session, other.pk) is None


def test_a_check_out_comes_back_to_the_same_page_and_the_next_row(
    client, sam, hotel_a, small_pages
):
    stays = [make_registration(hotel_a, sam, room=room) for room in ("101", "102", "103", "104")]
    client.force_login(sam)
    page = client.get("/desk/?page=2").content.decode()
    assert f'name="return_anchor" value="stay-{stays[3].pk}"' in page

    response = client.post(
        reverse("registration_checkout", kwargs={"pk": stays[2].pk}),
        {
            "return_to": "desk",
            "page": "2",
            "return_anchor": f"stay-{stays[3].pk}",
        },
    )

    assert response["Location"] == f"/desk/?page=2#stay-{stays[3].pk}"
    assert rooms_in_house(client, "/desk/?page=2") == ["104"]


def test_a_search_survives_a_check_out(client, sam, hotel_a):
    keep = make_registration(hotel_a, sam, room="120")
    gone = make_registration(hotel_a, sam, room="121")
    make_registration(hotel_a, sam, room="300")
    client.force_login(sam)
    find(client, hotel_a, "12")

    client.post(
        reverse("registration_checkout", kwargs={"pk": gone.pk}),
        {"return_to": "desk", "page": "1"},
    )

    assert rooms_in_house(client) == [keep.room]


@pytest.mark.parametrize(
    ("page", "anchor", "expected"),
    [
        (
            "3",
            "stay-0b7c5f36-0d0c-4c5e-9a0e-3d3f5b1f7a11",
            "/desk/?page=3#stay-0b7c5f36-0d0c-4c5e-9a0e-3d3f5b1f7a11",
        ),
        ("1", "in-house", "/desk/#in-house"),
        ("-4", "https://evil.example/", "/desk/#in-house"),
        ("2x", "stay-1\nSet-Cookie: x", "/desk/#in-house"),
        (None, None, "/desk/#in-house"),
    ],
)
def test_the_way_back_carries_only_a_page_number_and_a_row_anchor(page, anchor, expected):
    assert desk_paging.return_url(page, anchor) == expected


def test_the_desk_asks_the_same_number_of_queries_for_a_few_or_many_in_house(
    client, sam, hotel_a, hotel_b, olga
):
    for n in range(3):
        make_registration(hotel_b, olga, room=f"{n}")
    for n in range(60):
        make_registration(hotel_a, sam, room=f"{100 + n}")
    client.force_login(olga)
    client.get("/desk/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/desk/").status_code == 200
    client.force_login(sam)
    client.get("/desk/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/desk/")

    assert len(response.context["in_house"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)
