"""Training certificate: one employee's completion of the built-in course, with their signed
acknowledgment, on the signed and verifiable report frame.

Issued by the product when the employee signs (`training.acknowledgments`); the report's
period is the completion day. Everything printed is read from the completion's rows here,
the signature's PNG bytes included, so drawing needs no database and no file.

Drawn in the language the employee completed the course in (`language`): the build runs the
story and the shared frame under `translation.override` of it. The rule pack's reason stays
the pack's own (English) words.
"""

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, Paragraph, Spacer

from audits.reports.document import STYLES, table
from audits.reports.frame import PORTRAIT
from audits.reports.kinds.common import ReportContext, local_stamp
from audits.reports.services import ReportDataError
from training.course_content import BUILTIN_COURSE_ID, get_course
from training.models import JOB_ROLE_CHOICES, CourseAcknowledgment

TITLE = gettext_lazy("Training certificate")
PAGESIZE = PORTRAIT
LANGUAGE_NAMES = {"en": gettext_lazy("English"), "es": gettext_lazy("Spanish (español)")}
_ROLE_NAMES = dict(JOB_ROLE_CHOICES)


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
        job_role=employee.job_role,
        course_title=content.title.texts.get(acknowledgment.language) or content.title["en"],
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


def language(snapshot: Snapshot) -> str:
    """The certificate is drawn in the language the employee took the course in."""
    return snapshot.language if snapshot.language in LANGUAGE_NAMES else "en"


def story(snapshot: Snapshot) -> list[Flowable]:
    s = snapshot
    minutes = str(s.minutes) if s.minutes is not None else _("not recorded")
    score = (
        _("%(score)s%% (pass mark %(pass_mark)s%%)") % {"score": s.score, "pass_mark": s.pass_mark}
        if s.score is not None
        else "—"
    )
    facts = [
        (
            _("Employee"),
            _("%(name)s (employee number %(number)s)")
            % {"name": s.employee_name, "number": s.employee_number},
        ),
        (_("Job role"), str(_ROLE_NAMES.get(s.job_role, s.job_role))),
        (_("Property"), s.property_name),
        (
            _("Course"),
            _("%(title)s, version %(version)s") % {"title": s.course_title, "version": s.version},
        ),
        (_("Provider"), s.provider),
        (_("Taken in"), str(LANGUAGE_NAMES.get(s.language, s.language))),
        (_("Completed on"), s.completed_on.isoformat()),
        (_("Minutes"), minutes),
        (_("Score"), score),
        (
            _("Counts in %(jurisdiction)s") % {"jurisdiction": s.jurisdiction},
            (_("Yes.") if s.counts else _("No.")) + " " + s.counts_reason,
        ),
    ]
    flow: list[Flowable] = [
        Spacer(1, 0.3 * inch),
        Paragraph(escape(str(TITLE)), STYLES["title"]),
        Paragraph(
            _(
                "This certifies that %(name)s completed the human-trafficking awareness course "
                "%(course)s on %(date)s."
            )
            % {
                "name": f"<b>{escape(s.employee_name)}</b>",
                "course": f"<b>{escape(s.course_title)}</b>",
                "date": s.completed_on.isoformat(),
            },
            STYLES["subtitle"],
        ),
        table(None, facts, (1.8 * inch, 5.0 * inch)),
        Spacer(1, 14),
        Paragraph(escape(_("Acknowledgment signed by the employee")), STYLES["h2"]),
        Paragraph(escape(s.statement), STYLES["body"]),
        Spacer(1, 8),
        table(
            None,
            [
                (_("Typed name"), s.typed_name),
                (_("Date written"), s.signed_on.isoformat()),
                (_("Signed at"), s.signed_at),
            ],
            (1.8 * inch, 5.0 * inch),
        ),
    ]
    if s.signature_png:
        flow += [Spacer(1, 8), _signature_image(s.signature_png)]
    else:
        flow.append(
            Paragraph(
                escape(_("No drawn signature: the typed name is the signature.")), STYLES["small"]
            )
        )
    flow += [
        Spacer(1, 14),
        Paragraph(
            escape(
                _(
                    "Florida §509.096 asks each trained employee to sign and date an "
                    "acknowledgment of the training; it is kept with this record. This document "
                    "is signed: its authenticity can be checked at the address and with the "
                    "verification code printed at the foot of the page."
                )
            ),
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
