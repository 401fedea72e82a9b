"""What one public verify request costs the web worker: `python -m tests.bench.verify_request N`.

Posts an unknown 5 MB PDF (a real PDF, never issued here) to `/api/v1/verify/` N times
through Django's WSGI handler, on a throwaway SQLite database, and prints the time of each
request and its peak Python memory (tracemalloc; the request body is built before the peak is
reset, so only what the request itself allocates counts), after one uncounted warm-up
request. Not part of `make bench`.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TARGET_BYTES = 5 * 1024 * 1024


def _pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, pageCompression=0)
    for page in range(pages):
        for row in range(60):
            pdf.drawString(40, 740 - row * 12, f"Line {page:04d}.{row:02d} nobody issued " * 3)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def unknown_pdf(target: int = TARGET_BYTES) -> bytes:
    """A real, never-issued PDF of at least `target` bytes (uncompressed text pages)."""
    sample = 20
    per_page = len(_pdf(sample)) / sample
    return _pdf(int(target / per_page) + 1)


def main(runs: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="verify-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hotelcompliance.settings",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        REDIS_URL="",
        MEDIA_ROOT=str(work / "media"),
        REPORT_SIGNING_DIR=str(work / "signing"),
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test.client import RequestFactory

    from audits.reports.api import VerifyThrottle

    call_command("migrate", verbosity=0)
    call_command("create_signing_key", "--if-missing", verbosity=0)
    VerifyThrottle.rate = "1000000/minute"  # the bench measures the work, not the throttle
    data = unknown_pdf()
    handler = WSGIHandler()
    factory = RequestFactory()
    times, peaks, statuses = [], [], []
    for run in range(runs + 1):  # the first one warms up (imports, templates): not counted
        upload = io.BytesIO(data)
        upload.name = "unknown.pdf"
        environ = factory.post("/api/v1/verify/", {"file": upload}).environ
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        answer: list[str] = []
        body = handler(environ, lambda status, headers, *_, seen=answer: seen.append(status))
        b"".join(body)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        if run == 0:
            continue
        times.append(elapsed * 1000)
        peaks.append(peak / 1e6)
        statuses.append(answer[0].split()[0])
    return {
        "pdf_bytes": len(data),
        "runs": runs,
        "statuses": sorted(set(statuses)),
        "ms": {
            "min": round(min(times), 1),
            "median": round(statistics.median(times), 1),
            "max": round(max(times), 1),
        },
        "peak_mb": {"min": round(min(peaks), 2), "max": round(max(peaks), 2)},
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)))
