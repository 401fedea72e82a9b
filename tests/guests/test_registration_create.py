from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from guests import services
from guests.models import Registration, RegistrationCounter
from guests.services import registration_create, registration_digest
from hotelcompliance import crypto
from hotelcompliance.chain import ChainEntry, chain_verify
from hotelcompliance.fields import EncryptedTextField
from hotelcompliance.rules import get_pack
from tests.factories import PropertyFactory
from tests.guests.factories import arriving, checkin_data, make_registration


@pytest.fixture
def hotel_tx(db):
    return PropertyFactory(
        name="Hotel T", jurisdiction="US-TX", region="TX", timezone="America/Chicago"
    )


def refusal(prop, actor, **overrides) -> dict[str, list[str]]:
    """Try a check-in that must fail; return its field messages and check nothing was saved."""
    before = (Registration.objects.count(), ChainEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        make_registration(prop, actor, **overrides)
    assert (Registration.objects.count(), ChainEntry.objects.count()) == before
    return caught.value.message_dict


def numbers(prop) -> list[int]:
    return sorted(Registration.objects.filter(property=prop).values_list("number", flat=True))


def test_it_numbers_registrations_per_property_without_gaps(hotel_a, hotel_b, sam, olga):
    for _ in range(3):
        make_registration(hotel_a, sam)
    make_registration(hotel_b, olga)

    assert numbers(hotel_a) == [1, 2, 3]
    assert numbers(hotel_b) == [1]
    assert RegistrationCounter.objects.get(property=hotel_a).last_number == 3


def test_a_refused_check_in_consumes_no_number(hotel_a, sam):
    make_registration(hotel_a, sam)
    refusal(hotel_a, sam, guest_name="")
    make_registration(hotel_a, sam)

    assert numbers(hotel_a) == [1, 2]


def test_a_check_in_failing_inside_the_transaction_rolls_the_number_back(hotel_a, sam, monkeypatch):
    make_registration(hotel_a, sam)

    def broken_chain(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "chain_append", broken_chain)
    with pytest.raises(RuntimeError):
        make_registration(hotel_a, sam)
    monkeypatch.undo()

    assert RegistrationCounter.objects.get(property=hotel_a).last_number == 1
    assert make_registration(hotel_a, sam).number == 2
    assert numbers(hotel_a) == [1, 2]


def test_it_requires_the_connecticut_fields_and_names_the_law(hotel_a, sam):
    required = get_pack("US-CT").guest_fields().required
    data = {"guest_name": "", "expected_departure": checkin_data(hotel_a)["expected_departure"]}
    before = Registration.objects.count()

    with pytest.raises(ValidationError) as caught:
        registration_create(prop=hotel_a, actor=sam, channel="desk", data=data)

    errors = caught.value.message_dict
    assert set(errors) == required - {"expected_departure"}
    assert errors["receipt_number"] == ["This field is required in Connecticut (PA 16-71 §3)."]
    assert errors["minors"] == errors["guest_name"] == errors["receipt_number"]
    assert Registration.objects.count() == before


def test_zero_minors_is_an_answer_not_a_missing_field(hotel_a, sam):
    assert make_registration(hotel_a, sam, minors=0).minors == 0


def test_connecticut_refuses_an_hourly_rate_citing_pa_23_20(hotel_a, sam):
    errors = refusal(hotel_a, sam, rate_type="hourly")

    assert list(errors) == ["rate_type"]
    assert "PA 23-20" in errors["rate_type"][0]
    assert "hourly" in errors["rate_type"][0]
    assert not RegistrationCounter.objects.filter(property=hotel_a, last_number__gt=0).exists()


def test_connecticut_refuses_an_other_rate_for_a_stay_of_twelve_hours_or_less(hotel_a, sam):
    day = checkin_data(hotel_a)["arrival"].date() - timedelta(days=3)
    errors = refusal(
        hotel_a,
        sam,
        arrival=arriving(hotel_a, day, hour=23, minute=30),
        expected_departure=day + timedelta(days=1),
        rate_type="other",
    )

    assert "12 hours or less" in errors["rate_type"][0]
    assert "PA 23-20" in errors["rate_type"][0]


def test_texas_allows_an_hourly_rate_and_requires_little(hotel_tx, sam):
    pack = get_pack("US-TX")
    assert pack.rate_type_allowed(rate_type="hourly")[0]
    assert pack.guest_fields().required == frozenset()
    data = {
        "guest_name": "Ada Lovelace",
        "expected_departure": checkin_data(hotel_tx)["arrival"].date() + timedelta(days=1),
        "rate_type": "hourly",
    }

    registration = registration_create(prop=hotel_tx, actor=sam, channel="desk", data=data)

    registration.refresh_from_db()
    assert registration.rate_type == "hourly"
    assert registration.rate is None
    assert (registration.adults, registration.minors) == (1, 0)


def test_every_property_needs_a_guest_name_and_a_departure(hotel_tx, sam):
    with pytest.raises(ValidationError) as caught:
        registration_create(prop=hotel_tx, actor=sam, channel="desk", data={})

    assert caught.value.message_dict == {
        "expected_departure": ["This field is required."],
        "guest_name": ["This field is required."],
    }


@pytest.mark.parametrize("days", [-1, -30])
def test_it_refuses_a_departure_before_the_arrival_date(hotel_a, sam, days):
    data = checkin_data(hotel_a)
    errors = refusal(hotel_a, sam, expected_departure=data["arrival"].date() + timedelta(days=days))

    assert errors == {
        "expected_departure": ["The expected departure cannot be before the arrival date."]
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("adults", 0, "Ensure this value is greater than or equal to 1."),
        ("adults", 25, "Ensure this value is less than or equal to 20."),
        ("minors", -1, "Ensure this value is greater than or equal to 0."),
        ("minors", 21, "Ensure this value is less than or equal to 20."),
        ("rate", Decimal("-1"), "Ensure this value is greater than or equal to 0."),
        ("amount_charged", "-0.01", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_it_refuses_out_of_range_numbers_the_same_on_every_database(
    hotel_a, sam, field, value, message
):
    assert refusal(hotel_a, sam, **{field: value}) == {field: [message]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("guest_name", "Ada\x00Lovelace"),
        ("room", "1\x1b01"),
        ("id_number", "D123\x07"),
        ("address", "1 Main St\nHartford"),
        ("occupants", ["Charles Babbage", "Mary\x00Somerville"]),
    ],
)
def test_it_refuses_control_characters_and_line_breaks(hotel_a, sam, field, value):
    errors = refusal(hotel_a, sam, **{field: value})

    assert list(errors) == [field]


def test_it_refuses_unknown_fields_and_choices(hotel_a, sam):
    errors = refusal(hotel_a, sam, payment_method="bitcoin", number=7, entry_hash="x")

    assert set(errors) == {"payment_method", "number", "entry_hash"}
    assert errors["number"] == ["Unknown field."]


def test_it_refuses_an_invalid_channel(hotel_a, sam):
    assert set(refusal(hotel_a, sam, channel="fax")) == {"channel"}


def test_it_refuses_a_second_registration_with_the_same_external_ref(hotel_a, hotel_b, sam):
    make_registration(hotel_a, sam, external_ref="PMS-1")
    make_registration(hotel_b, sam, external_ref="PMS-1")  # another property's system
    make_registration(hotel_a, sam, external_ref="")
    make_registration(hotel_a, sam, external_ref="")

    assert set(refusal(hotel_a, sam, external_ref="PMS-1")) == {"external_ref"}
    assert numbers(hotel_a) == [1, 2, 3]


def test_a_naive_arrival_is_read_on_the_property_clock(hotel_a, sam):
    day = checkin_data(hotel_a)["arrival"].date() - timedelta(days=2)
    registration = make_registration(
        hotel_a,
        sam,
        arrival=f"{day.isoformat()}T21:15:00",
        expected_departure=(day + timedelta(days=1)).isoformat(),
    )

    assert registration.arrival == arriving(hotel_a, day, hour=21, minute=15)


def test_the_id_number_is_stored_encrypted_and_found_by_its_lookup_hash(hotel_a, sam):
    registration = make_registration(hotel_a, sam, id_type="drivers_licence", id_number="D123-456")
    make_registration(hotel_a, sam, id_number="X999-000")

    ((_, token),) = EncryptedTextField.raw_values(
        Registration.objects.filter(pk=registration.pk), "id_number"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Registration._meta.db_table}")
        raw_rows = repr(cursor.fetchall())
    assert token.startswith("v1.")
    assert "D123-456" not in raw_rows
    found = Registration.objects.filter(id_number_lookup__in=crypto.lookup_hashes("d123456"))
    assert list(found) == [registration]
    assert Registration.objects.get(pk=registration.pk).id_number == "D123-456"
    assert registration.id_number_masked() == "•••• -456"


def test_the_chain_vouches_for_the_stored_row(hotel_a, sam):
    registration = make_registration(hotel_a, sam, id_number="D123-456", occupants=["Ann Lee"])

    entry = ChainEntry.objects.get(property=hotel_a, object_ref=f"registration:{registration.pk}")
    stored = Registration.objects.get(pk=registration.pk)
    ((_, token),) = EncryptedTextField.raw_values(
        Registration.objects.filter(pk=registration.pk), "id_number"
    )
    assert entry.kind == "registration"
    assert stored.entry_hash == entry.entry_hash
    assert entry.payload == {"digest": registration_digest(stored, id_number_token=token)}
    assert "Ada" not in repr(entry.payload) and "D123" not in repr(entry.payload)
    assert chain_verify(hotel_a).ok


def test_str_carries_no_personal_data(hotel_a, sam):
    registration = make_registration(hotel_a, sam)

    assert str(registration) == "Registration 1 at Hotel A"
