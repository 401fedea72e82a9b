"""No input answers a 500: deep or huge JSON bodies, out-of-range dates in every filter, odd
cursors; and production (DEBUG off) never shows a debug page."""

import base64
import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from hotelcompliance.api.parsers import MAX_JSON_DEPTH, nesting_depth
from tests.core.test_settings import PRODUCTION, run_manage
from tests.guests.factories import make_registration
from tests.pages import PageClient as Client

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [
    "9999-12-31",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "0000-01-01",
    "10000-01-01",
    "1899-12-31",
    "2200-01-01",
    "2026-02-30",
    "garbage",
    "-1",
]


@pytest.fixture
def client_for(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

    def make(user) -> APIClient:
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(user)
        return client

    return make


def nested(depth: int) -> str:
    return '{"guest_name": ' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}"


# ---- JSON bodies ---------------------------------------------------------------------------


def write_urls(prop, manager, inspector) -> list[tuple[str, object]]:
    """JSON-reading endpoints, each with a user allowed to write there."""
    return [
        ("/api/v1/auth/token/", manager),
        (f"/api/v1/properties/{prop.pk}/registrations/", manager),
        (f"/api/v1/properties/{prop.pk}/concerns/", manager),
        (f"/api/v1/properties/{prop.pk}/employees/", manager),
        (f"/api/v1/properties/{prop.pk}/records-requests/", inspector),
        ("/api/v1/verify/", manager),
    ]


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_json_nested_too_deep_is_a_400_saying_so(client_for, hotel_a, maria, ivan, depth):
    for url, user in write_urls(hotel_a, maria, ivan):
        client = client_for(user)
        for body in (nested(depth), "[" * depth + "]" * depth):
            response = client.post(url, body, content_type="application/json")

            assert response.status_code == 400, (url, response.content[:300])
            assert response.json()["code"] == "parse_error"
            assert f"deeper than {MAX_JSON_DEPTH} levels" in response.json()["detail"]


def test_json_at_the_depth_limit_is_read_and_judged_field_by_field(client_for, hotel_a, sam):
    response = client_for(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/",
        nested(MAX_JSON_DEPTH),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "guest_name" in response.json()["fields"]


def test_brackets_inside_strings_do_not_count_as_depth():
    text = json.dumps({"note": "[" * 500 + '\\"{' * 200, "list": [[1]]})

    assert nesting_depth(text) == 3
    assert nesting_depth('"[[[["') == 0
    assert nesting_depth("[[], [[]], {}]") == 3


def test_a_body_over_the_upload_limit_is_a_413_with_a_message(client_for, hotel_a, sam, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"guest_name": "x" * (1024 * 1024 + 1)})

    response = client_for(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/", body, content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than 1 MB; send less at a time.",
        "code": "too_large",
        "fields": {},
    }


def test_a_form_body_over_the_limit_is_a_413_too(client_for, hotel_a, sam, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = "guest_name=" + "x" * 2000

    response = client_for(sam).post(
        f"/api/v1/properties/{hotel_a.pk}/registrations/",
        body,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


# ---- dates in filters ----------------------------------------------------------------------


def date_filters(prop) -> list[tuple[str, str]]:
    """Every API list filter (and query parameter) that reads a date."""
    return [
        (f"/api/v1/properties/{prop.pk}/registrations/", "arrival_after"),
        (f"/api/v1/properties/{prop.pk}/registrations/", "arrival_before"),
        (f"/api/v1/properties/{prop.pk}/training-status/", "as_of"),
    ]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_an_out_of_range_or_garbage_date_in_a_filter_is_a_400_naming_it(
    client_for, hotel_a, maria, sam, value
):
    make_registration(hotel_a, sam)
    client = client_for(maria)
    for url, name in date_filters(hotel_a):
        response = client.get(url, {name: value})

        assert response.status_code == 400, (url, name, response.content[:300])
        assert name in response.json()["fields"]


def test_dates_at_the_ends_of_the_range_are_accepted(client_for, hotel_a, maria):
    client = client_for(maria)
    for url, name in date_filters(hotel_a):
        for value in ("1900-01-01", "2199-12-31"):
            assert client.get(url, {name: value}).status_code == 200, (url, name, value)


def date_texts() -> st.SearchStrategy[str]:
    days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
    offsets = st.sampled_from(["", "Z", "+14:00", "-12:00", "+00:00"])
    moments = st.builds(
        lambda d, o, t: f"{d.isoformat()}T{t}{o}",
        days,
        offsets,
        st.sampled_from(["00:00", "23:59:59", "23:59:59.999999", "12:00:00"]),
    )
    return st.one_of(
        days.map(date.isoformat),
        moments,
        st.from_regex(r"\A[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}\Z"),
        st.text(max_size=40),
    )


@hypothesis_settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_dates_in_every_filter_never_get_a_server_error(client_for, hotel_a, maria, data):
    url, name = data.draw(st.sampled_from(date_filters(hotel_a)))
    value = data.draw(date_texts())

    response = client_for(maria).get(url, {name: value})

    assert response.status_code in (200, 400), (url, name, value, response.content[:300])


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_the_register_search_page_gives_a_field_error_for_an_out_of_range_date(maria, value):
    client = Client(raise_request_exception=False)
    client.force_login(maria)

    response = client.post("/desk/search/", {"arrival_from": value, "arrival_to": value})

    assert response.status_code == 200
    form = response.context["form"]
    assert "Give a date between 1900-01-01 and 2199-12-31." in form.errors["arrival_to"]
    assert "arrival_from" in form.errors


# ---- cursors -------------------------------------------------------------------------------


def cursor(query: str) -> str:
    """A cursor as DRF encodes one: base64 of a query string (`p=...` url-encoded)."""
    tokens = dict(part.split("=", 1) for part in query.split("&"))
    return base64.b64encode(urlencode(tokens).encode()).decode()


ODD_CURSORS = [
    "!!!not-base64!!!",
    "cD0x",  # base64 of "p=1": not a date-time
    "\u00e9t\u00e9",
    cursor("o=-5"),
    cursor("r=maybe"),
    cursor("p=9999-12-31 23:59:59.999999+00:00"),
    cursor("p=0001-01-01 00:00:00+00:00"),
    cursor("p=10000-01-01"),
    cursor("p=" + "9" * 5000),
    cursor("p=2026-06-15 25:61:00"),
]


@pytest.mark.parametrize("odd", ODD_CURSORS)
def test_an_odd_cursor_is_an_invalid_cursor_never_a_500(client_for, hotel_a, maria, sam, odd):
    make_registration(hotel_a, sam)
    client = client_for(maria)
    for kind in ("registrations", "concerns"):
        response = client.get(f"/api/v1/properties/{hotel_a.pk}/{kind}/", {"cursor": odd})

        assert response.status_code == 404, (kind, response.content[:300])
        assert response.json()["detail"] == "Invalid cursor"


def test_a_huge_offset_is_capped_and_a_real_cursor_still_pages(client_for, hotel_a, maria, sam):
    for _ in range(3):
        make_registration(hotel_a, sam)
    client = client_for(maria)
    url = f"/api/v1/properties/{hotel_a.pk}/registrations/"

    first = client.get(url, {"page_size": 2}).json()
    second = client.get(first["next"])
    huge = client.get(url, {"cursor": cursor("o=999999")})

    assert second.status_code == 200
    assert len(first["results"]) + len(second.json()["results"]) == 3
    assert huge.status_code == 200


def test_a_cursor_positioned_at_a_plausible_date_is_accepted(client_for, hotel_a, maria, sam):
    make_registration(hotel_a, sam)
    moment = datetime(2199, 12, 31, tzinfo=UTC) - timedelta(hours=1)

    response = client_for(maria).get(
        f"/api/v1/properties/{hotel_a.pk}/registrations/", {"cursor": cursor(f"p={moment}")}
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


# ---- production never shows a debug page ----------------------------------------------------


@pytest.mark.urls("tests.security.boom_urls")
def test_production_answers_a_failure_with_the_projects_own_500_page(settings, maria):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(maria)

    page = client.get("/boom/")
    api = client.get("/api/v1/boom/")

    assert page.status_code == 500
    assert "Something went wrong on our side" in page.content.decode()
    assert api.status_code == 500
    assert api.json()["code"] == "server_error"
    for response in (page, api):
        text = response.content.decode()
        assert "Traceback" not in text and "RuntimeError" not in text
        assert "Ada Lovelace" not in text and "SECRET_KEY" not in text


def test_production_settings_have_debug_off():
    result = run_manage(
        "shell", "-c", "from django.conf import settings as s; print(s.DEBUG)", **PRODUCTION
    )

    assert result.stdout.splitlines()[-1] == "False", result.stderr


@pytest.mark.parametrize("hosts", ["hotel.example", "127.0.0.1,hotel.example", "*"])
def test_debug_cannot_be_on_for_a_host_other_than_this_machine(hosts):
    result = run_manage("check", **{**PRODUCTION, "DEBUG": "true", "ALLOWED_HOSTS": hosts})

    assert result.returncode != 0
    assert "Environment variable DEBUG" in result.stderr


def test_debug_stays_available_on_this_machine():
    result = run_manage("check", DEBUG="true", ALLOWED_HOSTS="127.0.0.1,localhost")

    assert result.returncode == 0, result.stderr
