"""One measured job in a fresh interpreter, so its peak RSS is its own.

    python -m tests.bench.child pdf {bare,floor,real} ROWS OUT
    python -m tests.bench.child import {bare,plain,real,profile,reimport} CSV PROPERTY_NAME

Prints one JSON line: seconds, peak RSS (KB, `resource.getrusage`), and what was made.
"""

from __future__ import annotations

import contextlib
import csv
import json
import resource
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

PDF_FIELDS = (
    "number",
    "arrival",
    "expected_departure",
    "room",
    "guest_name",
    "address",
    "id_type",
    "id_number",
    "vehicle_plate",
    "adults",
    "rate",
    "checked_out_at",
)


def peak_rss_kb() -> int:
    """This interpreter's own peak RSS in KB.

    `getrusage(RUSAGE_SELF).ru_maxrss` keeps the parent's peak across fork and exec on Linux
    (the runner is bigger than the job), so the per-process VmHWM is read where it exists.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pdf_rows(count: int) -> Iterator[tuple[str, ...]]:
    """Register rows as the extract's spool gives them: formatted strings, one tuple a row."""
    for n in range(1, count + 1):
        day = 1 + n % 28
        yield (
            str(n),
            f"2026-03-{day:02d} 15:{n % 60:02d}",
            f"2026-03-{min(day + 2, 28):02d}",
            str(100 + n % 200),
            f"Guest Number {n}",
            f"{n} Main Street, Hartford CT 06103",
            "Passport",
            "•••• " + f"{n % 10000:04d}",
            f"CT-{n % 100000:05d}",
            str(1 + n % 3),
            "149.00",
            f"2026-03-{min(day + 2, 28):02d} 11:00",
        )


def pdf_floor(rows, out) -> int:
    """The fastest plain reportlab drawing: one text object per column per page."""
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.pdfgen import canvas

    width, height = landscape(letter)
    margin, leading, size = 36, 9.2, 7.5
    weights = [0.55, 1.25, 0.9, 0.55, 1.6, 2.2, 0.8, 1.1, 0.75, 0.5, 0.6, 1.25]
    usable = width - 2 * margin
    lefts, x = [], margin
    for w in weights:
        lefts.append(x)
        x += usable * w / sum(weights)
    per_page = int((height - 2 * margin - 30) // leading)
    canv = canvas.Canvas(out, pagesize=(width, height), pageCompression=1, invariant=True)
    pages = 0

    def draw(page_rows) -> None:
        nonlocal pages
        for column, left in enumerate(lefts):
            text = canv.beginText(left, height - margin - 30)
            text.setFont("Helvetica", size, leading)
            for row in page_rows:
                text.textLine(row[column])
            canv.drawText(text)
        canv.showPage()
        pages += 1

    page: list = []
    for row in rows:
        page.append(row)
        if len(page) == per_page:
            draw(page)
            page = []
    if page or not pages:
        draw(page)
    canv.save()
    return pages


def pdf_real(rows, out) -> int:
    from audits.reports.frame import ReportIdentity
    from audits.reports.register_extract import COLUMNS, make_header, render_register_extract

    fields = [f for f in PDF_FIELDS if f in COLUMNS]
    if len(fields) != len(PDF_FIELDS):
        missing = sorted(set(PDF_FIELDS) - set(fields))
        raise SystemExit(f"register_extract.COLUMNS lacks {missing}")
    identity = ReportIdentity(
        report_id="bench",
        title="Register extract",
        property_name="Bench Hotel",
        period="2026-03-01 to 2026-03-31",
        verification_code="BENCH-0000",
        verify_url="https://hotel.example/verify/BENCH-0000",
        generated_at="2026-03-31 12:00",
    )
    header = make_header(identity, fields, "Bench scope: all fields, one month", None)
    return render_register_extract(header, rows, out)


def run_pdf(mode: str, count: int, out_path: str) -> dict:
    import django

    django.setup()
    # The same imports on every side, so "bare" is the interpreter the others start from.
    import reportlab.pdfgen.canvas  # noqa: F401

    with contextlib.suppress(ImportError):  # the floor still runs without the renderer
        import audits.reports.register_extract  # noqa: F401

    if mode == "bare":
        return {"rss_kb": peak_rss_kb()}
    began = time.perf_counter()
    with open(out_path, "wb") as out:
        pages = (pdf_floor if mode == "floor" else pdf_real)(pdf_rows(count), out)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "pages": pages, "rows": count, "rss_kb": peak_rss_kb()}


def run_import(mode: str, path: str, prop_name: str) -> dict:
    import django

    django.setup()
    from guests import pms_import
    from tests.bench.fixtures import actor, property_named

    prop = property_named(prop_name)
    manager = actor(f"bench_import_{prop.pk}", prop, role="manager")
    if mode == "bare":
        return {"rss_kb": peak_rss_kb()}
    began = time.perf_counter()
    if mode == "real":
        with open(path, "rb") as file:
            result = pms_import.registrations_import(prop=prop, actor=manager.user, file=file)
        if not result.ok or not result.imported:
            first = [str(e) for e in result.errors[:3]]
            raise SystemExit(f"import refused: {result.error_count} errors, e.g. {first}")
        rows = result.imported
    elif mode == "reimport":
        # The property already holds the stays (a "real" job of the same name): the
        # same file again, 5 % changed; each changed row becomes amendments.
        with open(path, "rb") as file:
            result = pms_import.registrations_import(
                prop=prop, actor=manager.user, file=file, file_name="nightly.csv"
            )
        if not result.ok or not result.outcomes.updated:
            first = [str(e) for e in result.errors[:3]]
            raise SystemExit(f"re-import refused: {result.error_count} errors, e.g. {first}")
        seconds = time.perf_counter() - began
        return {
            "seconds": seconds,
            "rows": result.imported,
            "rss_kb": peak_rss_kb(),
            **{k: v for k, v in result.outcomes.as_dict().items() if k != "updates"},
        }
    elif mode == "profile":
        from guests.import_profiles import profile_from_json
        from tests.bench.bench_import import PROFILE

        with open(path, "rb") as file:
            result = pms_import.registrations_import(
                prop=prop, actor=manager.user, file=file, profile=profile_from_json(PROFILE)
            )
        if not result.ok or not result.imported:
            first = [str(e) for e in result.errors[:3]]
            raise SystemExit(f"import refused: {result.error_count} errors, e.g. {first}")
        rows = result.imported
    else:
        rows = plain_bulk_create(prop, manager.user, path)
    return {"seconds": time.perf_counter() - began, "rows": rows, "rss_kb": peak_rss_kb()}


def plain_bulk_create(prop, user, path: str, batch_size: int = 1000) -> int:
    """The same rows parsed and saved with bare `bulk_create`: no rules, chain or audit."""
    import zoneinfo

    from guests.models import Registration

    tz = zoneinfo.ZoneInfo(prop.timezone)
    done = 0
    batch = []
    with open(path, newline="", encoding="utf-8-sig") as file:
        for n, row in enumerate(csv.DictReader(file), start=1):
            arrival = datetime.fromisoformat(row["arrival"]).replace(tzinfo=tz)
            batch.append(
                Registration(
                    property=prop,
                    number=n,
                    guest_name=row["guest_name"],
                    room=row["room"],
                    adults=int(row["adults"]),
                    minors=int(row["minors"]),
                    arrival=arrival,
                    expected_departure=row["expected_departure"],
                    rate=Decimal(row["rate"]),
                    rate_type=row["rate_type"],
                    amount_charged=Decimal(row["amount_charged"]),
                    payment_method=row["payment_method"],
                    receipt_number=row["receipt_number"],
                    id_type=row["id_type"],
                    id_number=row["id_number"],
                    external_ref=row["external_ref"],
                    registered_by=user,
                    channel="import",
                    entry_hash="0" * 64,
                )
            )
            if len(batch) == batch_size:
                Registration.objects.bulk_create(batch)
                done += len(batch)
                batch = []
    if batch:
        Registration.objects.bulk_create(batch)
        done += len(batch)
    return done


def main(argv: list[str]) -> int:
    kind, mode = argv[0], argv[1]
    if kind == "pdf":
        result = run_pdf(mode, int(argv[2]), argv[3])
    elif kind == "import":
        result = run_import(mode, argv[2], argv[3])
    else:
        raise SystemExit(f"unknown job {kind}")
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
