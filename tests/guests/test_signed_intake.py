"""Signed intake: an HMAC over timestamp and body, a time window, one use per delivery id."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from guests.models import Registration
from hotelcompliance.api_tokens import ApiToken, issue_integration_token, revoke
from hotelcompliance.signed_intake import TIMESTAMP_TOLERANCE, SignedDelivery, signature_of
from tests.guests.factories import checkin_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def integration(hotel_a, maria):
    token, _key, secret = issue_integration_token(actor=maria, prop=hotel_a, name="Mews")
    return token, secret


def batch(prop, ref: str = "M-1") -> bytes:
    data = {**checkin_data(prop), "external_ref": ref}
    return json.dumps({"stays": [data]}, default=str).encode()


def deliver(prop, token, secret: str, body: bytes, *, delivery="d-1", at=None, signature=None):
    timestamp = str(int((at or timezone.now()).timestamp()))
    headers = {
        "HTTP_X_HC_INTEGRATION": str(token.pk),
        "HTTP_X_HC_TIMESTAMP": timestamp,
        "HTTP_X_HC_DELIVERY": delivery,
        "HTTP_X_HC_SIGNATURE": signature or signature_of(secret, timestamp, body),
    }
    return APIClient().post(
        f"/api/v1/properties/{prop.pk}/intake/", body, content_type="application/json", **headers
    )


def test_a_signed_delivery_syncs_its_stays(hotel_a, integration, maria):
    token, secret = integration

    response = deliver(hotel_a, token, secret, batch(hotel_a))

    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1
    registration = Registration.objects.get()
    assert (registration.external_ref, registration.registered_by) == ("M-1", maria)
    assert SignedDelivery.objects.filter(token=token, delivery_id="d-1").exists()


def test_the_secret_is_stored_encrypted(integration):
    token, secret = integration

    with connection.cursor() as cursor:
        cursor.execute("SELECT signing_secret FROM core_apitoken WHERE id = %s", [token.pk])
        (stored,) = cursor.fetchone()

    assert ApiToken.objects.get(pk=token.pk).signing_secret == secret
    assert stored and secret not in stored


@pytest.mark.parametrize(
    "tamper",
    ["body", "secret", "signature_format", "other_token"],
)
def test_a_wrong_signature_is_a_401_and_writes_nothing(hotel_a, integration, tamper, olga):
    token, secret = integration
    body = batch(hotel_a)
    signature = None
    if tamper == "secret":
        signature = signature_of(secret + "x", str(int(timezone.now().timestamp())), body)
    elif tamper == "signature_format":
        signature = "md5=abc"
    sent_body = body + b" " if tamper == "body" else body
    if tamper == "other_token":
        token = ApiToken.objects.create(
            user=olga,
            kind="integration",
            property=token.property,
            key_digest="x" * 64,
            expires_at=token.expires_at,
        )  # no signing secret: it can sign nothing

    timestamp = str(int(timezone.now().timestamp()))
    response = deliver(
        hotel_a,
        token,
        secret,
        sent_body,
        signature=signature or signature_of(secret, timestamp, body),
    )

    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert not Registration.objects.exists() and not SignedDelivery.objects.exists()


def test_another_propertys_url_is_refused_like_a_bad_signature(hotel_a, hotel_b, integration):
    token, secret = integration

    response = deliver(hotel_b, token, secret, batch(hotel_b))

    assert response.status_code == 401 and response.json()["code"] == "bad_signature"


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (TIMESTAMP_TOLERANCE, True),
        (TIMESTAMP_TOLERANCE + timedelta(seconds=1), False),
        (-TIMESTAMP_TOLERANCE, True),
        (-TIMESTAMP_TOLERANCE - timedelta(seconds=1), False),
    ],
)
def test_the_timestamp_window_is_exact(hotel_a, integration, offset, accepted):
    token, secret = integration
    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False):
        response = deliver(hotel_a, token, secret, batch(hotel_a), at=timezone.now() - offset)

    assert (response.status_code == 200) is accepted, response.json()
    if not accepted:
        assert response.json()["code"] == "stale_timestamp"


def test_a_replayed_delivery_id_is_a_409_and_changes_nothing(hotel_a, integration):
    token, secret = integration
    first = deliver(hotel_a, token, secret, batch(hotel_a, "M-1"))

    replay = deliver(hotel_a, token, secret, batch(hotel_a, "M-2"))

    assert first.status_code == 200
    assert replay.status_code == 409 and replay.json()["code"] == "replayed"
    assert list(Registration.objects.values_list("external_ref", flat=True)) == ["M-1"]


def test_a_refused_batch_leaves_its_delivery_id_free(hotel_a, integration):
    token, secret = integration
    bad = json.dumps({"stays": [{"external_ref": "M-1", "adults": "two"}]}).encode()

    refused = deliver(hotel_a, token, secret, bad)
    retried = deliver(hotel_a, token, secret, batch(hotel_a))

    assert refused.status_code == 400 and "stays[0].adults" in refused.json()["fields"]
    assert retried.status_code == 200


def test_a_revoked_token_signs_nothing(hotel_a, integration):
    token, secret = integration
    revoke(ApiToken.objects.filter(pk=token.pk))

    response = deliver(hotel_a, token, secret, batch(hotel_a))

    assert response.status_code == 401 and response.json()["code"] == "token_inactive"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_X_HC_TIMESTAMP": "soon", "HTTP_X_HC_DELIVERY": "d", "HTTP_X_HC_INTEGRATION": "1"},
        {"HTTP_X_HC_TIMESTAMP": "1" * 40, "HTTP_X_HC_DELIVERY": "d", "HTTP_X_HC_INTEGRATION": "x"},
        {"HTTP_X_HC_DELIVERY": "d" * 101},
    ],
    ids=["none", "timestamp-text", "timestamp-huge", "delivery-long"],
)
def test_missing_or_malformed_headers_are_a_401_never_a_500(hotel_a, integration, headers):
    response = APIClient().post(
        f"/api/v1/properties/{hotel_a.pk}/intake/",
        b"{}",
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 401


def test_a_body_that_is_not_json_is_a_400(hotel_a, integration):
    token, secret = integration

    response = deliver(hotel_a, token, secret, b"\xff not json")

    assert response.status_code == 400
