"""Bad input to the registrations API: a 400 with field errors, never a 500, nothing saved."""

import json

import pytest

from guests.models import Amendment, Registration
from hotelcompliance.chain import ChainEntry
from tests.guests.factories import checkin_data, make_registration

pytestmark = pytest.mark.django_db


def payload(prop, **overrides) -> dict:
    return json.loads(json.dumps(checkin_data(prop, **overrides), default=str))


def counts() -> tuple[int, int, int]:
    return Registration.objects.count(), Amendment.objects.count(), ChainEntry.objects.count()


BAD_FIELDS = [
    ("guest_name", 123.5),
    ("guest_name", {"first": "Ada"}),
    ("guest_name", ["Ada"]),
    ("guest_name", "x" * 100_000),
    ("guest_name", "Ada\x00Lovelace"),
    ("guest_name", "Ada\x07"),
    ("room", "1\n2"),
    ("adults", "two"),
    ("adults", -1),
    ("adults", 10**30),
    ("adults", 1.5),
    ("adults", True),
    ("minors", 99),
    ("rate", -5),
    ("rate", "1e40"),
    ("rate", "NaN"),
    ("amount_charged", "12.345"),
    ("rate_type", "hourly"),
    ("rate_type", "daily"),
    ("payment_method", "bitcoin"),
    ("id_type", "library_card"),
    ("occupants", "Bo Peep"),
    ("occupants", [1, 2]),
    ("occupants", ["Bo"] * 10_000),
    ("arrival", "yesterday"),
    ("arrival", "2026-02-30T10:00:00"),
    ("arrival", 12),
    ("expected_departure", "2026-13-01"),
    ("expected_departure", "1999-01-01"),
    ("email", "not-an-email"),
    ("number", 5),
    ("entry_hash", "0" * 64),
]


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS, ids=[f for f, _ in BAD_FIELDS])
def test_a_bad_value_on_create_is_a_400_naming_the_field(api_as, hotel_a, sam, field, value):
    before = counts()

    response = api_as(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/",
        {**payload(hotel_a), field: value},
        format="json",
    )

    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert counts() == before


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS, ids=[f for f, _ in BAD_FIELDS])
def test_a_bad_value_on_patch_is_a_400_naming_the_field(api_as, hotel_a, sam, maria, field, value):
    registration = make_registration(hotel_a, sam)
    before = counts()

    response = api_as(maria).patch(
        f"/api/v1/properties/{hotel_a.pk}/registrations/{registration.pk}/",
        {field: value, "reason": "Correction"},
        format="json",
    )

    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["fields"]
    assert counts() == before


@pytest.mark.parametrize(
    "body",
    [b"[1, 2, 3]", b'["guest_name"]', b"not json", b'{"guest_name": ', b"null", b'"text"', b""],
)
@pytest.mark.parametrize("verb", ["post", "patch"])
def test_a_body_that_is_not_a_json_object_is_a_400(api_as, hotel_a, sam, maria, body, verb):
    registration = make_registration(hotel_a, sam)
    path = f"/api/v1/properties/{hotel_a.pk}/registrations/"
    if verb == "patch":
        path += f"{registration.pk}/"
    before = counts()

    response = getattr(api_as(maria), verb)(path, body, content_type="application/json")

    assert response.status_code == 400
    assert "fields" in response.json()
    assert counts() == before


def test_a_missing_required_field_names_the_law(api_as, hotel_a, sam):
    body = payload(hotel_a)
    del body["guest_name"]

    response = api_as(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/", body, format="json"
    )

    assert response.status_code == 400
    assert "guest_name" in response.json()["fields"]
    assert Registration.objects.count() == 0
