"""Training certificate: one employee's completion of the built-in course, with their signed
acknowledgment, on the signed and verifiable report frame.

Issued by the product when the employee signs (`training.acknowledgments`); the report's
period is the completion day. Everything printed is read from the completion's rows here,
the signature's PNG bytes included, so drawing needs no database and no file.
"""

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, Paragraph, Spacer

from audits.reports.document import STYLES, table
from audits.reports.frame import PORTRAIT
from audits.reports.kinds.common import ReportContext, local_stamp
from audits.reports.services import ReportDataError
from training.course_content import BUILTIN_COURSE_ID, get_course
from training.models import CourseAcknowledgment

TITLE = "Training certificate"
PAGESIZE = PORTRAIT
LANGUAGE_NAMES = {"en": "English", "es": "Spanish (español)"}


@dataclass(frozen=True)
class Snapshot:
    property_name: str
    jurisdiction: str
    employee_name: str
    employee_number: str
    job_role: str
    course_title: str
    provider: str
    version: str
    language: str
    completed_on: date
    minutes: int | None
    score: int | None
    pass_mark: int
    counts: bool
    counts_reason: str
    statement: str
    typed_name: str
    signed_on: date
    signed_at: str
    signature_png: bytes


def collect(context: ReportContext) -> Snapshot:
    report = context.report
    acknowledgment = (
        CourseAcknowledgment.objects.select_related("attempt__employee", "training_record__course")
        .filter(certificate=report)
        .first()
    )
    if acknowledgment is None:
        raise ReportDataError("This certificate has no completion to certify.")
    employee = acknowledgment.attempt.employee
    record = acknowledgment.training_record
    course = record.course
    content = get_course(BUILTIN_COURSE_ID, acknowledgment.attempt.version)
    pack = report.property.rule_pack()
    counts, reason = pack.course_counts(
        minutes=record.minutes, provider=course.provider, approved_for=course.jurisdictions
    )
    signature = b""
    if acknowledgment.signature:
        with acknowledgment.signature.open("rb") as handle:
            signature = handle.read()
    return Snapshot(
        property_name=report.property.name,
        jurisdiction=pack.name,
        employee_name=employee.name,
        employee_number=employee.employee_number,
        job_role=employee.get_job_role_display(),
        course_title=content.title["en"],
        provider=course.provider,
        version=acknowledgment.attempt.version,
        language=acknowledgment.language,
        completed_on=record.completed_on,
        minutes=record.minutes,
        score=record.score,
        pass_mark=content.pass_mark,
        counts=counts,
        counts_reason=reason,
        statement=acknowledgment.statement,
        typed_name=acknowledgment.typed_name,
        signed_on=acknowledgment.signed_on,
        signed_at=local_stamp(acknowledgment.signed_at, report.property.tz),
        signature_png=signature,
    )


# --- Drawing: from the snapshot alone. --------------------------------------------------------


def story(snapshot: Snapshot) -> list[Flowable]:
    s = snapshot
    facts = [
        ("Employee", f"{s.employee_name} (employee number {s.employee_number})"),
        ("Job role", s.job_role),
        ("Property", s.property_name),
        ("Course", f"{s.course_title}, version {s.version}"),
        ("Provider", s.provider),
        ("Taken in", LANGUAGE_NAMES.get(s.language, s.language)),
        ("Completed on", s.completed_on.isoformat()),
        ("Minutes", str(s.minutes) if s.minutes is not None else "not recorded"),
        ("Score", f"{s.score}% (pass mark {s.pass_mark}%)" if s.score is not None else "—"),
        (f"Counts in {s.jurisdiction}", ("Yes. " if s.counts else "No. ") + s.counts_reason),
    ]
    flow: list[Flowable] = [
        Spacer(1, 0.3 * inch),
        Paragraph(escape(TITLE), STYLES["title"]),
        Paragraph(
            f"This certifies that <b>{escape(s.employee_name)}</b> completed the "
            f"human-trafficking awareness course <b>{escape(s.course_title)}</b> on "
            f"{s.completed_on.isoformat()}.",
            STYLES["subtitle"],
        ),
        table(None, facts, (1.8 * inch, 5.0 * inch)),
        Spacer(1, 14),
        Paragraph("Acknowledgment signed by the employee", STYLES["h2"]),
        Paragraph(escape(s.statement), STYLES["body"]),
        Spacer(1, 8),
        table(
            None,
            [
                ("Typed name", s.typed_name),
                ("Date written", s.signed_on.isoformat()),
                ("Signed at", s.signed_at),
            ],
            (1.8 * inch, 5.0 * inch),
        ),
    ]
    if s.signature_png:
        flow += [Spacer(1, 8), _signature_image(s.signature_png)]
    else:
        flow.append(
            Paragraph("No drawn signature: the typed name is the signature.", STYLES["small"])
        )
    flow += [
        Spacer(1, 14),
        Paragraph(
            "Florida §509.096 asks each trained employee to sign and date an acknowledgment of "
            "the training; it is kept with this record. This document is signed: its "
            "authenticity can be checked at the address and with the verification code printed "
            "at the foot of the page.",
            STYLES["small"],
        ),
    ]
    return flow


def _signature_image(png: bytes) -> Flowable:
    """The drawn signature at most 3 inches wide, its shape kept."""
    image = Image(io.BytesIO(png))
    width, height = image.imageWidth, image.imageHeight
    scale = min(3 * inch / width, 1 * inch / height)
    image.drawWidth, image.drawHeight = width * scale, height * scale
    image.hAlign = "LEFT"
    return image
