"""Corrections are amendments: validated like a check-in, chained, append-only."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from guests.models import Amendment, Registration
from guests.services import registration_amend
from hotelcompliance.chain import ChainEntry, chain_verify
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


def url(prop, registration, *parts) -> str:
    tail = "".join(f"{p}/" for p in parts)
    return f"/api/v1/properties/{prop.pk}/registrations/{registration.pk}/{tail}"


def snapshot(registration) -> tuple:
    stored = Registration.objects.get(pk=registration.pk)
    return (
        stored.room,
        stored.rate_type,
        stored.guest_name,
        stored.entry_hash,
        Amendment.objects.count(),
        ChainEntry.objects.count(),
    )


def test_an_amendment_keeps_the_old_value_and_the_chain_verifies(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam, room="101", guest_name="Ada Lovelace")

    amendments = registration_amend(
        registration=registration,
        actor=maria,
        changes={"room": "102", "guest_name": "Ada King"},
        reason="Moved rooms; married name",
    )

    assert [(a.field, a.old_value, a.new_value) for a in amendments] == [
        ("guest_name", "Ada Lovelace", "Ada King"),
        ("room", "101", "102"),
    ]
    stored = Registration.objects.get(pk=registration.pk)
    assert (stored.room, stored.guest_name) == ("102", "Ada King")
    assert stored.entry_hash == amendments[-1].entry_hash
    entries = ChainEntry.objects.filter(kind="amendment").order_by("seq")
    assert [e.payload["amendment"] for e in entries] == [str(a.pk) for a in amendments]
    assert "Ada" not in str([e.payload for e in entries])
    assert all(
        a.amended_by == maria and a.reason == "Moved rooms; married name" for a in amendments
    )
    assert chain_verify(hotel_a).ok


def test_the_id_number_is_amended_encrypted_and_kept_only_masked(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam, id_type="passport", id_number="P0001234")

    (amendment,) = registration_amend(
        registration=registration, actor=maria, changes={"id_number": "P0005678"}, reason="Typo"
    )

    assert (amendment.old_value, amendment.new_value) == ("•••• 1234", "•••• 5678")
    assert Registration.objects.get(pk=registration.pk).id_number == "P0005678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT old_value, new_value, reason FROM guests_amendment")
        assert "P000" not in str(cursor.fetchall())
        cursor.execute("SELECT id_number FROM guests_registration")
        assert "P0005678" not in str(cursor.fetchall())


def test_an_unchanged_value_writes_no_amendment(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam, room="101")

    assert (
        registration_amend(
            registration=registration, actor=maria, changes={"room": " 101 "}, reason="Check"
        )
        == []
    )
    assert Amendment.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "reason", "fields"),
    [
        ({"room": "102"}, "", {"reason"}),
        ({"room": "102"}, "   ", {"reason"}),
        ({"room": "102"}, "two\nlines", {"reason"}),
        ({"room": "102"}, "x" * 501, {"reason"}),
        ({}, "Nothing", {"non_field_errors"}),
        ({"number": 7}, "Renumber", {"number"}),
        ({"entry_hash": "0" * 64, "channel": "desk"}, "x", {"entry_hash", "channel"}),
        ({"checked_out_at": None, "property": 2}, "x", {"checked_out_at", "property"}),
        ({"external_ref": "X", "colour": "red"}, "x", {"external_ref", "colour"}),
        ({"guest_name": ""}, "Erase", {"guest_name"}),
        ({"room": "1\x00"}, "x", {"room"}),
        ({"adults": 0}, "x", {"adults"}),
        ({"payment_method": "bitcoin"}, "x", {"payment_method"}),
        ({"occupants": "Bo"}, "x", {"occupants"}),
    ],
)
def test_a_bad_amendment_is_refused_with_field_errors_and_nothing_changes(
    hotel_a, sam, maria, changes, reason, fields
):
    registration = make_registration(hotel_a, sam)
    before = snapshot(registration)

    with pytest.raises(ValidationError) as caught:
        registration_amend(registration=registration, actor=maria, changes=changes, reason=reason)

    assert fields <= set(caught.value.message_dict)
    assert snapshot(registration) == before


def test_the_departure_must_stay_after_the_arrival(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)

    with pytest.raises(ValidationError) as caught:
        registration_amend(
            registration=registration,
            actor=maria,
            changes={"expected_departure": registration.arrival.date() - timedelta(days=1)},
            reason="Wrong date",
        )

    assert "expected_departure" in caught.value.message_dict


def test_amendments_are_append_only_in_the_model_and_the_database(hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)
    (amendment,) = registration_amend(
        registration=registration, actor=maria, changes={"room": "9"}, reason="Moved"
    )

    with pytest.raises(RuntimeError):
        amendment.save()
    with pytest.raises(RuntimeError):
        amendment.delete()
    for statement in ("UPDATE guests_amendment SET reason = 'x'", "DELETE FROM guests_amendment"):
        refused = IntegrityError if connection.vendor == "sqlite" else Exception
        with pytest.raises(refused), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert Amendment.objects.get().reason == "Moved"


def test_a_registration_is_never_re_saved(hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    registration.room = "999"

    with pytest.raises(RuntimeError):
        registration.save()
    assert Registration.objects.get(pk=registration.pk).room != "999"


# --- through the API ------------------------------------------------------------------------


def test_patch_without_a_reason_is_a_400_field_error(api_as, hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)
    before = snapshot(registration)

    response = api_as(maria).patch(url(hotel_a, registration), {"room": "7"}, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert snapshot(registration) == before


def test_patch_with_a_reason_amends_and_shows_the_history(api_as, hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam, room="101")

    response = api_as(maria).patch(
        url(hotel_a, registration), {"room": "102", "reason": "Moved rooms"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["room"] == "102"
    (history,) = body["amendments"]
    assert history["field"] == "room"
    assert (history["old_value"], history["new_value"]) == ("101", "102")
    assert (history["reason"], history["amended_by"]) == ("Moved rooms", "maria")
    assert history["created_at"]
    assert body["entry_hash"] == Amendment.objects.get().entry_hash
    assert chain_verify(hotel_a).ok


def test_amending_the_number_is_a_400(api_as, hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)
    before = snapshot(registration)

    response = api_as(maria).patch(
        url(hotel_a, registration), {"number": 99, "reason": "Renumber"}, format="json"
    )

    assert response.status_code == 400
    assert "number" in response.json()["fields"]
    assert snapshot(registration) == before


def test_an_hourly_rate_via_patch_cites_pa_23_20_and_changes_nothing(api_as, hotel_a, sam, maria):
    registration = make_registration(hotel_a, sam)
    before = snapshot(registration)

    response = api_as(maria).patch(
        url(hotel_a, registration), {"rate_type": "hourly", "reason": "Short stay"}, format="json"
    )

    assert response.status_code == 400
    assert "PA 23-20" in " ".join(response.json()["fields"]["rate_type"])
    assert snapshot(registration) == before


def test_a_group_admin_may_amend(api_as, hotel_a, sam, gina):
    registration = make_registration(hotel_a, sam)

    response = api_as(gina).patch(
        url(hotel_a, registration), {"adults": 2, "reason": "Second guest"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["adults"] == 2


def test_an_amended_id_number_still_verifies_against_the_chain(hotel_a, sam, maria):
    from hotelcompliance.chain import chain_verify_contents

    registration = make_registration(hotel_a, sam, id_type="passport", id_number="P0001234")

    registration_amend(
        registration=registration, actor=maria, changes={"id_number": "P0005678"}, reason="Typo"
    )

    assert chain_verify_contents(hotel_a) == []
