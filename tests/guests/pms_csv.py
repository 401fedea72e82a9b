"""PMS export CSVs for the import tests: a header and rows under the API contract's names."""

import csv
import io
import zoneinfo
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

HEADER = (
    "guest_name",
    "room",
    "adults",
    "minors",
    "occupants",
    "arrival",
    "expected_departure",
    "rate",
    "rate_type",
    "amount_charged",
    "payment_method",
    "receipt_number",
    "id_type",
    "id_number",
    "email",
    "external_ref",
    "checked_out_at",
)


def pms_row(prop, n: int, **overrides) -> dict:
    """Row n: a guest who arrived n hours (plus a day) ago and leaves in two days."""
    tz = zoneinfo.ZoneInfo(prop.timezone)
    arrival = timezone.localtime(timezone.now(), tz).replace(microsecond=0) - timedelta(
        days=1, minutes=n
    )
    row = {
        "guest_name": f"Guest {n}",
        "room": str(100 + n % 50),
        "adults": "2",
        "minors": "0",
        "occupants": f"Partner {n}",
        "arrival": arrival.replace(tzinfo=None).isoformat(timespec="minutes"),
        "expected_departure": (arrival.date() + timedelta(days=2)).isoformat(),
        "rate": "129.00",
        "rate_type": "nightly",
        "amount_charged": "258.00",
        "payment_method": "card",
        "receipt_number": f"R-{n:06d}",
        "id_type": "passport",
        "id_number": f"P{n:08d}",
        "external_ref": f"PMS-{n:06d}",
        "checked_out_at": "",
    }
    row.update(overrides)
    return row


def pms_csv(rows: list[dict], header=HEADER, *, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def upload(content: bytes, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")
