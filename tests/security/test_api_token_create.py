"""Managers create an integration token on /api-tokens/: key and signing secret shown once."""

import uuid

import pytest
from rest_framework.test import APIClient

from hotelcompliance.api_tokens import ApiToken, key_digest

pytestmark = pytest.mark.django_db


def test_a_manager_creates_a_token_bound_to_the_property_shown_once(client, maria, hotel_a):
    client.force_login(maria)

    once = client.get("/api-tokens/").context["once"]
    page = client.post("/api-tokens/new/", {"name": "Cloudbeds", "token": once})

    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    key, secret = page.context["key"], page.context["secret"]
    html = page.content.decode()
    assert key in html and secret in html
    token = ApiToken.objects.get()
    assert (token.kind, token.property, token.user, token.name) == (
        "integration",
        hotel_a,
        maria,
        "Cloudbeds",
    )
    assert token.key_digest == key_digest(key) and token.signing_secret == secret
    listing = client.get("/api-tokens/").content.decode()
    assert "Cloudbeds" in listing and key not in listing and secret not in listing
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"/api/v1/properties/{hotel_a.pk}/registrations/").status_code == 200


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "two\nlines"])
def test_a_token_needs_a_one_line_name(client, maria, name):
    client.force_login(maria)

    once = uuid.uuid4()
    response = client.post("/api-tokens/new/", {"name": name, "token": once}, follow=True)
    corrected = client.post("/api-tokens/new/", {"name": "Mews", "token": once})

    assert response.status_code == 200
    assert "Name the integration" in response.content.decode()
    assert corrected.status_code == 200  # a refused form may be corrected and sent again
    assert ApiToken.objects.get().name == "Mews"


def test_a_double_submit_creates_one_token(client, maria):
    client.force_login(maria)
    form = {"name": "Mews", "token": uuid.uuid4()}

    first = client.post("/api-tokens/new/", form)
    second = client.post("/api-tokens/new/", form, follow=True)

    assert first.status_code == 200 and "key" in first.context
    assert "already created" in second.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_form_without_its_one_time_token_creates_nothing(client, maria):
    client.force_login(maria)

    response = client.post("/api-tokens/new/", {"name": "Mews"}, follow=True)

    assert "expired" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_front_desk_may_not_create_one(client, sam):
    client.force_login(sam)

    response = client.post("/api-tokens/new/", {"name": "Mine", "token": uuid.uuid4()})

    assert response.status_code == 403
    assert not ApiToken.objects.exists()
