"""The register's blind index of names: whole names, kept exact by every write path."""

import io
import zoneinfo
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone

from guests.models import Registration, RegistrationName
from guests.name_index import digests_for
from guests.pms_import import registrations_import
from guests.retention import purge_expired
from guests.services import registration_amend, registration_checkout
from hotelcompliance.chain import chain_verify_contents
from hotelcompliance.names import name_digest
from tests.guests.factories import arriving, make_registration
from tests.guests.pms_csv import pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db


def named(prop, *names) -> set:
    return set(Registration.objects.for_property(prop).named(names).values_list("pk", flat=True))


def test_a_check_in_indexes_the_lead_guest_and_every_occupant(hotel_a, sam):
    stay = make_registration(hotel_a, sam, guest_name="Ann Smith", occupants=["Joanna Smith"])

    assert named(hotel_a, "ann smith") == {stay.pk}
    assert named(hotel_a, "JOANNA SMITH") == {stay.pk}
    assert RegistrationName.objects.filter(registration=stay).count() == 2
    stored = set(RegistrationName.objects.values_list("digest", flat=True))
    assert "Ann Smith" not in str(stored) and name_digest("Ann Smith") in stored


@pytest.mark.parametrize(
    "asked",
    ["Ann", "Smith", "Joanna", "nn Smith", '"', ",", "[", "]", '", "', "Ann Smith Joanna"],
)
def test_only_whole_names_match_never_part_of_a_name_or_of_the_json(hotel_a, sam, asked):
    make_registration(
        hotel_a, sam, guest_name="Ann Smith", occupants=["Joanna Smith", "Hanna Annson"]
    )

    assert named(hotel_a, asked) == set()


def test_spellings_of_the_name_match_but_not_another_propertys_guest(hotel_a, hotel_b, sam, olga):
    here = make_registration(hotel_a, sam, guest_name="José  Álvarez")
    make_registration(hotel_b, olga, guest_name="José Álvarez")

    assert named(hotel_a, "jose alvarez", "Nobody Else") == {here.pk}


def test_a_name_that_normalises_to_nothing_matches_nothing(hotel_a, sam):
    make_registration(hotel_a, sam, guest_name="Ann Smith")

    assert named(hotel_a, " ", "\u0301") == set()


def test_an_import_indexes_its_rows(hotel_a, maria):
    rows = [
        pms_row(hotel_a, 1, guest_name="Ann Smith", occupants="Joanna Smith; Bob Smith", adults="3")
    ]

    result = registrations_import(prop=hotel_a, actor=maria, file=upload(pms_csv(rows)))

    assert result.imported == 1
    stay = Registration.objects.get(property=hotel_a)
    assert named(hotel_a, "bob smith") == named(hotel_a, "Ann Smith") == {stay.pk}


def test_an_amendment_of_the_names_reindexes_the_stay(hotel_a, sam, maria):
    stay = make_registration(hotel_a, sam, guest_name="Ann Smith", occupants=["Bob Smith"])

    registration_amend(
        registration=stay,
        actor=maria,
        changes={"guest_name": "Anne Smyth", "occupants": ["Carl Smyth"]},
        reason="Spelling from the passport",
    )

    assert named(hotel_a, "Ann Smith", "Bob Smith") == set()
    assert named(hotel_a, "Anne Smyth") == named(hotel_a, "Carl Smyth") == {stay.pk}
    assert chain_verify_contents(hotel_a) == []


def test_an_amendment_of_another_field_leaves_the_index_alone(hotel_a, sam, maria):
    stay = make_registration(hotel_a, sam, guest_name="Ann Smith")
    before = list(RegistrationName.objects.filter(registration=stay).values_list("pk", "digest"))

    registration_amend(
        registration=stay, actor=maria, changes={"address": "1 Elm St"}, reason="Typo"
    )

    assert list(RegistrationName.objects.values_list("pk", "digest")) == before


def test_the_purge_deletes_the_index_rows_with_their_stay(hotel_a, maria):
    tz = zoneinfo.ZoneInfo(hotel_a.timezone)
    day = timezone.localdate(timezone=tz) - timedelta(days=400)
    old = make_registration(
        hotel_a,
        maria,
        guest_name="Ann Smith",
        occupants=["Bob Smith"],
        arrival=arriving(hotel_a, day),
        expected_departure=day + timedelta(days=1),
    )
    registration_checkout(registration=old, actor=maria, at=old.arrival + timedelta(hours=20))
    kept = make_registration(hotel_a, maria, guest_name="Carl Smith")

    purge_expired(prop=hotel_a, today=timezone.localdate(timezone=tz))

    assert not Registration.objects.filter(pk=old.pk).exists()
    assert set(RegistrationName.objects.values_list("registration_id", flat=True)) == {kept.pk}


def test_the_data_migration_indexes_stays_stored_before_the_index(hotel_a, sam):
    import importlib

    fill = importlib.import_module("guests.migrations.0009_fill_registration_name_index").fill
    stay = make_registration(hotel_a, sam, guest_name="Ann Smith", occupants=["Bob Smith"])
    RegistrationName.objects.all().delete()
    assert named(hotel_a, "Ann Smith") == set()

    fill(django_apps, None)

    assert named(hotel_a, "ann smith") == named(hotel_a, "bob smith") == {stay.pk}
    assert set(RegistrationName.objects.values_list("digest", flat=True)) == digests_for(stay)


def test_verify_reports_a_stay_whose_index_was_tampered_with(hotel_a, sam):
    stay = make_registration(hotel_a, sam, guest_name="Ann Smith", occupants=["Bob Smith"])
    assert chain_verify_contents(hotel_a) == []

    RegistrationName.objects.filter(registration=stay, digest=name_digest("Ann Smith")).delete()

    problems = chain_verify_contents(hotel_a)
    assert problems == [
        f"registration names: registration #{stay.number} ({stay.pk}): its name index does not "
        "match its names."
    ]
    assert "Ann" not in problems[0]


def test_key_rotation_rehashes_the_index_under_the_newest_key(hotel_a, sam, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    stay = make_registration(hotel_a, sam, guest_name="Ann Smith")
    new_key = bytes(range(32))
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert named(hotel_a, "Ann Smith") == {stay.pk}  # old hashes still match meanwhile
    assert chain_verify_contents(hotel_a) == []

    out = io.StringIO()
    call_command("rotate_encryption_key", stdout=out)

    assert "name index registration names: rehashed 1" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert named(hotel_a, "Ann Smith") == {stay.pk}
    assert chain_verify_contents(hotel_a) == []
