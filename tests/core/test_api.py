"""The API skeleton: scoped properties, token login, one error format, never a 500."""

import pytest
from django.urls import reverse

from hotelcompliance.tenancy import Property

pytestmark = pytest.mark.django_db


def test_anonymous_callers_are_refused(api, hotel_a):
    response = api.get("/api/v1/properties/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("who", ["maria", "sam", "ivan", "gina"])
def test_each_role_lists_only_its_own_properties(request, api_as, hotel_a, hotel_b, who):
    user = request.getfixturevalue(who)

    response = api_as(user).get("/api/v1/properties/")

    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["Hotel A"]


@pytest.mark.parametrize("who", ["maria", "sam", "ivan", "gina"])
def test_another_tenants_property_is_a_404(request, api_as, hotel_a, hotel_b, who):
    user = request.getfixturevalue(who)

    response = api_as(user).get(f"/api/v1/properties/{hotel_b.pk}/")

    assert response.status_code == 404


def test_a_group_admin_sees_every_property_of_the_group(api_as, gina, group_a, hotel_a):
    from tests.factories import PropertyFactory

    PropertyFactory(organisation=group_a, name="Hotel A2")

    response = api_as(gina).get("/api/v1/properties/")

    assert [p["name"] for p in response.json()["results"]] == ["Hotel A", "Hotel A2"]
    assert response.json()["results"][0]["roles"] == ["org_admin"]


def test_the_property_list_reports_the_callers_roles(api_as, maria, hotel_a):
    response = api_as(maria).get("/api/v1/properties/")

    row = response.json()["results"][0]
    assert row["roles"] == ["manager"]
    assert row["jurisdiction"] == "US-CT"


@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999999", "-1", "1.5", "%00"])
def test_malformed_property_ids_are_404_not_500(api_as, maria, bad_id):
    response = api_as(maria).get(f"/api/v1/properties/{bad_id}/")

    assert response.status_code == 404


def test_a_token_is_issued_for_good_credentials(api, maria):
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "maria", "password": "correct-horse-battery-staple"},
        format="json",
    )

    assert response.status_code == 200
    token = response.json()["token"]
    listed = api.get("/api/v1/properties/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200


def test_a_wrong_password_is_a_400_and_an_access_event(api, maria):
    from hotelcompliance.access_log import AccessEvent

    response = api.post(
        "/api/v1/auth/token/", {"username": "maria", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    assert AccessEvent.objects.filter(kind="denied", object_type="api_token").count() == 1


def test_five_failures_lock_the_account_out_even_with_the_right_password(api, maria):
    for _ in range(5):
        api.post("/api/v1/auth/token/", {"username": "maria", "password": "nope"}, format="json")

    response = api.post(
        "/api/v1/auth/token/",
        {"username": "maria", "password": "correct-horse-battery-staple"},
        format="json",
    )

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "maria"},
        {"username": ["a", "b"], "password": {"x": 1}},
        {"username": "m" * 10_000, "password": "x"},
        {"username": "\x00\x01", "password": "x"},
        {"username": "maria", "password": "line\x1b[31m"},
    ],
)
def test_bad_token_requests_get_field_errors(api, body):
    response = api.post("/api/v1/auth/token/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "fields"}


@pytest.mark.parametrize(
    "raw_json",
    [
        '{"username": "maria", "password": "\\ud800"}',
        '{"username": "\\udfff", "password": "x"}',
        '{"username": 12, "password": null}',
        "[]",
        '"just a string"',
    ],
)
def test_hostile_json_is_a_400_not_a_500(api, maria, raw_json):
    response = api.post("/api/v1/auth/token/", data=raw_json, content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "fields"}


def test_malformed_json_is_a_400(api, maria):
    response = api.post("/api/v1/auth/token/", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_properties_are_read_only(api_as, maria, hotel_a):
    client = api_as(maria)

    assert client.post("/api/v1/properties/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/properties/{hotel_a.pk}/").status_code == 405
    assert Property.objects.filter(pk=hotel_a.pk).exists()


def test_pagination_caps_the_page_size(api_as, maria):
    response = api_as(maria).get("/api/v1/properties/?page_size=100000")

    assert response.status_code == 200


def test_api_responses_are_never_cached(api_as, maria):
    response = api_as(maria).get("/api/v1/properties/")

    assert "no-store" in response["Cache-Control"]


def test_the_openapi_schema_documents_the_endpoints(client):
    response = client.get(reverse("schema"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/properties/" in body
    assert "/api/v1/auth/token/" in body


def test_the_interactive_docs_load_without_a_cdn(client):
    response = client.get(reverse("api-docs"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "cdn" not in body.lower()
    assert "/static/drf_spectacular_sidecar/" in body


def test_the_api_still_answers_when_the_throttle_cache_is_down(api_as, maria, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = api_as(maria).get("/api/v1/properties/")

    assert response.status_code == 200
