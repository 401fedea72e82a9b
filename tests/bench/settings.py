"""Bench settings: production-like (DEBUG off) project settings plus the bare baseline app.

The runner sets the environment (DEBUG, keys, DATABASE_URL, REDIS_URL) before Django starts;
only what a benchmark must not be limited by is changed here: no HTTPS redirect (plain HTTP
on 127.0.0.1), throttle rates far above the load, and plain static storage (no collectstatic).
"""

from hotelcompliance.settings import *  # noqa: F403
from hotelcompliance.settings import ALLOWED_HOSTS, INSTALLED_APPS, REST_FRAMEWORK, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench.baseline_app"]
ROOT_URLCONF = "tests.bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "testserver"]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "user": "1000000/minute",
        "anon": "1000000/minute",
    },
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
