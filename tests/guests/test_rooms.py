"""Rooms: typed or pasted once, vacant ones offered at the desk, warnings a manager may override."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import RecordsRequest
from guests import room_checks
from guests.models import Registration
from hotelcompliance.rooms import Room, RoomOverride, parse_room_list, room_update, rooms_add
from tests.audits.factories import file_request
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


def test_a_pasted_list_adds_rooms_once_with_floors_from_csv(hotel_a):
    added = rooms_add(prop=hotel_a, text="room,floor\n101,1\n102,1\n\n201;2\n")

    assert (added.created, added.reactivated, added.unchanged) == (3, 0, 0)
    assert list(Room.objects.for_property(hotel_a).values_list("number", "floor")) == [
        ("101", "1"),
        ("102", "1"),
        ("201;2", ""),  # a comma file: the semicolon is part of the name
    ]
    again = rooms_add(prop=hotel_a, text="101\n301")
    assert (again.created, again.unchanged) == (1, 1)


def test_one_room_per_line_and_a_retired_room_comes_back(hotel_a):
    rooms_add(prop=hotel_a, text="Cabin A\nCabin B")
    cabin = Room.objects.get(property=hotel_a, number="Cabin A")
    room_update(room=cabin, number="Cabin A", floor="", active=False)

    added = rooms_add(prop=hotel_a, text="Cabin A")

    assert added.reactivated == 1
    assert Room.objects.get(pk=cabin.pk).active


@pytest.mark.parametrize(
    "text",
    ["", "101\n101", "x" * 17, "101,1,extra", "10\u200b1", "101\n" + "\n".join(["  "] * 3) + ",2"],
)
def test_bad_lists_are_refused_whole_and_name_the_line(hotel_a, text):
    with pytest.raises(ValidationError) as refused:
        rooms_add(prop=hotel_a, text=text)

    assert "rooms" in refused.value.message_dict
    assert Room.objects.count() == 0


def test_line_numbers_in_the_errors():
    with pytest.raises(ValidationError) as refused:
        parse_room_list("101\n101\n" + "y" * 20)
    messages = refused.value.message_dict["rooms"]
    assert messages[0].startswith("Line 2:") and messages[1].startswith("Line 3:")


def test_renaming_onto_another_room_is_a_field_error(hotel_a):
    rooms_add(prop=hotel_a, text="101\n102")
    room = Room.objects.get(number="102")
    with pytest.raises(ValidationError) as refused:
        room_update(room=room, number="101", floor="", active=True)
    assert "number" in refused.value.message_dict


def test_vacant_rooms_leave_out_those_in_house_and_out_of_use(hotel_a, sam):
    rooms_add(prop=hotel_a, text="101\n102\n103")
    room_update(room=Room.objects.get(number="103"), number="103", floor="", active=False)
    make_registration(hotel_a, sam, room="101")

    assert room_checks.vacant_rooms(hotel_a) == ["102"]


def test_the_desk_offers_vacant_rooms_in_a_datalist(client, sam, hotel_a):
    rooms_add(prop=hotel_a, text="101\n102")
    make_registration(hotel_a, sam, room="101")
    client.force_login(sam)

    page = client.get(reverse("check_in")).content.decode()

    assert '<datalist id="vacant-rooms"><option value="102"></option></datalist>' in page
    assert 'list="vacant-rooms"' in page


def form(hotel_a, **overrides):
    data = {
        "room": "101",
        "guest_name": "Ada Lovelace",
        "adults": "1",
        "minors": "0",
        "arrival": "now",
        "expected_departure": "+2",
        "rate": "149.00",
        "rate_type": "nightly",
        "amount_charged": "",
        "payment_method": "card",
        "receipt_number": "F-9",
        "id_issuer": hotel_a.region,
        "vehicle_state": hotel_a.region,
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_a_clerk_is_warned_of_an_occupied_room_and_cannot_override(client, sam, hotel_a):
    make_registration(hotel_a, sam, room="101")
    client.force_login(sam)

    response = client.post(reverse("check_in"), form(hotel_a, override_reason="I know"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Room 101 is still in house (#1" in page
    assert "Ask a manager to confirm" in page
    assert 'name="override_reason"' not in page
    assert Registration.objects.count() == 1 and RoomOverride.objects.count() == 0


def test_a_repeated_folio_is_warned_about(client, sam, hotel_a):
    make_registration(hotel_a, sam, room="101", receipt_number="F-9")
    client.force_login(sam)

    page = client.post(reverse("check_in"), form(hotel_a, room="102")).content.decode()

    assert "This receipt or folio number is already on #1." in page
    assert Registration.objects.count() == 1


def test_a_manager_confirms_with_a_reason_and_it_is_recorded(client, sam, maria, hotel_a):
    first = make_registration(hotel_a, sam, room="101")
    client.force_login(maria)
    data = form(hotel_a)

    asked = client.post(reverse("check_in"), data)
    assert 'name="override_reason"' in asked.content.decode()
    assert Registration.objects.count() == 1

    bad = client.post(reverse("check_in"), {**data, "override_reason": "two\u202elines"})
    assert "override_reason" in bad.context["form"].errors
    assert Registration.objects.count() == 1

    response = client.post(reverse("check_in"), {**data, "override_reason": "Family, 2 keys"})

    assert response.status_code == 302
    stay = Registration.objects.exclude(pk=first.pk).get()
    override = RoomOverride.objects.get()
    assert override.registration_id == stay.pk and override.overridden_by == maria
    assert override.warnings == ["room_in_use"] and override.other_numbers == [first.number]
    assert override.reason == "Family, 2 keys"
    with pytest.raises(RuntimeError):
        override.delete()


def test_a_checked_out_stay_does_not_warn(client, sam, hotel_a):
    from guests.services import registration_checkout

    registration_checkout(registration=make_registration(hotel_a, sam, room="101"), actor=sam)
    client.force_login(sam)

    response = client.post(reverse("check_in"), form(hotel_a))

    assert response.status_code == 302


def test_a_records_request_names_only_real_rooms_where_rooms_are_listed(hotel_a, ivan):
    rooms_add(prop=hotel_a, text="101\n102")

    with pytest.raises(ValidationError) as refused:
        file_request(hotel_a, ivan, rooms=["101", "999"])

    message = refused.value.message_dict["rooms"][0]
    assert "999" in message and "101" not in message
    assert RecordsRequest.objects.count() == 0
    assert file_request(hotel_a, ivan, rooms=["101"]).rooms == ["101"]


def test_without_a_room_list_any_room_is_accepted(hotel_a, ivan):
    assert file_request(hotel_a, ivan, rooms=["999"]).rooms == ["999"]


def test_room_pages_add_edit_and_refuse_bad_input(client, maria, hotel_a, hotel_b):
    client.force_login(maria)
    assert client.post(reverse("room_list"), {"rooms": "101\n102,1"}).status_code == 302
    bad = client.post(reverse("room_list"), {"rooms": "101\n101"})
    assert bad.status_code == 200 and bad.context["form"].errors
    room = Room.objects.get(property=hotel_a, number="102")

    edited = client.post(reverse("room_edit", args=[room.pk]), {"number": "102A", "floor": "1"})

    assert edited.status_code == 302
    room.refresh_from_db()
    assert (room.number, room.active) == ("102A", False)
    refused = client.post(reverse("room_edit", args=[room.pk]), {"number": "", "floor": "x" * 17})
    assert set(refused.context["form"].errors) == {"number", "floor"}
    other = Room.objects.create(property=hotel_b, number="1")
    assert client.get(reverse("room_edit", args=[other.pk])).status_code == 404


def test_a_clerk_may_not_keep_the_room_list(client, sam):
    client.force_login(sam)
    assert client.get(reverse("room_list")).status_code == 403


def test_the_purge_deletes_an_override_with_its_stay_and_only_the_purge_may(hotel_a, sam, maria):
    from django.db import DatabaseError, transaction

    from tests.guests.test_retention_purge import exists, local_today, stay

    expired = stay(hotel_a, maria, days_ago=3000)
    kept = make_registration(hotel_a, sam, room="205")
    for registration in (expired, kept):
        room_checks.override_record(
            prop=hotel_a, registration=registration, actor=maria, warnings=[], reason="Why"
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        RoomOverride.objects.filter(registration_id=kept.pk).delete()

    from guests.retention import purge_expired

    purge_expired(prop=hotel_a, today=local_today(hotel_a))

    assert not exists(expired)
    assert list(RoomOverride.objects.values_list("registration_id", flat=True)) == [kept.pk]
