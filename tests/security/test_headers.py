"""Security headers on pages and the API, and cookie flags under the production settings."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.core.test_settings import PRODUCTION, run_manage
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize("url_name", ["login", "desk", "registration_search"])
def test_pages_send_a_strict_csp_and_the_other_headers(client, maria, url_name):
    if url_name != "login":
        client.force_login(maria)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_holds_inline_script_or_handlers(client, maria):
    client.force_login(maria)
    for name in ("desk", "dashboard", "training_roster", "check_in", "concern_new"):
        html = client.get(reverse(name)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), name
        assert not re.search(r"\son[a-z]+\s*=", html), name


@pytest.mark.parametrize("url_name", ["desk", "dashboard", "training_roster"])
def test_pages_with_personal_data_are_never_stored(client, maria, url_name):
    client.force_login(maria)

    response = client.get(reverse(url_name))

    assert "no-store" in response["Cache-Control"]


def test_the_api_is_never_stored(api_as, maria, hotel_a):
    response = api_as(maria).get(f"/api/v1/properties/{hotel_a.pk}/registrations/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_api_error_is_never_stored_either(api):
    assert "no-store" in api.get("/api/v1/properties/")["Cache-Control"]


@override_settings(
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_over_https_hsts_is_sent_and_cookies_are_secure(client, maria):
    assert client.get("/accounts/login/")["Location"].startswith("https://")  # http → https

    form = client.get("/accounts/login/", secure=True)
    login = client.post(
        "/accounts/login/", {"username": "maria", "password": PASSWORD}, secure=True
    )

    assert form["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    session = login.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_production_settings_turn_on_hsts_secure_cookies_and_two_factor():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT',"
        " 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        " 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_SAMESITE', 'SECURE_CONTENT_TYPE_NOSNIFF',"
        " 'SECURE_REFERRER_POLICY', 'TWO_FACTOR_REQUIRED']}))"
    )

    production = run_manage("shell", "-c", script, **PRODUCTION)
    demo = run_manage("shell", "-c", script, DEBUG="true")

    assert production.returncode == 0, production.stderr
    values = json.loads(production.stdout.strip().splitlines()[-1])
    assert values == {
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "TWO_FACTOR_REQUIRED": True,
    }
    assert json.loads(demo.stdout.strip().splitlines()[-1])["TWO_FACTOR_REQUIRED"] is False
    relaxed = run_manage("shell", "-c", script, **PRODUCTION, TWO_FACTOR_REQUIRED="false")
    assert json.loads(relaxed.stdout.strip().splitlines()[-1])["TWO_FACTOR_REQUIRED"] is False
