"""The printable registration card of one stay: a one-page PDF the guest reads and signs.

Many ordinances ask for the guest's signature on the register: the desk prints this card,
the guest checks the details, signs, and reads the privacy notice (`guests.privacy_notice`).
Drawn on demand with reportlab on the reports' shared frame (`audits.reports.frame`) and never
stored; it carries no verification code (it is not an issued report), so its footer has none.
The ID number is printed masked. Reading it is logged by `selectors.registration_card_read`.
"""

import io
from datetime import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from audits.reports.document import STYLES, build_document, para
from audits.reports.frame import ACCENT, INK, MUTED, PORTRAIT, RULE, ReportIdentity, content_box
from guests.models import Registration
from guests.occupants import normalise
from guests.privacy_notice import privacy_notice, privacy_notice_title
from hotelcompliance.tenancy import Property

# The frame's content box less the 6 pt padding platypus keeps on each side.
CONTENT_WIDTH = content_box(PORTRAIT)[2] - 12
LABEL_WIDTH = 1.9 * inch
# Larger than a report's 8 pt cells: the guest reads the card at the counter before signing.
LABEL = ParagraphStyle("card-label", parent=STYLES["body"], fontSize=9, leading=12, textColor=MUTED)
VALUE = ParagraphStyle("card-value", parent=STYLES["body"], fontSize=10.5, leading=13.5)


def registration_card_pdf(registration: Registration, *, now: datetime | None = None) -> bytes:
    """The card's PDF bytes, in the active language and the property's time zone."""
    prop = registration.property
    tz = prop.tz
    moment = now or timezone.now()
    identity = ReportIdentity(
        report_id="",
        title=gettext("Registration card"),
        property_name=prop.name,
        period=gettext("Stay #%(number)s") % {"number": registration.number},
        verification_code="",
        verify_url="",
        generated_at=timezone.localtime(moment, tz).strftime("%Y-%m-%d %H:%M %Z"),
    )
    out = io.BytesIO()
    with timezone.override(tz):
        build_document(out, identity=identity, story=_story(registration))
    return out.getvalue()


def _story(registration: Registration) -> list[Flowable]:
    prop = registration.property
    title = gettext("Registration card · stay #%(number)s") % {"number": registration.number}
    story: list[Flowable] = [
        para(title, "title"),
        para(prop.name + _address_of(prop), "subtitle"),
        _facts(_rows(registration)),
        Spacer(1, 0.3 * inch),
        KeepTogether(_signature_block()),
        Spacer(1, 0.25 * inch),
        para(privacy_notice_title(), "h2"),
    ]
    story += [para(text, "small") for text in privacy_notice(prop)]
    return story


def _address_of(prop: Property) -> str:
    parts = [prop.street, prop.city, " ".join(p for p in (prop.region, prop.postal_code) if p)]
    shown = ", ".join(p for p in parts if p)
    return f" · {shown}" if shown else ""


def _rows(r: Registration) -> list[list[str]]:
    dash = "—"
    rate = _money(r.rate)
    if rate and r.rate_type:
        rate = f"{rate} ({r.get_rate_type_display().lower()})"
    identity = " · ".join(
        part for part in (r.get_id_type_display(), r.id_number_masked(), r.id_issuer) if part
    )
    vehicle = " · ".join(part for part in (r.vehicle_plate, r.vehicle_state) if part)
    rows: list[list[str]] = [
        [gettext("Stay number"), f"#{r.number}"],
        [gettext("Room"), r.room or dash],
        [gettext("Arrival"), date_format(timezone.localtime(r.arrival), "DATETIME_FORMAT")],
        [gettext("Expected departure"), date_format(r.expected_departure, "DATE_FORMAT")],
    ]
    if r.checked_out_at:
        checked_out = date_format(timezone.localtime(r.checked_out_at), "DATETIME_FORMAT")
        rows.append([gettext("Checked out"), checked_out])
    rows += [
        [gettext("Guest"), r.guest_name or dash],
        [gettext("Address"), r.address or dash],
        [gettext("Adults / minors"), f"{r.adults} / {r.minors}"],
        [gettext("Other occupants"), _occupants_text(r.occupants) or dash],
        [gettext("ID (masked)"), identity or dash],
        [gettext("Vehicle"), vehicle or dash],
        [gettext("Rate"), rate or dash],
        [gettext("Amount charged"), _money(r.amount_charged) or dash],
    ]
    return rows


def _facts(rows: list[list[str]]) -> Table:
    data = [
        [Paragraph(escape(label), LABEL), Paragraph(escape(value), VALUE)] for label, value in rows
    ]
    facts = Table(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])
    facts.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f6f9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return facts


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _signature_block() -> list[Flowable]:
    """A line to sign and a line for the date, under a sentence saying what is signed."""
    confirm = gettext("I confirm that the details above are correct.")
    lines = Table(
        [["", "", ""], [gettext("Guest's signature"), "", gettext("Date")]],
        colWidths=[CONTENT_WIDTH * 0.62, CONTENT_WIDTH * 0.06, CONTENT_WIDTH * 0.32],
        rowHeights=[0.55 * inch, None],
    )
    lines.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (0, 0), 0.9, INK),
                ("LINEBELOW", (2, 0), (2, 0), 0.9, INK),
                ("FONT", (0, 1), (-1, 1), "Helvetica", 9),
                ("TEXTCOLOR", (0, 1), (-1, 1), INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [para(confirm), Spacer(1, 0.05 * inch), lines]


def _occupants_text(occupants: object) -> str:
    """The other occupants on one line, minors marked (names, or `{name, minor}` objects)."""
    return "; ".join(
        gettext("%(name)s (minor)") % {"name": o["name"]} if o["minor"] else o["name"]
        for o in normalise(occupants)
    )
