"""Annual-certification PDFs: snapshots collected from the database, then drawn to bytes.

Each PDF has two halves: a function that queries and returns a frozen snapshot of everything
the page shows, and a renderer that takes only that snapshot and returns the PDF's bytes (no
database, no files), so the renderer is easy to test and a snapshot can be drawn anywhere.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hotelcompliance.tenancy import Property
from training.models import AnnualCertification

# The personnel-file page lists at most this many courses (latest first) to stay one page.
MAX_COURSES_ON_PAGE = 12


@dataclass(frozen=True)
class CourseLine:
    title: str
    provider: str
    completed_on: date
    minutes: int | None


@dataclass(frozen=True)
class LawCitation:
    jurisdiction: str
    citation: str
    summary: str
    deadline: date | None


@dataclass(frozen=True)
class EmployeeCertificationSnapshot:
    property_name: str
    property_address: str
    law: LawCitation
    year: int
    employee_name: str
    employee_number: str
    job_role: str
    hire_date: date
    courses: tuple[CourseLine, ...]
    earlier_courses: int
    last_completed_on: date | None
    status_at_signing: str
    signed_by: str
    signed_at: str


@dataclass(frozen=True)
class RosterLine:
    employee_name: str
    employee_number: str
    job_role: str
    last_completed_on: date | None
    signed_by: str
    signed_at: str


@dataclass(frozen=True)
class CertificationRosterSnapshot:
    property_name: str
    law: LawCitation
    year: int
    printed_on: date
    lines: tuple[RosterLine, ...]


def _law(prop: Property, year: int) -> LawCitation:
    pack = prop.rule_pack()
    rule = pack.rule("certification")
    return LawCitation(
        jurisdiction=pack.name,
        citation=rule.citation,
        summary=rule.summary,
        deadline=pack.annual_certification_due(year),
    )


def _local(moment: datetime, prop: Property) -> str:
    return moment.astimezone(prop.tz).strftime("%Y-%m-%d %H:%M %Z")


def employee_certification_snapshot(
    certification: AnnualCertification,
) -> EmployeeCertificationSnapshot:
    """Everything the personnel-file page shows: the courses are those done by the signing."""
    employee = certification.employee
    prop = employee.property
    signed_on = certification.signed_at.astimezone(prop.tz).date()
    records = (
        employee.training_records.filter(completed_on__lte=signed_on)
        .select_related("course")
        .order_by("-completed_on", "-pk")
    )
    courses = [
        CourseLine(
            title=str(r.course.title),
            provider=r.course.provider,
            completed_on=r.completed_on,
            minutes=r.minutes if r.minutes is not None else r.course.minutes,
        )
        for r in records
    ]
    return EmployeeCertificationSnapshot(
        property_name=prop.name,
        property_address=prop.address,
        law=_law(prop, certification.year),
        year=certification.year,
        employee_name=employee.name,
        employee_number=employee.employee_number,
        job_role=employee.get_job_role_display(),
        hire_date=employee.hire_date,
        courses=tuple(courses[:MAX_COURSES_ON_PAGE]),
        earlier_courses=max(0, len(courses) - MAX_COURSES_ON_PAGE),
        last_completed_on=certification.last_completed_on,
        status_at_signing=certification.status_at_signing,
        signed_by=certification.signed_by_name,
        signed_at=_local(certification.signed_at, prop),
    )


def certification_roster_snapshot(
    prop: Property, *, year: int, printed_on: date
) -> CertificationRosterSnapshot:
    """Every certification of the property for the year, by employee name."""
    certifications = (
        AnnualCertification.objects.for_property(prop)
        .filter(year=year)
        .select_related("employee")
        .order_by("employee__name", "pk")
    )
    lines = tuple(
        RosterLine(
            employee_name=c.employee.name,
            employee_number=c.employee.employee_number,
            job_role=c.employee.get_job_role_display(),
            last_completed_on=c.last_completed_on,
            signed_by=c.signed_by_name,
            signed_at=_local(c.signed_at, prop),
        )
        for c in certifications
    )
    return CertificationRosterSnapshot(
        property_name=prop.name, law=_law(prop, year), year=year, printed_on=printed_on, lines=lines
    )


# --- Rendering: snapshots in, bytes out; nothing below touches the database. ---------------


class NumberedCanvas(canvas.Canvas):
    """Writes "Page X of Y" on every page, once the number of pages is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            self.drawRightString(LETTER[0] - 0.75 * inch, 0.5 * inch, f"Page {number} of {total}")
            super().showPage()
        super().save()


def _styles() -> dict[str, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    return {
        "title": sheet["Title"],
        "heading": sheet["Heading2"],
        "body": sheet["BodyText"],
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=8, leading=10),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _build(story: list, *, title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=title,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.75 * inch,
        bottomMargin=0.85 * inch,
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


_TABLE_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _law_paragraph(law: LawCitation, year: int, style: ParagraphStyle) -> Paragraph:
    deadline = f" The {year} deadline is {law.deadline.isoformat()}." if law.deadline else ""
    return _p(f"{law.jurisdiction}, {law.citation}: {law.summary}{deadline}", style)


def render_employee_certification(snapshot: EmployeeCertificationSnapshot) -> bytes:
    """One page for the employee's personnel file."""
    s = _styles()
    facts = [
        ("Property", f"{snapshot.property_name}, {snapshot.property_address}"),
        ("Employee", f"{snapshot.employee_name} ({snapshot.employee_number})"),
        ("Job role", snapshot.job_role),
        ("Hired", _date(snapshot.hire_date)),
        ("Certification year", str(snapshot.year)),
        ("Last training that counts", _date(snapshot.last_completed_on)),
    ]
    courses = [["Course", "Provider", "Completed", "Minutes"]] + [
        [
            _p(c.title, s["small"]),
            _p(c.provider, s["small"]),
            _date(c.completed_on),
            c.minutes or "—",
        ]
        for c in snapshot.courses
    ]
    story = [
        _p("Personnel file certification", s["title"]),
        _p(f"Human-trafficking awareness training, {snapshot.year}", s["heading"]),
        Table([[k, _p(v, s["body"])] for k, v in facts], colWidths=[1.9 * inch, 5 * inch]),
        Spacer(1, 10),
        _p("Training completed", s["heading"]),
        Table(
            courses, colWidths=[2.9 * inch, 2.0 * inch, 1.0 * inch, 0.8 * inch], style=_TABLE_STYLE
        ),
    ]
    if snapshot.earlier_courses:
        story.append(_p(f"and {snapshot.earlier_courses} earlier completions", s["small"]))
    story += [
        Spacer(1, 10),
        _p("The law", s["heading"]),
        _law_paragraph(snapshot.law, snapshot.year, s["body"]),
        Spacer(1, 10),
        _p(
            f"I certify that {snapshot.employee_name} received the training required by "
            f"{snapshot.law.citation} for {snapshot.year}.",
            s["body"],
        ),
        _p(f"Signed by {snapshot.signed_by} on {snapshot.signed_at}", s["heading"]),
    ]
    return _build(story, title=f"Personnel file certification {snapshot.year}")


def render_certification_roster(snapshot: CertificationRosterSnapshot) -> bytes:
    """The year's certifications as a table, its header repeated on every page."""
    s = _styles()
    header = ["Employee", "Number", "Job role", "Last training", "Signed by", "Signed at"]
    rows = [
        [
            _p(line.employee_name, s["small"]),
            _p(line.employee_number, s["small"]),
            line.job_role,
            _date(line.last_completed_on),
            _p(line.signed_by, s["small"]),
            line.signed_at,
        ]
        for line in snapshot.lines
    ]
    widths = [1.8 * inch, 0.9 * inch, 1.0 * inch, 0.9 * inch, 1.2 * inch, 1.2 * inch]
    count = len(snapshot.lines)
    story = [
        _p(f"Annual training certifications {snapshot.year}", s["title"]),
        _p(f"{snapshot.property_name}; printed {snapshot.printed_on.isoformat()}", s["body"]),
        _law_paragraph(snapshot.law, snapshot.year, s["small"]),
        _p(f"{count} employee{'s' if count != 1 else ''} certified.", s["body"]),
        Spacer(1, 6),
        Table([header, *rows], colWidths=widths, repeatRows=1, style=_TABLE_STYLE),
    ]
    return _build(story, title=f"Annual training certifications {snapshot.year}")
