"""`GET /healthz`: database and broker state, for load balancers and operators.

`ok` when both answer; `degraded` (still 200) when only the broker is missing, since
check-ins keep working and queued work waits in the outbox; `down` (503) without a database.
Never names hosts, users or secrets.
"""

import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hotelcompliance.outbox import outbox_backlog


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means the database is unusable
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "vendor": connection.vendor, "ms": _ms(started)}


def check_broker() -> dict:
    started = time.monotonic()
    if not settings.REDIS_URL:
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        ok = folder.is_dir() and _writable(folder)
        return {"status": "ok" if ok else "down", "transport": "filesystem", "ms": _ms(started)}
    try:
        import redis

        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception as error:  # connection refused, timeout, auth...
        return {"status": "down", "transport": "redis", "error": type(error).__name__}
    return {"status": "ok", "transport": "redis", "ms": _ms(started)}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = check_database()
    broker = check_broker()
    checks = {"database": database, "broker": broker}
    if database["status"] == "ok":
        checks["outbox"] = outbox_backlog()
    if database["status"] != "ok":
        overall, code = "down", 503
    elif broker["status"] != "ok":
        overall, code = "degraded", 200
    else:
        overall, code = "ok", 200
    return JsonResponse({"status": overall, "checks": checks}, status=code)


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)
