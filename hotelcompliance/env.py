"""Typed, strict readers of environment variables.

django-environ parses the URLs; these wrappers add what it lacks: a value that cannot be
parsed stops the start with `ImproperlyConfigured` naming the variable, instead of silently
turning into a default (django-environ reads `DEBUG=yes please` as False).
"""

from __future__ import annotations

import base64
import binascii
import builtins
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
REDIS_SCHEMES = {"redis", "rediss"}
# Published in the README; never accepted once DEBUG is off.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
DEVELOPMENT_ENCRYPTION_KEY = base64.urlsafe_b64encode(b"dev-only-field-key-not-for-prod!").decode()


class Env:
    """Read settings from `os.environ`, failing loudly on values that make no sense."""

    def __init__(self) -> None:
        self._environ = environ.Env()

    def read_env_file(self, path: Path) -> None:
        if path.exists():
            environ.Env.read_env(str(path))

    def _raw(self, name: str) -> str | None:
        return os.environ.get(name)

    def fail(self, name: str, problem: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(f"Environment variable {name}: {problem}")

    def str(self, name: str, *, default: str) -> str:
        value = self._raw(name)
        return default if value is None else value

    def bool(self, name: builtins.str, *, default: builtins.bool) -> builtins.bool:
        value = self._raw(name)
        if value is None:
            return default
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise self.fail(name, f"expected true or false, got {value!r}.")

    def int(self, name: builtins.str, *, default: int, minimum: int = 0) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise self.fail(name, f"expected a whole number, got {value!r}.") from None
        if number < minimum:
            raise self.fail(name, f"must be at least {minimum}, got {number}.")
        return number

    def list(
        self, name: builtins.str, *, default: builtins.list[builtins.str]
    ) -> builtins.list[builtins.str]:
        value = self._raw(name)
        if value is None:
            return default
        items = [item.strip() for item in value.split(",") if item.strip()]
        if not items:
            raise self.fail(name, "must list at least one value, separated by commas.")
        return items

    def networks(self, name: builtins.str) -> builtins.list[builtins.str]:
        """IP addresses or CIDR networks, comma-separated; unset or empty is none."""
        from hotelcompliance.client_ip import parse_network

        value = self._raw(name) or ""
        items = [item.strip() for item in value.split(",") if item.strip()]
        for item in items:
            try:
                parse_network(item)
            except ValueError:
                raise self.fail(
                    name, f"{item!r} is not an IP address or network (10.0.0.0/8)."
                ) from None
        return items

    def path(self, name: builtins.str, *, default: Path) -> Path:
        value = self._raw(name)
        if value is None:
            return default
        if not value.strip():
            raise self.fail(name, "must be a directory path, got an empty value.")
        return Path(value).expanduser().resolve()

    def secret_key(self, name: builtins.str, *, debug: builtins.bool) -> builtins.str:
        value = self._raw(name)
        if value is None or value == "":
            if debug:
                return DEVELOPMENT_SECRET_KEY
            raise self.fail(name, "must be set when DEBUG is off (50 or more random characters).")
        if not debug and (len(value) < 50 or value == DEVELOPMENT_SECRET_KEY):
            raise self.fail(name, "must be 50 or more random characters when DEBUG is off.")
        return value

    def database(self, name: builtins.str, *, default: builtins.str) -> dict[builtins.str, Any]:
        url = self.str(name, default=default)
        scheme = urlparse(url).scheme
        if scheme not in DATABASE_SCHEMES:
            raise self.fail(
                name, f"unsupported scheme {scheme!r}; use sqlite:///path or postgres://..."
            )
        try:
            config = self._environ.db_url_config(url)
        except Exception as error:  # django-environ raises several kinds for a bad URL
            raise self.fail(name, f"could not be parsed ({error}).") from None
        if scheme == "sqlite":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
        else:
            config["CONN_MAX_AGE"] = self.int("DB_CONN_MAX_AGE", default=60)
            config["CONN_HEALTH_CHECKS"] = True
        return config

    def redis_url(self, name: builtins.str, *, default: builtins.str) -> builtins.str:
        url = self.str(name, default=default)
        if url and urlparse(url).scheme not in REDIS_SCHEMES:
            raise self.fail(name, f"expected redis://host:port/db, got {url!r}.")
        return url

    def email(self, name: builtins.str, *, default: builtins.str) -> dict[builtins.str, Any]:
        url = self.str(name, default=default)
        try:
            config = self._environ.email_url_config(url)
        except Exception:
            raise self.fail(
                name, f"unsupported value {url!r}; use smtp://, smtp+tls://, consolemail://"
            ) from None
        return config

    def encryption_keys(self, name: builtins.str, *, debug: builtins.bool) -> builtins.list[bytes]:
        """Return the field keys, newest first: each a url-safe base64 encoding of 32 bytes."""
        value = self._raw(name)
        if value is None or not value.strip():
            if debug:
                return [base64.urlsafe_b64decode(DEVELOPMENT_ENCRYPTION_KEY)]
            raise self.fail(name, "must be set when DEBUG is off (see README, Settings).")
        keys = []
        for position, text in enumerate(value.split(","), start=1):
            try:
                key = base64.urlsafe_b64decode(text.strip().encode())
            except (binascii.Error, ValueError):
                raise self.fail(name, f"key {position} is not url-safe base64.") from None
            if len(key) != 32:
                raise self.fail(name, f"key {position} must decode to 32 bytes, not {len(key)}.")
            keys.append(key)
        return keys
