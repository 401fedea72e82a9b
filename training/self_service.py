"""Reads behind the employee's own pages: what is due and why, what counts, what they did.

Everything an employee sees through their link is built here from their own rows and the
property's rule pack; the views only render it.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest

from audits.reports.models import AuditReport, ReportStatus
from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.rules import Rule, RulePack
from hotelcompliance.rules.texts import rule_in_plain_words
from training.course_content import BUILTIN_COURSE_ID, get_course
from training.course_coverage import accepted_jurisdictions
from training.models import Course, CourseAttempt, Employee, EmployeeLink, TrainingRecord
from training.status import COMPLIANT, NOT_REQUIRED, StatusResult, employee_status

# The pack's rules that explain the employee's training duty, in reading order.
DUTY_RULES = ("training_scope", "new_hire_deadline", "refresher", "minimum_minutes")


@dataclass(frozen=True)
class Reason:
    """One rule of the pack in plain words (the reader's language), with its citation."""

    text: str
    citation: str
    confidence: str


@dataclass(frozen=True)
class DueItem:
    """Something the employee has to do, by when, and why in the pack's rules."""

    kind: str  # "training" or "awareness"
    due_date: date | None  # none for the awareness note: it is read within its month
    why: tuple[Reason, ...]


def reason(pack: RulePack, name: str) -> Reason:
    """The rule `name` of the pack in plain words (`hotelcompliance.rules.texts`)."""
    rule = pack.rule(name)
    return Reason(rule_in_plain_words(pack.name, rule), rule.citation, rule.confidence)


def _training_why(pack: RulePack, status: StatusResult) -> tuple[Reason, ...]:
    """The rules behind the training item: who and by when for a new hire, how often after."""
    if status.last_completed_on is None:
        return (reason(pack, "training_scope"), reason(pack, "new_hire_deadline"))
    return (reason(pack, "training_scope"), reason(pack, "refresher"))


@dataclass(frozen=True)
class CourseChoice:
    course: Course
    counts: bool
    why: str


@dataclass(frozen=True)
class HistoryRow:
    record: TrainingRecord
    minutes: int | None
    counts: bool
    why: str


@dataclass(frozen=True)
class EmployeeOverview:
    status: StatusResult
    duty: tuple[Rule, ...]
    # The duty in plain words: each rule of DUTY_RULES, the course approval, awareness.
    duty_plain: tuple[Reason, ...]
    due: tuple[DueItem, ...]
    # The pack asks for ongoing awareness (CT, MN): the monthly note is a due item.
    awareness_required: bool
    approval: Rule
    # True where the pack demands an approved course: the built-in one is extra awareness.
    approval_required: bool
    # Whether completing the built-in course counts here, and why (or why not).
    builtin_counts: bool
    builtin_why: str
    builtin_minutes: int
    courses: tuple[CourseChoice, ...]
    history: tuple[HistoryRow, ...]
    open_attempt: CourseAttempt | None
    finished_attempts: tuple[CourseAttempt, ...]
    certificates: tuple[AuditReport, ...]


def _counts(pack: RulePack, course: Course, minutes: int | None) -> tuple[bool, str]:
    return pack.course_counts(
        minutes=minutes, provider=course.provider, approved_for=course.jurisdictions
    )


def employee_overview(employee: Employee) -> EmployeeOverview:
    """The employee's page: status with the pack's reasons, courses that count, history."""
    prop = employee.property
    pack = prop.rule_pack()
    records = list(employee.training_records.select_related("course"))
    status = employee_status(employee, pack=pack, records=records, as_of=prop.today())
    history = []
    for record in records:
        minutes = record.minutes if record.minutes is not None else record.course.minutes
        counts, why = _counts(pack, record.course, minutes)
        history.append(HistoryRow(record, minutes, counts, why))
    courses = []
    for course in Course.objects.available_to(prop).exclude(content_key=BUILTIN_COURSE_ID):
        counts, why = _counts(pack, course, course.minutes)
        if counts:
            courses.append(CourseChoice(course, counts, why))
    attempts = list(
        CourseAttempt.objects.filter(employee=employee, course__content_key=BUILTIN_COURSE_ID)
    )
    approval = pack.rule("course_approval")
    content = get_course(BUILTIN_COURSE_ID)
    builtin_minutes = content.estimated_minutes(employee.job_role, employee.preferred_language)
    builtin_counts, builtin_why = pack.course_counts(
        minutes=builtin_minutes,
        provider=content.provider,
        approved_for=accepted_jurisdictions(content),
    )
    due = []
    if status.status not in (COMPLIANT, NOT_REQUIRED):
        due.append(DueItem("training", status.due_date, _training_why(pack, status)))
    if pack.ongoing_awareness_required:
        due.append(DueItem("awareness", None, (reason(pack, "ongoing_awareness"),)))
    return EmployeeOverview(
        status=status,
        duty=tuple(pack.rule(name) for name in DUTY_RULES),
        duty_plain=tuple(
            reason(pack, name) for name in (*DUTY_RULES, "course_approval", "ongoing_awareness")
        ),
        due=tuple(due),
        awareness_required=bool(pack.ongoing_awareness_required),
        approval=approval,
        approval_required=bool(approval.get("required")),
        builtin_counts=builtin_counts,
        builtin_why=builtin_why,
        builtin_minutes=builtin_minutes,
        courses=tuple(courses),
        history=tuple(history),
        open_attempt=next((a for a in attempts if a.completed_at is None), None),
        finished_attempts=tuple(a for a in attempts if a.completed_at is not None),
        certificates=tuple(employee_certificates(employee)),
    )


def employee_certificates(employee: Employee) -> "QuerySet[AuditReport]":
    """The employee's own issued training certificates, newest first."""
    return AuditReport.objects.filter(
        training_certificate_of__attempt__employee=employee, status=ReportStatus.DONE
    ).order_by("-issued_at")


def employee_certificate_read(
    *, link: EmployeeLink, pk: uuid.UUID, request: HttpRequest
) -> AuditReport | None:
    """One of the employee's own issued certificates, its download logged; None otherwise."""
    report = employee_certificates(link.employee).filter(pk=pk).first()
    if report is None:
        return None
    access_event_record(
        actor=None,
        prop=link.employee.property,
        kind=AccessKind.DOWNLOAD,
        object_type="audit_report",
        object_id=str(report.pk),
        reason=f"employee's own certificate, link {link.pk}",
        request=request,
    )
    return report
