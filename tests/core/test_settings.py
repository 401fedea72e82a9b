"""Settings fail at start, naming the variable, when a value makes no sense."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from hotelcompliance.env import Env

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "hotel.example",
    "FIELD_ENCRYPTION_KEYS": GOOD_KEY,
    "EMAIL_URL": "smtp+tls://mailer.example:587",
}


def run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    ignored = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "perhaps"),
        ("DATABASE_URL", "mysql://root@localhost/hotel"),
        ("DATABASE_URL", "not a url"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("FIELD_ENCRYPTION_KEYS", "c2hvcnQ="),
        ("FIELD_ENCRYPTION_KEYS", "!!!not-base64!!!"),
        ("EMAIL_URL", "pigeon://coop"),
        ("ALLOWED_HOSTS", " , "),
        ("MEDIA_ROOT", " "),
        ("PURGE_DATABASE_URL", "mysql://root@localhost/hotel"),
        ("TRUSTED_PROXIES", "10.0.0.1,nginx"),
        ("TRUSTED_PROXIES", "10.0.0.0/33"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(variable, value):
    result = run_manage("check", **{variable: value})

    assert result.returncode != 0
    assert f"Environment variable {variable}" in result.stderr


def test_a_purge_database_url_gives_the_purge_its_own_connection(tmp_path):
    show = (
        "from django.conf import settings as s; from guests.retention import purge_database; "
        "print(sorted(s.DATABASES), s.DATABASES['purge']['NAME'], purge_database())"
    )
    url = f"sqlite:///{tmp_path / 'purge.sqlite3'}"

    configured = run_manage("shell", "-c", show, PURGE_DATABASE_URL=url)
    default = run_manage(
        "shell", "-c", "from guests.retention import purge_database as p; print(p())"
    )

    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.splitlines()[-1].split() == [
        "['default',",
        "'purge']",
        str(tmp_path / "purge.sqlite3"),
        "purge",
    ]
    assert default.stdout.splitlines()[-1] == "default"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    environment = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = run_manage("check", **environment)

    assert f"Environment variable {missing}" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": "too-short"})

    assert "Environment variable SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"), [("1", True), ("TRUE", True), ("on", True), ("no", False), ("0", False)]
)
def test_booleans_accept_the_usual_words(monkeypatch, text, expected):
    monkeypatch.setenv("SOME_FLAG", text)

    assert Env().bool("SOME_FLAG", default=not expected) is expected


def test_encryption_keys_are_read_newest_first(monkeypatch):
    newest, older = os.urandom(32), os.urandom(32)
    encoded = ",".join(base64.urlsafe_b64encode(k).decode() for k in (newest, older))
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", encoded)

    assert Env().encryption_keys("FIELD_ENCRYPTION_KEYS", debug=False) == [newest, older]


def test_sessions_end_after_30_idle_minutes_and_12_hours_in_all(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() == 12 * 3600
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_production_serves_the_api_schema_to_logged_in_callers_only():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SPECTACULAR_SETTINGS['SERVE_PERMISSIONS'])",
        **PRODUCTION,
    )

    assert "rest_framework.permissions.IsAuthenticated" in result.stdout, result.stderr


def test_production_cookies_are_secure_and_https_is_enforced():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG)"
    )

    result = run_manage("shell", "-c", code, **PRODUCTION)

    assert result.stdout.split("\n")[-2].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "False",
    ]


def test_trusted_proxies_are_read_as_addresses_and_networks(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", " 10.0.0.7, 172.16.0.0/12,,2001:db8::/32 ")

    assert Env().networks("TRUSTED_PROXIES") == ["10.0.0.7", "172.16.0.0/12", "2001:db8::/32"]
    monkeypatch.setenv("TRUSTED_PROXIES", "")
    assert Env().networks("TRUSTED_PROXIES") == []
