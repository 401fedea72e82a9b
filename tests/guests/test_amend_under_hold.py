"""A hold cannot be escaped by amendment: the fields its scope reads are frozen while active."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audits.models import RecordsRequest
from guests.models import Amendment, Registration
from guests.services import registration_amend
from hotelcompliance.chain import ChainEntry
from hotelcompliance.holds import hold_place, hold_release
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.django_db

HELD = "A legal hold covers this stay"


@pytest.fixture
def stay(hotel_a, sam):
    day = timezone.localdate() - timedelta(days=1)
    return make_registration(
        hotel_a,
        sam,
        room="101",
        guest_name="Ann Smith",
        occupants=["Bob Smith"],
        arrival=arriving(hotel_a, day, 15),
        expected_departure=day + timedelta(days=3),
    )


def hold(prop, actor, *, rooms=("101",), names_in_scope=False, days=(5, 0)):
    today = timezone.localdate()
    return hold_place(
        prop=prop,
        actor=actor,
        source="records_request:test",
        period_start=today - timedelta(days=days[0]),
        period_end=today - timedelta(days=days[1]),
        rooms=list(rooms),
        reason="Test hold",
        names_in_scope=names_in_scope,
    )


def snapshot(registration) -> tuple:
    stored = Registration.objects.get(pk=registration.pk)
    return (
        stored.arrival,
        stored.room,
        stored.guest_name,
        stored.occupants,
        stored.entry_hash,
        Amendment.objects.count(),
        ChainEntry.objects.count(),
    )


def amend(registration, actor, **changes):
    return registration_amend(
        registration=registration, actor=actor, changes=changes, reason="Correction"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"room": "102"},
        {"arrival": "shift"},
        {"room": "102", "address": "1 Elm St"},
    ],
)
def test_it_refuses_to_move_a_held_stay_and_writes_nothing(hotel_a, maria, stay, changes):
    hold(hotel_a, maria)
    if changes.get("arrival") == "shift":
        changes["arrival"] = stay.arrival - timedelta(days=30)
    before = snapshot(stay)

    with pytest.raises(ValidationError) as refused:
        amend(stay, maria, **changes)

    frozen = {"room", "arrival"} & set(changes)
    assert set(refused.value.message_dict) == frozen
    for name in frozen:
        assert refused.value.message_dict[name][0].startswith(HELD)
    assert snapshot(stay) == before


def test_the_message_says_until_when_a_scheduled_hold_lasts(hotel_a, maria, stay):
    placed = hold(hotel_a, maria)
    hold_release(hold=placed, actor=maria, at=timezone.now() + timedelta(days=30))

    with pytest.raises(ValidationError) as refused:
        amend(stay, maria, room="102")

    ends = timezone.localdate() + timedelta(days=30)
    assert refused.value.message_dict["room"] == [
        f"{HELD}: this field cannot be changed while the hold is active until {ends}."
    ]


def test_names_are_frozen_only_by_a_hold_whose_scope_selects_by_name(hotel_a, maria, stay):
    hold(hotel_a, maria)
    amend(stay, maria, guest_name="Ann Smyth")  # a room-and-period hold reads no names

    hold(hotel_a, maria, names_in_scope=True)
    for changes in ({"guest_name": "Someone Else"}, {"occupants": []}):
        with pytest.raises(ValidationError, match=HELD):
            amend(stay, maria, **changes)
    assert Registration.objects.get(pk=stay.pk).guest_name == "Ann Smyth"


def test_other_fields_of_a_held_stay_may_still_be_corrected(hotel_a, maria, stay):
    hold(hotel_a, maria, names_in_scope=True)

    (amendment,) = amend(stay, maria, address="1 Elm St", room="101")  # room unchanged

    assert amendment.field == "address"


def test_a_stay_outside_every_active_hold_may_be_moved(hotel_a, maria, stay):
    hold(hotel_a, maria, rooms=("205",))  # another room
    hold(hotel_a, maria, days=(30, 20))  # another period
    released = hold(hotel_a, maria)
    hold_release(hold=released, actor=maria)

    amend(stay, maria, room="205")  # moving INTO a hold's scope is no escape

    assert Registration.objects.get(pk=stay.pk).room == "205"
    with pytest.raises(ValidationError, match=HELD):
        amend(stay, maria, room="101")


def test_a_request_that_names_guests_freezes_the_names_of_stays_it_holds(
    hotel_a, ivan, maria, stay
):
    from tests.audits.factories import file_request

    request = file_request(
        hotel_a,
        ivan,
        period_start=timezone.localdate() - timedelta(days=3),
        period_end=timezone.localdate(),
        names=["Ann Smith"],
    )
    assert RecordsRequest.objects.get(pk=request.pk).legal_hold.names_in_scope

    with pytest.raises(ValidationError, match=HELD):
        amend(stay, maria, guest_name="Somebody Else")


def test_the_api_answers_400_with_the_field_message(api_as, hotel_a, maria, stay):
    hold(hotel_a, maria)
    before = snapshot(stay)

    response = api_as(maria).patch(
        f"/api/v1/properties/{hotel_a.pk}/registrations/{stay.pk}/",
        {"room": "102", "reason": "Moved rooms"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"]["room"][0].startswith(HELD)
    assert snapshot(stay) == before


def test_the_correction_page_shows_the_field_message(client, hotel_a, maria, stay):
    from django.urls import reverse

    hold(hotel_a, maria)
    client.force_login(maria)

    response = client.post(
        reverse("registration_correct", kwargs={"pk": stay.pk}),
        {"field": "room", "new_value": "102", "reason": "Moved"},
    )

    assert HELD in response.content.decode()
    assert Registration.objects.get(pk=stay.pk).room == "101"


def test_the_data_migration_marks_holds_of_requests_that_name_guests(hotel_a, ivan):
    import importlib

    from django.apps import apps as django_apps

    from hotelcompliance.holds import LegalHold
    from tests.audits.factories import file_request

    named = file_request(hotel_a, ivan, names=["Ann Smith"])
    unnamed = file_request(hotel_a, ivan, names=[])
    LegalHold.objects.update(names_in_scope=False)  # as holds stood before the field

    importlib.import_module("audits.migrations.0006_hold_names_of_named_requests").mark(
        django_apps, None
    )

    assert LegalHold.objects.get(pk=named.legal_hold_id).names_in_scope
    assert not LegalHold.objects.get(pk=unnamed.legal_hold_id).names_in_scope
