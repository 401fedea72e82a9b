"""Occupants marked minor, and party counts that follow from the list or are refused."""

import importlib
import uuid

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.reports.register_extract import _shown
from guests import occupants
from guests.models import Registration
from guests.services import registration_amend
from hotelcompliance.chain import chain_verify_contents
from tests.guests.factories import checkin_data, make_registration
from tests.guests.pms_csv import pms_csv, pms_row
from tests.guests.test_api_registrations import payload, post
from tests.guests.test_pms_import import run

pytestmark = pytest.mark.django_db


def test_names_and_objects_are_both_accepted_and_minors_marked():
    listed = occupants.normalise(["Bob", "Ana *", "Eve (menor)", {"name": "Kit", "minor": True}])

    assert listed == [
        {"name": "Bob", "minor": False},
        {"name": "Ana", "minor": True},
        {"name": "Eve", "minor": True},
        {"name": "Kit", "minor": True},
    ]
    assert occupants.party(listed) == (2, 3)
    assert occupants.as_text(listed) == "Bob\nAna *\nEve *\nKit *"


@pytest.mark.parametrize("bad", ["Bob", [1], [{"name": "A", "minor": "yes"}], [{"nom": "A"}]])
def test_other_shapes_are_refused(bad):
    with pytest.raises(ValidationError):
        occupants.normalise(bad)


def test_counts_left_out_follow_from_the_list(hotel_a, sam):
    stay = make_registration(hotel_a, sam, occupants=["Bob", {"name": "Ana", "minor": True}])

    assert (stay.adults, stay.minors) == (2, 1)
    assert stay.occupants == [{"name": "Bob", "minor": False}, {"name": "Ana", "minor": True}]


def test_counts_that_disagree_with_the_list_are_refused(hotel_a, sam):
    data = checkin_data(hotel_a, occupants=["Bob", "Ana *"], adults=1, minors=0)
    from guests.services import registration_create

    with pytest.raises(ValidationError) as refused:
        registration_create(prop=hotel_a, actor=sam, channel="desk", data=data)

    errors = refused.value.message_dict
    assert "names 2 adults with the guest, not 1" in errors["adults"][0]
    assert "marks 1 minors" in errors["minors"][0]
    assert Registration.objects.count() == 0


def test_without_a_list_the_counts_stand_alone(hotel_a, sam):
    stay = make_registration(hotel_a, sam, adults=2, minors=2)
    assert (stay.adults, stay.minors, stay.occupants) == (2, 2, [])


def test_the_desk_marks_minors_with_a_star_and_refuses_a_mismatch(client, sam, hotel_a):
    client.force_login(sam)
    data = {
        "room": "7",
        "guest_name": "Ada Lovelace",
        "adults": "",
        "minors": "",
        "occupants": "Bob Lovelace\nAna Lovelace *",
        "arrival": "now",
        "expected_departure": "+1",
        "rate": "100",
        "rate_type": "nightly",
        "payment_method": "card",
        "receipt_number": "F-1",
        "token": str(uuid.uuid4()),
    }
    refused = client.post(reverse("check_in"), {**data, "adults": "1", "minors": "0"})
    assert {"adults", "minors"} <= set(refused.context["form"].errors)

    response = client.post(reverse("check_in"), data)

    assert response.status_code == 302
    stay = Registration.objects.get()
    assert (stay.adults, stay.minors) == (2, 1)
    assert stay.occupants[1] == {"name": "Ana Lovelace", "minor": True}


def test_the_api_takes_names_or_objects_and_answers_objects(api_as, hotel_a, sam):
    body = payload(hotel_a, occupants=["Bob", {"name": "Ana", "minor": True}])
    body.pop("adults", None)
    body.pop("minors", None)

    response = post(api_as(sam), hotel_a, body)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["occupants"] == [{"name": "Bob", "minor": False}, {"name": "Ana", "minor": True}]
    assert (data["adults"], data["minors"]) == (2, 1)


@pytest.mark.parametrize("bad", [[{"name": "A", "minor": "yes"}], [3], [{"name": "A", "x": 1}]])
def test_the_api_refuses_other_shapes_with_a_field_error(api_as, hotel_a, sam, bad):
    response = post(api_as(sam), hotel_a, payload(hotel_a, occupants=bad))
    assert response.status_code == 400
    assert "occupants" in response.json()["fields"]


def test_a_mismatch_in_the_api_is_a_400_naming_the_count(api_as, hotel_a, sam):
    response = post(api_as(sam), hotel_a, payload(hotel_a, occupants=["Bob"], adults=1))
    assert response.status_code == 400
    assert "adults" in response.json()["fields"]


def test_the_import_reads_starred_minors(hotel_a, maria):
    row = pms_row(hotel_a, 1, occupants="Bob; Ana *", adults="2", minors="1")

    result = run(hotel_a, maria, pms_csv([row]))

    assert result.ok, result.errors
    stay = Registration.objects.get(channel="import")
    assert stay.occupants[1] == {"name": "Ana", "minor": True}


def test_the_import_refuses_a_row_whose_counts_disagree(hotel_a, maria):
    row = pms_row(hotel_a, 1, occupants="Bob; Ana *", adults="2", minors="0")

    result = run(hotel_a, maria, pms_csv([row]))

    assert not result.ok
    assert [(e.line, e.field) for e in result.errors] == [(2, "minors")]


def test_correcting_the_list_brings_the_counts_along(hotel_a, sam, maria):
    stay = make_registration(hotel_a, sam, occupants=["Bob"])

    registration_amend(
        registration=stay,
        actor=maria,
        changes={"occupants": ["Bob", "Ana *"]},
        reason="Daughter was not listed",
    )

    stay = Registration.objects.get(pk=stay.pk)
    assert (stay.adults, stay.minors) == (2, 1)
    assert sorted(stay.amendments.values_list("field", flat=True)) == ["minors", "occupants"]
    assert chain_verify_contents(hotel_a) == []


def test_a_correction_elsewhere_is_not_judged_on_the_party(hotel_a, sam, maria):
    stay = make_registration(hotel_a, sam, occupants=["Bob"])
    # A legacy stay: two minors counted, none marked (as migrated).
    Registration.objects.filter(pk=stay.pk).update(minors=2)

    registration_amend(
        registration=stay, actor=maria, changes={"phone": "+1 860 555 0100"}, reason="Typo"
    )
    with pytest.raises(ValidationError):
        registration_amend(registration=stay, actor=maria, changes={"adults": 3}, reason="x")


def test_the_migration_turns_names_into_objects_and_the_chain_still_verifies(hotel_a, sam):
    migration = importlib.import_module("guests.migrations.0015_occupant_minors")
    stay = make_registration(hotel_a, sam, occupants=["Bob", "Ana *"])

    migration.backwards(django_apps, None)
    legacy = Registration.objects.get(pk=stay.pk).occupants
    assert legacy == ["Bob", {"name": "Ana", "minor": True}]
    assert chain_verify_contents(hotel_a) == []

    migration.forwards(django_apps, None)

    assert Registration.objects.get(pk=stay.pk).occupants[0] == {"name": "Bob", "minor": False}
    assert chain_verify_contents(hotel_a) == []


def test_the_extract_prints_minors(hotel_a, sam):
    stay = make_registration(hotel_a, sam, occupants=["Bob", "Ana *"])
    assert _shown(stay, "occupants", hotel_a.tz) == "Bob; Ana (minor)"
