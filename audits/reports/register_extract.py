"""The register extract: exactly the rows and fields a produced records request covers.

Built for size (a request can cover 100,000 registrations, about 2,300 pages):

1. `collect_register_extract` streams the rows in scope from the database in chunks and writes
   them, formatted, to a spool file (one JSON list per line). The data is then frozen: drawing
   reads the spool, never the database.
2. `render_register_extract` draws the rows with the plainest fast reportlab technique, one
   text object per column per page, and puts the furniture that repeats (footer, QR code,
   watermark) on each page by reference. Memory grows only by each page's small content stream.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

from django.utils import timezone
from reportlab.lib import colors

from audits.reports.frame import (
    ACCENT,
    INK,
    LANDSCAPE,
    MUTED,
    RULE,
    FramedCanvas,
    ReportIdentity,
    content_box,
)
from guests.occupants import normalise as occupant_list

FONT = "Helvetica"
FONT_SIZE = 7.5
LEADING = 9.2
CHUNK_ROWS = 2000
PROGRESS_EVERY_PAGES = 20
NOTICE_SPACE = 11

# field → (column label, relative width)
COLUMNS: dict[str, tuple[str, float]] = {
    "number": ("No.", 0.55),
    "arrival": ("Arrival", 1.25),
    "expected_departure": ("Departure", 0.9),
    "room": ("Room", 0.55),
    "guest_name": ("Guest", 1.6),
    "address": ("Address", 2.2),
    "phone": ("Phone", 1.05),
    "email": ("Email", 1.7),
    "id_type": ("ID type", 0.8),
    "id_number": ("ID number", 1.1),
    "id_issuer": ("ID issuer", 0.9),
    "vehicle_plate": ("Plate", 0.75),
    "vehicle_state": ("Plate state", 0.7),
    "adults": ("Adults", 0.5),
    "minors": ("Minors", 0.5),
    "occupants": ("Other occupants", 1.8),
    "rate": ("Rate", 0.6),
    "rate_type": ("Rate type", 0.7),
    "amount_charged": ("Charged", 0.7),
    "payment_method": ("Payment", 0.7),
    "receipt_number": ("Receipt", 0.9),
    "checked_out_at": ("Checked out", 1.25),
}
# Always printed, whatever the scope: they identify a row without personal data.
ALWAYS = ("number", "arrival", "room")


@dataclass(frozen=True)
class ExtractHeader:
    """Everything the extract prints besides the rows."""

    identity: ReportIdentity
    columns: tuple[str, ...]  # labels, in order
    weights: tuple[float, ...]  # relative widths
    scope: str  # one line: basis, period, rooms, names count, fields
    total_rows: int | None = None
    # An exigent production says so on its cover (and every page): how, and whether reviewed.
    notice: str = ""


def extract_columns(fields: Iterable[str]) -> list[str]:
    """The fields printed for a request's scope: the identifying ones, then those asked for."""
    wanted = [f for f in ALWAYS]
    wanted += [f for f in COLUMNS if f in set(fields) and f not in wanted]
    return wanted


def make_header(
    identity: ReportIdentity,
    fields: list[str],
    scope: str,
    total_rows: int | None,
    notice: str = "",
) -> ExtractHeader:
    return ExtractHeader(
        identity=identity,
        columns=tuple(COLUMNS[f][0] for f in fields),
        weights=tuple(COLUMNS[f][1] for f in fields),
        scope=scope,
        total_rows=total_rows,
        notice=notice,
    )


# Collection ----------------------------------------------------------------------------------


def registrations_in_scope(records_request):
    """The request's property's registrations that its scope covers (`audits.scope`)."""
    from audits.scope import request_registrations

    return request_registrations(records_request)


def collect_register_extract(records_request, spool: IO[str], *, fields: list[str]) -> int:
    """Write the rows in scope, formatted as printed, to `spool`; return how many."""
    tz = records_request.property.tz
    count = 0
    queryset = registrations_in_scope(records_request).only(*fields, "property_id")
    for registration in queryset.iterator(chunk_size=CHUNK_ROWS):
        spool.write(json.dumps([_shown(registration, f, tz) for f in fields]))
        spool.write("\n")
        count += 1
    return count


def spooled_rows(spool: IO[str]) -> Iterator[list[str]]:
    spool.seek(0)
    for line in spool:
        yield json.loads(line)


def _shown(registration, field: str, tz) -> str:
    value = getattr(registration, field)
    if value is None or value == "":
        return ""
    if field in ("arrival", "checked_out_at"):
        return timezone.localtime(value, tz).strftime("%Y-%m-%d %H:%M")
    if field == "occupants":
        return "; ".join(
            f"{item['name']} (minor)" if item["minor"] else item["name"]
            for item in occupant_list(value)
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# Drawing -------------------------------------------------------------------------------------


def render_register_extract(
    header: ExtractHeader,
    rows: Iterable[Iterable[str]],
    out: BinaryIO,
    *,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Draw the extract to `out` and return its page count (no database access)."""
    canv = FramedCanvas(out, identity=header.identity, pagesize=LANDSCAPE, pageCompression=1)
    x0, bottom, width, height = content_box(LANDSCAPE)
    total_weight = sum(header.weights)
    widths = [width * w / total_weight for w in header.weights]
    lefts = [x0 + sum(widths[:i]) for i in range(len(widths))]
    limits = [max(3, int((w - 4) / (FONT_SIZE * 0.5))) for w in widths]
    top = bottom + height
    scope_y = top - 8
    header_y = top - 26 - (NOTICE_SPACE if header.notice else 0)
    first_row_y = header_y - LEADING - 3
    per_page = int((first_row_y - bottom) // LEADING) + 1
    n_columns = len(widths)

    done = 0
    page_rows: list[list[str]] = []
    pages_since_progress = 0
    for row in rows:
        page_rows.append(_fitted(row, limits))
        if len(page_rows) == per_page:
            _draw_page(
                canv, header, page_rows, lefts, widths, n_columns, scope_y, header_y, first_row_y
            )
            done += len(page_rows)
            page_rows = []
            pages_since_progress += 1
            if on_progress is not None and pages_since_progress >= PROGRESS_EVERY_PAGES:
                on_progress(done)
                pages_since_progress = 0
    if page_rows or done == 0:
        _draw_page(
            canv, header, page_rows, lefts, widths, n_columns, scope_y, header_y, first_row_y
        )
        done += len(page_rows)
    canv.save()
    if on_progress is not None:
        on_progress(done)
    return canv.page_count


def _fitted(row: Iterable[str], limits: list[int]) -> list[str]:
    cells = []
    for value, limit in zip(row, limits, strict=False):
        cells.append(value if len(value) <= limit else value[: limit - 1] + "\u2026")
    return cells


def _draw_page(canv, header, page_rows, lefts, widths, n_columns, scope_y, header_y, first_row_y):
    canv.draw_furniture()
    right = lefts[-1] + widths[-1]
    # Scope line and the column header, repeated on every page.
    canv.setFillColor(MUTED)
    canv.setFont(FONT, 7.5)
    canv.drawString(lefts[0], scope_y, header.scope)
    if header.notice:
        canv.setFillColor(_NOTICE)
        canv.setFont("Helvetica-Bold", 7.5)
        canv.drawString(lefts[0], scope_y - NOTICE_SPACE, header.notice)
    canv.setFillColor(_HEADER_FILL)
    canv.rect(lefts[0], header_y - 3, right - lefts[0], LEADING + 3, stroke=0, fill=1)
    canv.setFillColor(ACCENT)
    canv.setFont("Helvetica-Bold", FONT_SIZE)
    for left, label in zip(lefts, header.columns, strict=True):
        canv.drawString(left + 2, header_y, label)
    # Zebra stripes, then one text object per column.
    canv.setFillColor(_STRIPE)
    for index in range(1, len(page_rows), 2):
        canv.rect(
            lefts[0],
            first_row_y - index * LEADING - 2.4,
            right - lefts[0],
            LEADING,
            stroke=0,
            fill=1,
        )
    canv.setFillColor(INK)
    for column in range(n_columns):
        text = canv.beginText(lefts[column] + 2, first_row_y)
        text.setFont(FONT, FONT_SIZE, LEADING)
        for cells in page_rows:
            text.textLine(cells[column] if column < len(cells) else "")
        canv.drawText(text)
    if not page_rows:
        canv.setFont("Helvetica-Oblique", 9)
        canv.drawString(
            lefts[0] + 2, first_row_y, "No registration falls within this request's scope."
        )
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    last_y = first_row_y - max(len(page_rows) - 1, 0) * LEADING - 3
    canv.line(lefts[0], last_y, right, last_y)
    canv.showPage()


_HEADER_FILL = colors.HexColor("#e7eef5")
_NOTICE = colors.HexColor("#9b1c1c")
_STRIPE = colors.HexColor("#f3f6f9")
