"""Managers create an integration token on /api-tokens/: key and signing secret shown once."""

import pytest
from rest_framework.test import APIClient

from hotelcompliance.api_tokens import ApiToken, key_digest

pytestmark = pytest.mark.django_db


def test_a_manager_creates_a_token_bound_to_the_property_shown_once(client, maria, hotel_a):
    client.force_login(maria)

    page = client.post("/api-tokens/new/", {"name": "Cloudbeds"})

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

    response = client.post("/api-tokens/new/", {"name": name}, follow=True)

    assert response.status_code == 200
    assert "Name the integration" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_front_desk_may_not_create_one(client, sam):
    client.force_login(sam)

    response = client.post("/api-tokens/new/", {"name": "Mine"})

    assert response.status_code == 403
    assert not ApiToken.objects.exists()
