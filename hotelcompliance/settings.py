"""Settings for Hotel Compliance: one module, driven by environment variables.

Every variable has a safe development default, so `make run` needs no setup. A bad value
stops the process at start with a message that names the variable (see `hotelcompliance.env`).
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from hotelcompliance.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = Env()
env.read_env_file(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.secret_key("SECRET_KEY", debug=DEBUG)
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOOPBACK_HOSTS)
# Debug pages show settings, code and data: DEBUG is for this machine only. A deployment names
# its public host, so a forgotten DEBUG=true stops the start instead of serving debug pages.
if DEBUG and set(ALLOWED_HOSTS) - set(LOOPBACK_HOSTS):
    raise env.fail(
        "DEBUG",
        "is on, but ALLOWED_HOSTS names a host other than this machine "
        f"({', '.join(sorted(set(ALLOWED_HOSTS) - set(LOOPBACK_HOSTS)))}); "
        "set DEBUG=false for a server others reach.",
    )
# Tests and the embedded default run everything in one place; production must say so.
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)

INSTALLED_APPS = [
    # First, so its registration/ templates win over the admin's.
    "hotelcompliance.apps.CoreConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "guests",
    "training",
    "audits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it may read the session's language), before CommonMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hotelcompliance.middleware.SessionLifetimeMiddleware",
    "hotelcompliance.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hotelcompliance.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hotelcompliance.urls"
WSGI_APPLICATION = "hotelcompliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hotelcompliance.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATABASES = {
    "default": env.database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# The retention purge's own connection: a role that may delete what the application's may not
# (`manage.py db_roles`). Unset: the purge uses the default connection (SQLite, one role).
if env.str("PURGE_DATABASE_URL", default=""):
    DATABASES["purge"] = env.database("PURGE_DATABASE_URL", default="")
    DATABASES["purge"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, login -------------------------------------------------------------------

REDIS_URL = env.redis_url("REDIS_URL", default="")
# The cache only serves API throttles, which fail open when it is down (see api/throttling.py);
# sessions and login lockout live in the database, so a Redis outage never logs anyone out.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60  # idle timeout: the cookie is renewed on every request
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five failures for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "hotelcompliance.lockout.lockout_response"
AXES_VERBOSE = False
# Lockouts key on the real client behind the trusted proxies, as access events and throttles do.
AXES_CLIENT_IP_CALLABLE = "hotelcompliance.client_ip.client_ip"

# Managers, group administrators and inspectors log in with a TOTP code as well (see
# hotelcompliance/two_factor.py); the demo (DEBUG on) relaxes it unless asked.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Hotel Compliance"

# --- Security headers -------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks). Empty:
# the header is never read and the client is the direct peer (see hotelcompliance/client_ip.py).
TRUSTED_PROXIES = env.networks("TRUSTED_PROXIES")
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Files ------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files hold personal data: they live outside any public URL and are served only
# through tenant-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# The installation's report-signing key and certificate (`manage.py create_signing_key`).
REPORT_SIGNING_DIR = env.path("REPORT_SIGNING_DIR", default=VAR_DIR / "signing")
# How long an inspector may download what was produced for a records request.
INSPECTOR_GRANT_DAYS = env.int("INSPECTOR_GRANT_DAYS", default=30, minimum=1)
# An exigent (break-glass) request may cover at most this share of its period's stays.
EXIGENT_SCOPE_MAX_PERCENT = env.int("EXIGENT_SCOPE_MAX_PERCENT", default=20, minimum=1)
# Managers confirm or contest an exigent production within this many hours.
EXIGENT_REVIEW_HOURS = env.int("EXIGENT_REVIEW_HOURS", default=72, minimum=1)
# An employee's personal training link (no password) works this many days after it is issued.
EMPLOYEE_LINK_DAYS = env.int("EMPLOYEE_LINK_DAYS", default=30, minimum=1)
# Who is handed an employee's link text besides the manager's own phone (training/sms.py):
# the console backend logs that a text was prepared (no number, no link); a provider's
# backend would send it. A dotted path to a class with `send(message) -> bool`.
SMS_BACKEND = env.str("SMS_BACKEND", default="training.sms.ConsoleBackend")
# A departed guest stays on the front desk's lists (and in its API list) this many hours.
DESK_RECENT_DEPARTURES_HOURS = env.int("DESK_RECENT_DEPARTURES_HOURS", default=48, minimum=0)
# The desk's in-house list, a page at a time; a desk search is remembered this long.
DESK_PAGE_SIZE = env.int("DESK_PAGE_SIZE", default=50, minimum=1)
DESK_SEARCH_MINUTES = env.int("DESK_SEARCH_MINUTES", default=15, minimum=1)
# The public address printed on reports (and in their QR code) for the verify page.
# How long an ended (expired, revoked) pre-arrival keeps the guest's details before the purge
# empties them; a checked-in one is emptied at once, the register holding them.
PRE_ARRIVAL_RETENTION_DAYS = env.int("PRE_ARRIVAL_RETENTION_DAYS", default=14, minimum=1)
# The one folder under which properties may name a drop folder for their PMS exports
# (guests/drop_folders.py); empty: drop folders are off. A mounted bucket works as a folder.
IMPORT_DROP_ROOT = env.str("IMPORT_DROP_ROOT", default="")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The public verify page and endpoint read at most this much of an upload: above the largest
# report we issue (a 100,000-row register extract), far below what could tie up a worker.
VERIFY_MAX_BYTES = env.int("VERIFY_MAX_BYTES", default=12 * 1024 * 1024, minimum=1024 * 1024)
MEDIA_URL = "/media/"  # no route serves it; files go out through views that check access
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # a request body without files (API: a 413)
# Uploaded images (certificates, poster photos) of more pixels are refused before decoding.
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=40_000_000, minimum=1)

# --- Field encryption -------------------------------------------------------------------------

FIELD_ENCRYPTION_KEYS = env.encryption_keys("FIELD_ENCRYPTION_KEYS", debug=DEBUG)

# --- Email ------------------------------------------------------------------------------------

_email = env.email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hotel Compliance <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work --------------------------------------------------------------------------

# An outbox event published but not processed after this long is presumed lost (the broker
# dropped it) and published again, at most OUTBOX_MAX_DISPATCHES times in all.
OUTBOX_REDISPATCH_SECONDS = env.int("OUTBOX_REDISPATCH_SECONDS", default=120, minimum=1)
OUTBOX_MAX_DISPATCHES = env.int("OUTBOX_MAX_DISPATCHES", default=10, minimum=1)
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = (
    {
        # Longer than the longest task's hard limit, so a running task is never redelivered.
        "visibility_timeout": 600,
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
)
if not REDIS_URL:
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_TIMEOUT = 4
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "UTC"
# Report builds run on their own queue so a long build never delays a quick job.
CELERY_TASK_ROUTES = {"audits.tasks.build_report": {"queue": "reports"}}
CELERY_BEAT_SCHEDULE = {
    "resume-stalled-reports": {
        "task": "audits.tasks.resume_stalled_reports",
        "schedule": 60.0,
    },
    "remind-overdue-exigent-reviews": {
        "task": "audits.tasks.remind_overdue_exigent_reviews",
        "schedule": 900.0,
    },
    "relay-outbox-events": {
        "task": "hotelcompliance.tasks.relay_outbox_events",
        "schedule": 5.0,
    },
    "purge-expired-registrations": {
        "task": "guests.tasks.purge_expired_registrations",
        "schedule": crontab(hour=3, minute=15),
    },
    # Uploaded imports (guests' and staff's personal data) go 24 hours after their upload.
    "purge-stale-registration-imports": {
        "task": "guests.tasks.purge_stale_registration_imports",
        "schedule": 300.0,
    },
    "purge-stale-training-imports": {
        "task": "training.tasks.purge_stale_training_imports",
        "schedule": 300.0,
    },
    # Every property's duties judged for its day: the group dashboard and the charts read them.
    "snapshot-duties": {
        "task": "audits.tasks.snapshot_duties",
        "schedule": crontab(hour=4, minute=30),
    },
    # Pre-arrival links past their departure expire; ended ones lose their personal data
    # PRE_ARRIVAL_RETENTION_DAYS later (guests/pre_arrivals.py).
    "expire-pre-arrivals": {
        "task": "guests.tasks.expire_pre_arrivals",
        "schedule": crontab(minute=25),
    },
    # Each property's drop folder (guests/drop_folders.py): a file is taken once its size held
    # still between two scans.
    "scan-drop-folders": {
        "task": "guests.tasks.scan_drop_folders",
        "schedule": 60.0,
    },
    "send-training-reminders": {
        "task": "training.tasks.send_training_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- API --------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hotelcompliance.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies are bounded in size and nesting depth (hotelcompliance/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "hotelcompliance.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "hotelcompliance.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hotelcompliance.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "hotelcompliance.api.throttling.FailOpenUserRateThrottle",
        "hotelcompliance.api.throttling.FailOpenAnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_USER_RATE", default="1200/minute"),
        "anon": env.str("API_ANON_RATE", default="60/minute"),
        "token": env.str("API_TOKEN_RATE", default="10/minute"),
    },
}
# API tokens (hotelcompliance/api_tokens.py): a person's lasts a working day, an integration's
# a month; both end at once on logout (DELETE auth/token/), revocation or a password change.
API_TOKEN_PERSON_HOURS = env.int("API_TOKEN_PERSON_HOURS", default=12, minimum=1)
API_TOKEN_INTEGRATION_DAYS = env.int("API_TOKEN_INTEGRATION_DAYS", default=30, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": "Hotel Compliance API",
    "DESCRIPTION": "Guest registers, staff training and inspector reports, per property.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"]
    if DEBUG
    else ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's assets are served from our own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AuditReportKindEnum": "audits.reports.models.ReportKind",
        # What the API accepts when asked for a report: the kinds not about one row.
        "AuditReportRequestKindEnum": "audits.reports.models.PERIOD_KIND_CHOICES",
        "ExigentReviewOutcomeEnum": "audits.models.ExigentReview",
        "OutcomeEnum": "audits.models.DecisionOutcome",  # the name it had before
        "ConcernCaseStatusEnum": "guests.models.ConcernStatus",
    },
}

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en"
# Every page, email and PDF shown to people comes in these; the catalogues are the apps'
# `locale/` folders (`make messages` extracts, `hotelcompliance/README.md` says how to translate).
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "hotelcompliance" / "locale"]
# The language switch's choice outlives the session (a shared desk keeps its language).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
if not DEBUG:
    LANGUAGE_COOKIE_SECURE = True
# One date format per locale (hotelcompliance/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["hotelcompliance.formats"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
