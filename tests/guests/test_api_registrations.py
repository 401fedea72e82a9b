"""The registrations API: contract fields, scoping, idempotent create, check-out, listing."""

import json
import zoneinfo
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guests.models import IdempotencyKey, Registration
from hotelcompliance.chain import chain_verify
from tests.db_tools import run_concurrently
from tests.guests.factories import checkin_data, make_registration

pytestmark = pytest.mark.django_db

READ_FIELDS = {
    "id",
    "number",
    "guest_name",
    "address",
    "phone",
    "email",
    "id_type",
    "id_issuer",
    "vehicle_plate",
    "vehicle_state",
    "room",
    "adults",
    "minors",
    "occupants",
    "arrival",
    "expected_departure",
    "rate",
    "rate_type",
    "amount_charged",
    "payment_method",
    "receipt_number",
    "external_ref",
    "id_number_masked",
    "registered_by",
    "channel",
    "created_at",
    "checked_out_at",
    "arrival_time_assumed",
    "amendments",
    "incomplete",
    "entry_hash",
}


def url(prop, *parts) -> str:
    return "/".join([f"/api/v1/properties/{prop.pk}/registrations", *map(str, parts), ""])


def payload(prop, **overrides) -> dict:
    """A complete check-in as an integrator sends it: JSON types only."""
    data = checkin_data(prop, **overrides)
    return json.loads(json.dumps(data, default=str))


def keys(data) -> set[str]:
    """Every key at any depth of a JSON document."""
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in keys(value)}
    if isinstance(data, list):
        return {k for value in data for k in keys(value)}
    return set()


def post(client, prop, body, **headers):
    return client.post(url(prop), body, format="json", headers=headers)


def test_a_check_in_answers_201_with_every_read_field_and_no_clear_id(api_as, hotel_a, sam):
    body = payload(hotel_a, id_type="passport", id_number="X1234567", occupants=["Bo Peep"])

    response = post(api_as(sam), hotel_a, body)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert set(data) == READ_FIELDS
    assert "id_number" not in keys(data)
    assert "X1234567" not in response.content.decode()
    assert data["id_number_masked"] == "•••• 4567"
    assert data["number"] == 1
    assert data["channel"] == "api"
    assert data["registered_by"] == "sam"
    assert data["occupants"] == [{"name": "Bo Peep", "minor": False}]
    assert data["amendments"] == []
    stored = Registration.objects.get(pk=data["id"])
    assert stored.entry_hash == data["entry_hash"]
    assert stored.id_number == "X1234567"


def test_no_response_ever_carries_an_id_number(api_as, hotel_a, maria):
    client = api_as(maria)
    created = post(client, hotel_a, payload(hotel_a, id_number="SECRET-998877")).json()
    patched = client.patch(
        url(hotel_a, created["id"]),
        {"id_number": "NEWSECRET-112233", "reason": "Typo in the ID"},
        format="json",
    )
    responses = [
        patched,
        client.get(url(hotel_a)),
        client.get(url(hotel_a, created["id"])),
        client.post(url(hotel_a, created["id"], "checkout")),
    ]

    for response in responses:
        assert response.status_code == 200
        text = response.content.decode()
        assert "998877" not in text.replace("•••• 8877", "")
        assert "NEWSECRET" not in text and "SECRET-" not in text
        assert "id_number" not in keys(response.json())
    amendment = patched.json()["amendments"][0]
    assert amendment["old_value"] == "•••• 8877"
    assert amendment["new_value"] == "•••• 2233"


@pytest.mark.parametrize("who", ["maria", "sam", "gina"])
def test_staff_list_and_read_only_their_propertys_registrations(
    request, api_as, hotel_a, hotel_b, sam, olga, who
):
    mine = make_registration(hotel_a, sam)
    make_registration(hotel_b, olga)
    client = api_as(request.getfixturevalue(who))

    listed = client.get(url(hotel_a))
    read = client.get(url(hotel_a, mine.pk))

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [str(mine.pk)]
    assert read.status_code == 200
    assert read.json()["number"] == mine.number


def test_another_tenant_gets_404_on_every_verb(api_as, hotel_a, sam, olga):
    theirs = make_registration(hotel_a, sam)
    client = api_as(olga)
    before = Registration.objects.count()

    responses = [
        client.get(url(hotel_a)),
        post(client, hotel_a, payload(hotel_a)),
        client.get(url(hotel_a, theirs.pk)),
        client.patch(url(hotel_a, theirs.pk), {"room": "9", "reason": "x"}, format="json"),
        client.post(url(hotel_a, theirs.pk, "checkout")),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    assert Registration.objects.count() == before


def test_a_registration_of_another_property_is_404_under_mine(api_as, hotel_a, hotel_b, olga):
    theirs = make_registration(hotel_b, olga)
    response = api_as(olga).get(url(hotel_b, theirs.pk).replace(str(hotel_b.pk), "0"))

    assert response.status_code == 404


def test_another_propertys_registration_is_404_through_my_property(
    api_as, hotel_a, hotel_b, maria, olga
):
    theirs = make_registration(hotel_b, olga)
    client = api_as(maria)

    assert client.get(url(hotel_a, theirs.pk)).status_code == 404
    assert client.post(url(hotel_a, theirs.pk, "checkout")).status_code == 404


def test_inspectors_never_browse_the_register(api_as, hotel_a, sam, ivan):
    registration = make_registration(hotel_a, sam)
    client = api_as(ivan)

    responses = [
        client.get(url(hotel_a)),
        client.get(url(hotel_a, registration.pk)),
        post(client, hotel_a, payload(hotel_a)),
    ]

    assert [r.status_code for r in responses] == [403] * 3


def test_anonymous_callers_are_refused(api, hotel_a, sam):
    registration = make_registration(hotel_a, sam)

    assert api.get(url(hotel_a)).status_code == 401
    assert api.get(url(hotel_a, registration.pk)).status_code == 401
    assert post(api, hotel_a, payload(hotel_a)).status_code == 401


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g"])
def test_a_malformed_registration_id_is_404(api_as, hotel_a, maria, bad_id):
    client = api_as(maria)

    assert client.get(url(hotel_a, bad_id)).status_code == 404
    assert client.post(url(hotel_a, bad_id, "checkout")).status_code == 404


def test_it_rejects_put_and_delete(api_as, hotel_a, maria, sam):
    registration = make_registration(hotel_a, sam)
    client = api_as(maria)

    assert client.put(url(hotel_a, registration.pk), {}, format="json").status_code == 405
    assert client.delete(url(hotel_a, registration.pk)).status_code == 405
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_a_clerk_cannot_amend(api_as, hotel_a, sam):
    registration = make_registration(hotel_a, sam)

    response = api_as(sam).patch(
        url(hotel_a, registration.pk), {"room": "202", "reason": "moved"}, format="json"
    )

    assert response.status_code == 403


# --- idempotency --------------------------------------------------------------------------


def test_the_same_idempotency_key_twice_makes_one_registration(api_as, hotel_a, sam):
    client = api_as(sam)
    body = payload(hotel_a)

    first = post(client, hotel_a, body, **{"Idempotency-Key": "pms-42"})
    second = post(client, hotel_a, body, **{"Idempotency-Key": "pms-42"})

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Registration.objects.filter(property=hotel_a).count() == 1
    assert IdempotencyKey.objects.get().registration_id == Registration.objects.get().pk


def test_the_same_key_with_another_body_is_a_409(api_as, hotel_a, sam):
    client = api_as(sam)
    post(client, hotel_a, payload(hotel_a), **{"Idempotency-Key": "pms-42"})

    response = post(client, hotel_a, payload(hotel_a, room="999"), **{"Idempotency-Key": "pms-42"})

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Registration.objects.count() == 1


def test_keys_are_per_property(api_as, hotel_a, hotel_b, sam, olga):
    post(api_as(sam), hotel_a, payload(hotel_a), **{"Idempotency-Key": "k"})
    response = post(api_as(olga), hotel_b, payload(hotel_b), **{"Idempotency-Key": "k"})

    assert response.status_code == 201
    assert Registration.objects.count() == 2


def test_a_retried_external_ref_returns_the_same_registration(api_as, hotel_a, sam):
    client = api_as(sam)
    body = payload(hotel_a, external_ref="PMS-7781")

    first = post(client, hotel_a, body)
    second = post(client, hotel_a, body)
    other = post(client, hotel_a, {**body, "room": "303"})

    assert first.status_code == second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert other.status_code == 409
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 101, "a\nb", "tab\there"])
def test_a_malformed_idempotency_key_is_a_400(api_as, hotel_a, sam, key):
    response = post(api_as(sam), hotel_a, payload(hotel_a), **{"Idempotency-Key": key})

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert Registration.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_racing_retries_with_one_key_make_one_registration(hotel_a, sam):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the race matters on PostgreSQL")
    from rest_framework.test import APIClient

    body = payload(hotel_a)
    results = []

    def client_retry(_worker: int) -> None:
        client = APIClient()
        client.force_authenticate(sam)
        response = post(client, hotel_a, body, **{"Idempotency-Key": "race-1"})
        results.append((response.status_code, response.json()["id"]))

    assert run_concurrently(client_retry, 6) == []
    assert {status for status, _ in results} == {201}
    assert len({pk for _, pk in results}) == 1
    assert Registration.objects.filter(property=hotel_a).count() == 1
    assert chain_verify(hotel_a).ok


# --- check-out ------------------------------------------------------------------------------


def test_checkout_records_the_time_once_and_twice_is_a_409(api_as, hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    client = api_as(sam)

    first = client.post(url(hotel_a, registration.pk, "checkout"))
    second = client.post(url(hotel_a, registration.pk, "checkout"))

    assert first.status_code == 200
    assert first.json()["checked_out_at"] is not None
    assert second.status_code == 409
    assert chain_verify(hotel_a).ok


# --- listing --------------------------------------------------------------------------------


def test_it_filters_by_arrival_range_room_and_in_house(api_as, hotel_a, sam, maria):
    now = timezone.now()
    # Five days back needs a manager (a clerk may record at most three).
    old = make_registration(hotel_a, maria, room="101", arrival=now - timedelta(days=5))
    recent = make_registration(hotel_a, sam, room="102", arrival=now - timedelta(hours=2))
    gone = make_registration(hotel_a, sam, room="102", arrival=now - timedelta(hours=3))
    api_as(sam).post(url(hotel_a, gone.pk, "checkout"))
    client = api_as(maria)

    def ids(**params) -> list[str]:
        response = client.get(url(hotel_a), params)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    local = timezone.localtime(now, zoneinfo.ZoneInfo(hotel_a.timezone))
    assert ids(arrival_after=(local - timedelta(days=1)).date().isoformat()) == [
        str(recent.pk),
        str(gone.pk),
    ]
    assert ids(arrival_before=(now - timedelta(days=4)).isoformat()) == [str(old.pk)]
    assert ids(arrival_before=(local - timedelta(days=5)).date().isoformat()) == [str(old.pk)]
    assert ids(arrival_before=(local - timedelta(days=6)).date().isoformat()) == []
    assert ids(room="102") == [str(recent.pk), str(gone.pk)]
    assert ids(in_house="true") == [str(recent.pk), str(old.pk)]
    assert ids(in_house="false") == [str(gone.pk)]
    assert ids(room="102", in_house="true") == [str(recent.pk)]


@pytest.mark.parametrize("bad", ["yesterday", "2026-02-30", "2026-13-01T10:00", "9" * 40])
def test_a_bad_arrival_filter_is_a_400(api_as, hotel_a, maria, bad):
    response = api_as(maria).get(url(hotel_a), {"arrival_after": bad})

    assert response.status_code == 400
    assert "arrival_after" in response.json()["fields"]


def test_it_pages_by_cursor_newest_arrival_first(api_as, hotel_a, sam, maria):
    now = timezone.now()
    made = [
        make_registration(hotel_a, sam, room=str(n), arrival=now - timedelta(hours=n + 1))
        for n in range(5)
    ]
    client = api_as(maria)

    first = client.get(url(hotel_a), {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert "count" not in first
    assert [r["room"] for r in first["results"]] == ["0", "1"]
    assert [r["room"] for r in second["results"]] == ["2", "3"]
    assert second["previous"]
    assert len(made) == 5


def list_queries(client, prop) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(prop))
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_5_and_50_and_never_counts(api_as, hotel_a, sam, maria):
    client = api_as(maria)
    for n in range(5):
        registration = make_registration(hotel_a, sam, room=str(n))
    client.patch(url(hotel_a, registration.pk), {"room": "77", "reason": "moved"}, format="json")
    few = list_queries(client, hotel_a)
    for n in range(45):
        make_registration(hotel_a, sam, room=str(n + 5))

    with CaptureQueriesContext(connection) as queries:
        client.get(url(hotel_a))

    assert list_queries(client, hotel_a) == few
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
