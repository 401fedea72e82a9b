"""Personnel-file certification: one employee's annual certification, one page for their file.

The report is about one `AnnualCertification` (`AuditReport.annual_certification`), issued
from the training certifications page; its period is the certification's calendar year. What
it prints was copied onto the certification when it was signed (signer, time, last training),
and the courses listed are those completed by the signing day, so a copy issued next year
says what was certified then.
"""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from audits.reports.document import STYLES, day_text, para, table
from audits.reports.frame import PORTRAIT, content_box
from audits.reports.kinds.annual_certification import LawCitation, law_citation
from audits.reports.kinds.common import ReportContext, local_stamp
from training.models import AnnualCertification

TITLE = "Personnel file certification"
PAGESIZE = PORTRAIT
# The page lists at most this many courses (latest first) so that it stays one page.
MAX_COURSES_ON_PAGE = 12
# Tables as wide as the text: the frame's width less the platypus frame's padding (6 pt a side).
_WIDTH = content_box(PAGESIZE)[2] - 12


@dataclass(frozen=True)
class CourseLine:
    title: str
    provider: str
    completed_on: date
    minutes: int | None


@dataclass(frozen=True)
class Snapshot:
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
    # The words the signer confirmed (empty for certifications signed before attestations).
    attestation: str = ""
    signed_late: bool = False


def collect(context: ReportContext) -> Snapshot:
    """Everything the page shows; the courses are those completed by the signing day."""
    report = context.report
    prop = report.property
    certification = (
        AnnualCertification.objects.for_property(prop)
        .select_related("employee")
        .get(pk=report.annual_certification_id)
    )
    employee = certification.employee
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
    return Snapshot(
        property_name=prop.name,
        property_address=prop.address,
        law=law_citation(prop, certification.year),
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
        signed_at=local_stamp(certification.signed_at, prop.tz),
        attestation=certification.attestation,
        signed_late=certification.signed_late,
    )


# --- Drawing: from the snapshot alone. --------------------------------------------------------


def _facts(snapshot: Snapshot) -> Flowable:
    rows = [
        ("Property", f"{snapshot.property_name}, {snapshot.property_address}"),
        ("Employee", f"{snapshot.employee_name} ({snapshot.employee_number})"),
        ("Job role", snapshot.job_role),
        ("Hired", day_text(snapshot.hire_date)),
        ("Certification year", str(snapshot.year)),
        ("Last training that counts", day_text(snapshot.last_completed_on)),
        ("Training status when signed", snapshot.status_at_signing.replace("_", " ")),
    ]
    return table(None, rows, [w * _WIDTH for w in (0.28, 0.72)])


def _courses(snapshot: Snapshot) -> list[Flowable]:
    if not snapshot.courses:
        return [para("No training was recorded by the day of signing.")]
    header = ["Course", "Provider", "Completed", "Minutes"]
    rows = [
        [c.title, c.provider, day_text(c.completed_on), str(c.minutes or "—")]
        for c in snapshot.courses
    ]
    flow: list[Flowable] = [table(header, rows, [w * _WIDTH for w in (0.45, 0.31, 0.13, 0.11)])]
    if snapshot.earlier_courses:
        flow.append(para(f"and {snapshot.earlier_courses} earlier completions", "small"))
    return flow


def _law(law: LawCitation, year: int) -> Flowable:
    deadline = f" The {year} deadline is {law.deadline.isoformat()}." if law.deadline else ""
    return Paragraph(
        f"<b>{escape(law.jurisdiction)}, {escape(law.citation)}:</b> "
        f"{escape(law.summary)}{escape(deadline)}",
        STYLES["body"],
    )


def _attestation(snapshot: Snapshot) -> list[Flowable]:
    if not snapshot.attestation:
        return [
            para(
                f"I certify that {snapshot.employee_name} received the training required by "
                f"{snapshot.law.citation} for {snapshot.year}."
            )
        ]
    # The signer's own words, as confirmed; this page certifies the employee named above.
    return [para(snapshot.attestation, "small")]


def _late(snapshot: Snapshot) -> list[Flowable]:
    if not (snapshot.signed_late and snapshot.law.deadline):
        return []
    return [para(f"Signed after the deadline of {day_text(snapshot.law.deadline)}.", "small")]


def story(snapshot: Snapshot) -> list[Flowable]:
    return [
        para(TITLE, "title"),
        para(f"Human-trafficking awareness training, {snapshot.year}", "subtitle"),
        _facts(snapshot),
        para("Training completed", "h2"),
        *_courses(snapshot),
        para("The law", "h2"),
        _law(snapshot.law, snapshot.year),
        Spacer(1, 10),
        *_attestation(snapshot),
        para(f"Signed by {snapshot.signed_by} on {snapshot.signed_at}", "h2"),
        *_late(snapshot),
        Spacer(1, 8),
        para(
            "This page is signed. Its authenticity can be checked at the address and with the "
            "verification code printed at its foot.",
            "small",
        ),
    ]
