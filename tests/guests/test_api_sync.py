"""PMS sync through the API: find by external_ref, upsert, check-out time, batches, integrations."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from guests.models import Amendment, Registration
from hotelcompliance.api_tokens import TokenKind, issue_token
from hotelcompliance.chain import ChainEntry, chain_verify
from tests.guests.factories import checkin_data, make_registration

pytestmark = pytest.mark.django_db

LATER = ["amount_charged", "payment_method", "receipt_number"]


def base(prop) -> str:
    return f"/api/v1/properties/{prop.pk}/registrations"


def by_ref(prop, ref: str) -> str:
    return f"{base(prop)}/by-external-ref/{ref}/"


def stay(prop, **overrides) -> dict:
    """A complete check-in as JSON, without its reference (the URL carries it)."""
    return json.loads(json.dumps(checkin_data(prop, **overrides), default=str))


def entries(prop) -> int:
    return ChainEntry.objects.filter(property=prop).count()


@pytest.fixture
def pms(hotel_a, maria):
    """A PMS's integration token at Hotel A, under the manager's account."""
    _token, key = issue_token(maria, kind=TokenKind.INTEGRATION, name="PMS", prop=hotel_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# --- GET ?external_ref= -----------------------------------------------------------------------


def test_external_ref_finds_exactly_that_stay_of_this_property(
    api_as, hotel_a, hotel_b, maria, olga
):
    wanted = make_registration(hotel_a, maria, external_ref="R-1")
    make_registration(hotel_a, maria, external_ref="R-10")
    make_registration(hotel_b, olga, external_ref="R-1")

    body = api_as(maria).get(f"{base(hotel_a)}/", {"external_ref": "R-1"}).json()

    assert [row["id"] for row in body["results"]] == [str(wanted.pk)]


# --- PUT by-external-ref ----------------------------------------------------------------------


def test_an_unknown_reference_checks_the_guest_in(api_as, hotel_a, maria):
    response = api_as(maria).put(by_ref(hotel_a, "OPERA-77"), stay(hotel_a), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "created" and body["incomplete"] == []
    registration = Registration.objects.get(pk=body["id"])
    assert (registration.external_ref, registration.channel) == ("OPERA-77", "api")
    assert chain_verify(hotel_a).ok


def test_the_same_stay_again_changes_nothing(api_as, hotel_a, maria):
    client = api_as(maria)
    body = stay(hotel_a)
    client.put(by_ref(hotel_a, "R-5"), body, format="json")
    before = entries(hotel_a)

    again = client.put(by_ref(hotel_a, "R-5"), body, format="json")

    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert entries(hotel_a) == before
    assert not Amendment.objects.exists()
    assert Registration.objects.count() == 1


def test_a_changed_room_and_departure_are_amendments_with_the_reason(api_as, hotel_a, maria):
    client = api_as(maria)
    first = stay(hotel_a)
    client.put(by_ref(hotel_a, "R-6"), first, format="json")
    later = {**first, "room": "202", "expected_departure": first["arrival"][:10]}

    response = client.put(by_ref(hotel_a, "R-6"), later, format="json")

    assert response.status_code == 200
    assert response.json()["outcome"] == "amended"
    assert response.json()["amended"] == ["expected_departure", "room"]
    amendments = Amendment.objects.order_by("field")
    assert [(a.field, a.reason) for a in amendments] == [
        ("expected_departure", "PMS sync through the API"),
        ("room", "PMS sync through the API"),
    ]
    assert chain_verify(hotel_a).ok


def test_a_correction_needs_the_amend_role_and_writes_nothing_without_it(api_as, hotel_a, sam):
    client = api_as(sam)
    first = stay(hotel_a)
    assert client.put(by_ref(hotel_a, "R-7"), first, format="json").status_code == 201
    before = entries(hotel_a)

    refused = client.put(by_ref(hotel_a, "R-7"), {**first, "room": "303"}, format="json")

    assert refused.status_code == 403
    assert Registration.objects.get().room == "101"
    assert entries(hotel_a) == before


def test_a_check_out_from_the_pms_sets_it_once(api_as, hotel_a, maria):
    client = api_as(maria)
    first = stay(hotel_a)
    client.put(by_ref(hotel_a, "R-8"), first, format="json")
    left = timezone.localtime(timezone.now() - timedelta(minutes=5), hotel_a.tz)
    naive = left.replace(tzinfo=None, microsecond=0).isoformat()

    checked_out = client.put(
        by_ref(hotel_a, "R-8"), {**first, "checked_out_at": naive}, format="json"
    )
    same = client.put(by_ref(hotel_a, "R-8"), {**first, "checked_out_at": naive}, format="json")
    moved = client.put(
        by_ref(hotel_a, "R-8"),
        {**first, "checked_out_at": (left - timedelta(minutes=1)).isoformat()},
        format="json",
    )

    assert checked_out.json()["outcome"] == "amended" and checked_out.json()["checked_out"]
    assert Registration.objects.get().checked_out_at == left.replace(microsecond=0)
    assert same.json()["outcome"] == "unchanged"
    assert moved.status_code == 400 and "checked_out_at" in moved.json()["fields"]
    assert chain_verify(hotel_a).ok


@pytest.mark.parametrize(
    "body",
    [[1, 2], {"room": 7}, {"adults": "many"}, {"checked_out_at": "yesterday"}, "text"],
    ids=["list", "room-number", "adults-text", "checkout-text", "string"],
)
def test_wrong_types_are_a_400_and_write_nothing(api_as, hotel_a, maria, body):
    response = api_as(maria).put(by_ref(hotel_a, "R-9"), body, format="json")

    assert response.status_code == 400
    assert not Registration.objects.exists()


# --- integrations: any arrival, details later ---------------------------------------------------


def test_an_integration_backfills_an_old_arrival_a_clerk_may_not(pms, api_as, hotel_a, sam):
    old = timezone.localtime(timezone.now(), hotel_a.tz) - timedelta(days=40)
    data = stay(hotel_a, arrival=old, expected_departure=old.date() + timedelta(days=2))

    clerk = api_as(sam).put(by_ref(hotel_a, "OLD-1"), data, format="json")
    backfilled = pms.put(by_ref(hotel_a, "OLD-1"), data, format="json")

    assert clerk.status_code == 400 and "arrival" in clerk.json()["fields"]
    assert backfilled.status_code == 201, backfilled.json()


def test_an_integration_may_send_the_charge_payment_and_receipt_later(pms, hotel_a):
    full = stay(hotel_a)
    data = {k: v for k, v in full.items() if k not in LATER}

    created = pms.put(by_ref(hotel_a, "NEW-1"), data, format="json")
    read = pms.get(f"{base(hotel_a)}/{created.json()['id']}/").json()
    completed = pms.put(by_ref(hotel_a, "NEW-1"), full, format="json")

    assert created.status_code == 201
    assert created.json()["incomplete"] == LATER
    assert read["incomplete"] == LATER
    assert completed.json()["outcome"] == "amended" and completed.json()["incomplete"] == []
    assert sorted(completed.json()["amended"]) == LATER


def test_a_person_still_gives_the_charge_payment_and_receipt_at_check_in(api_as, hotel_a, maria):
    data = {k: v for k, v in stay(hotel_a).items() if k not in LATER}

    response = api_as(maria).put(by_ref(hotel_a, "NEW-2"), data, format="json")

    assert response.status_code == 400
    assert set(LATER) <= set(response.json()["fields"])


# --- POST checkout with a time -----------------------------------------------------------------


def test_checkout_takes_a_local_time_within_the_stay(api_as, hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    client = api_as(sam)
    checkout = f"{base(hotel_a)}/{registration.pk}/checkout/"
    arrived = timezone.localtime(registration.arrival, hotel_a.tz).replace(tzinfo=None)

    before_arrival = client.post(
        checkout, {"checked_out_at": (arrived - timedelta(minutes=1)).isoformat()}, format="json"
    )
    future = client.post(
        checkout,
        {"checked_out_at": (timezone.now() + timedelta(minutes=1)).isoformat()},
        format="json",
    )
    at_arrival = client.post(checkout, {"checked_out_at": arrived.isoformat()}, format="json")

    assert before_arrival.status_code == 400 and future.status_code == 400
    assert at_arrival.status_code == 200, at_arrival.json()
    registration.refresh_from_db()
    assert registration.checked_out_at == registration.arrival  # the boundary itself
    assert chain_verify(hotel_a).ok


def test_checkout_without_a_time_is_now(api_as, hotel_a, sam, frozen_clock):
    registration = make_registration(hotel_a, sam)

    response = api_as(sam).post(f"{base(hotel_a)}/{registration.pk}/checkout/")

    assert response.status_code == 200
    registration.refresh_from_db()
    assert abs(registration.checked_out_at - timezone.now()) < timedelta(seconds=5)


# --- POST batch ---------------------------------------------------------------------------------


def batch_of(prop, refs, **overrides) -> dict:
    return {
        "stays": [
            {**stay(prop, room=f"1{i:02}", **overrides), "external_ref": ref}
            for i, ref in enumerate(refs)
        ]
    }


def test_a_batch_syncs_every_stay_and_again_changes_nothing(api_as, hotel_a, maria):
    client = api_as(maria)
    body = batch_of(hotel_a, ["B-1", "B-2", "B-3"])

    first = client.post(f"{base(hotel_a)}/batch/", body, format="json")
    before = entries(hotel_a)
    again = client.post(f"{base(hotel_a)}/batch/", body, format="json")

    assert first.status_code == 200, first.json()
    assert (first.json()["created"], first.json()["unchanged"]) == (3, 0)
    assert [r["external_ref"] for r in first.json()["results"]] == ["B-1", "B-2", "B-3"]
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 3)
    assert entries(hotel_a) == before
    assert list(Registration.objects.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]


def test_one_refused_stay_refuses_the_whole_batch_naming_it(api_as, hotel_a, maria):
    client = api_as(maria)
    make_registration(hotel_a, maria, external_ref="B-0")
    body = batch_of(hotel_a, ["B-0", "B-1", "B-2"])
    body["stays"][0]["room"] = "999"  # an amendment: runs, then is rolled back
    body["stays"][2]["expected_departure"] = "2000-01-01"
    before = entries(hotel_a)

    response = client.post(f"{base(hotel_a)}/batch/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["stays[2].expected_departure"]
    assert Registration.objects.count() == 1 and Registration.objects.get().room == "101"
    assert entries(hotel_a) == before
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stays": "all"}, "stays"),
        ({"stays": []}, "stays"),
        ({"stays": [1]}, "stays[0]"),
        ({"stays": [{"room": "1"}]}, "stays[0].external_ref"),
        ({"stays": [{"external_ref": 5}]}, "stays[0].external_ref"),
        ({}, "stays"),
    ],
)
def test_a_malformed_batch_is_a_400_naming_the_item(api_as, hotel_a, maria, body, field):
    response = api_as(maria).post(f"{base(hotel_a)}/batch/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_a_batch_repeating_a_reference_is_refused(api_as, hotel_a, maria):
    body = batch_of(hotel_a, ["B-1", "B-1"])

    response = api_as(maria).post(f"{base(hotel_a)}/batch/", body, format="json")

    assert response.status_code == 400
    assert "stays[1].external_ref" in response.json()["fields"]
    assert not Registration.objects.exists()


def test_a_batch_takes_500_stays_and_refuses_501(api_as, hotel_a, maria):
    client = api_as(maria)
    one = {**stay(hotel_a), "external_ref": "X"}

    too_many = client.post(f"{base(hotel_a)}/batch/", {"stays": [one] * 501}, format="json")

    assert too_many.status_code == 400
    assert too_many.json()["fields"]["stays"] == ["Send at most 500 stays."]
    assert not Registration.objects.exists()


def test_the_schema_documents_the_sync_endpoints(api):
    paths = api.get(reverse("schema"), {"format": "json"}).json()["paths"]

    prefix = "/api/v1/properties/{property_pk}"
    assert "put" in paths[f"{prefix}/registrations/by-external-ref/{{external_ref}}/"]
    assert "post" in paths[f"{prefix}/registrations/batch/"]
    assert "post" in paths[f"{prefix}/intake/"]
    assert "external_ref" in {
        p["name"] for p in paths[f"{prefix}/registrations/"]["get"]["parameters"]
    }
    checkout = paths[f"{prefix}/registrations/{{id}}/checkout/"]["post"]
    assert "requestBody" in checkout
