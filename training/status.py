"""Each employee's training status, derived from their records and the property's rule pack.

Nothing here is stored: a roster is computed on demand, with the same number of queries for
5 employees or 5,000.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property
from training.models import Course, Employee, TrainingRecord

COMPLIANT = "compliant"
DUE = "due"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
NOT_REQUIRED = "not_required"
STATUSES = (COMPLIANT, DUE, DUE_SOON, OVERDUE, NOT_REQUIRED)

# A refresher falling due within this many days shows as `due_soon`.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class StatusResult:
    status: str
    due_date: date | None
    last_completed_on: date | None
    reason: str


@dataclass(frozen=True)
class CourseFacts:
    title: str
    provider: str
    minutes: int
    jurisdictions: tuple[str, ...]


@dataclass(frozen=True)
class RecordFacts:
    """What the status engine reads of a training record (rosters load only this)."""

    completed_on: date
    minutes: int | None
    course: CourseFacts


@dataclass(frozen=True)
class RosterRow:
    employee: Employee
    status: StatusResult
    records: tuple[RecordFacts, ...] = ()


def employee_status(
    employee: Employee,
    *,
    pack: RulePack,
    records: Iterable[TrainingRecord | RecordFacts],
    as_of: date,
    exemptions: dict[tuple[str, bool], str] | None = None,
) -> StatusResult:
    """The employee's status on `as_of` under `pack`, with a plain sentence saying why.

    Only completions on or before `as_of` whose course counts in the jurisdiction (long
    enough, approved where approval is required) are taken into account. `exemptions`
    memoises the exemption check by (job role, customer-facing) across a roster.
    """
    if employee.end_date is not None and employee.end_date < as_of:
        return StatusResult(
            NOT_REQUIRED,
            None,
            None,
            _("employment ended %(day)s; no training required") % {"day": employee.end_date},
        )
    if exemptions is None:
        exemption = _exemption(employee, pack)
    else:
        key = (employee.job_role, employee.customer_facing)
        if key not in exemptions:
            exemptions[key] = _exemption(employee, pack)
        exemption = exemptions[key]
    if exemption:
        return StatusResult(NOT_REQUIRED, None, None, exemption)

    last_completed_on, refused = _last_counting_completion(records, pack=pack, as_of=as_of)
    due_date = pack.training_due_date(
        hire_date=employee.hire_date, last_completed_on=last_completed_on, as_of=as_of
    )
    if last_completed_on is None:
        return _untrained(employee, pack, due_date=due_date, as_of=as_of, refused=refused)
    return _trained(pack, last_completed_on=last_completed_on, due_date=due_date, as_of=as_of)


def roster_status(prop: Property, *, as_of: date) -> list[RosterRow]:
    """Every employee of the property with their status, in three queries whatever the size.

    Records are read as plain tuples and courses once each: building a model instance per
    record (a prefetch) costs more than the whole status computation at 5,000 employees.
    """
    pack = prop.rule_pack()
    employees = list(Employee.objects.for_property(prop).order_by("name", "pk"))
    records = TrainingRecord.objects.filter(employee__property=prop)
    by_employee: dict[int, list[tuple]] = {}
    for employee_id, course_id, completed_on, minutes in records.values_list(
        "employee_id", "course_id", "completed_on", "minutes"
    ):
        by_employee.setdefault(employee_id, []).append((course_id, completed_on, minutes))
    courses = {
        pk: CourseFacts(title, provider, course_minutes, tuple(jurisdictions or ()))
        for pk, title, provider, course_minutes, jurisdictions in Course.objects.filter(
            pk__in=records.values("course_id")
        ).values_list("pk", "title", "provider", "minutes", "jurisdictions")
    }
    rows = []
    exemptions: dict[tuple[str, bool], str] = {}
    for employee in employees:
        employee.property = prop  # already in hand; spares a query per employee
        facts = tuple(
            RecordFacts(completed_on, minutes, courses[course_id])
            for course_id, completed_on, minutes in by_employee.get(employee.pk, ())
        )
        status = employee_status(
            employee, pack=pack, records=facts, as_of=as_of, exemptions=exemptions
        )
        rows.append(RosterRow(employee, status, facts))
    return rows


def _exemption(employee: Employee, pack: RulePack) -> str:
    rooms = employee.property.rooms
    if not pack.training_applies(rooms=rooms):
        rule = pack.rule("training_applies_if")
        return _(
            "%(pack)s's training duty does not cover a property with %(rooms)s rooms "
            "(%(summary)s; %(citation)s)"
        ) % {
            "pack": pack.name,
            "rooms": rooms,
            "summary": rule.summary.rstrip("."),
            "citation": rule.citation,
        }
    if not pack.training_required(
        job_role=employee.job_role, customer_facing=employee.customer_facing
    ):
        role = employee.get_job_role_display().lower()
        facing = "" if employee.customer_facing else _(", not customer-facing")
        rule = pack.rule("training_scope")
        return _(
            "%(pack)s does not require training for this role (%(role)s%(facing)s): "
            "%(summary)s (%(citation)s)"
        ) % {
            "pack": pack.name,
            "role": role,
            "facing": facing,
            "summary": rule.summary.rstrip("."),
            "citation": rule.citation,
        }
    return ""


def _last_counting_completion(
    records: Iterable[TrainingRecord | RecordFacts], *, pack: RulePack, as_of: date
) -> tuple[date | None, str]:
    """The latest completion that counts, and why the latest refused one did not."""
    last, refused, refused_on = None, "", None
    for record in records:
        if record.completed_on > as_of:
            continue
        course = record.course
        minutes = record.minutes if record.minutes is not None else course.minutes
        counts, why = pack.course_counts(
            minutes=minutes, provider=course.provider, approved_for=course.jurisdictions
        )
        if counts:
            if last is None or record.completed_on > last:
                last = record.completed_on
        elif refused_on is None or record.completed_on > refused_on:
            refused_on = record.completed_on
            refused = _("%(why)s (completed %(day)s)") % {
                "why": why.rstrip("."),
                "day": record.completed_on,
            }
    return last, refused


def _deadline_phrase(pack: RulePack) -> str:
    rule = pack.rule("new_hire_deadline")
    if rule.get("months") is not None:
        return _("within %(months)s months of hire") % {"months": rule.get("months")}
    if rule.get("days") == 0:
        return _("at hire")
    if rule.get("days") is not None:
        return _("within %(days)s days of hire") % {"days": rule.get("days")}
    return _("with no known deadline")


def _untrained(
    employee: Employee, pack: RulePack, *, due_date: date | None, as_of: date, refused: str
) -> StatusResult:
    none = _("none that counts: %(why)s") % {"why": refused} if refused else _("none recorded")
    reason = _("hired %(day)s; %(pack)s requires training %(deadline)s") % {
        "day": employee.hire_date,
        "pack": pack.name,
        "deadline": _deadline_phrase(pack),
    }
    if due_date is None:
        return StatusResult(DUE, None, None, f"{reason}; {none}")
    if due_date < as_of:
        was_due = _("was due %(day)s") % {"day": due_date}
        return StatusResult(OVERDUE, due_date, None, f"{reason}; {none}; {was_due}")
    due_by = _("due by %(day)s") % {"day": due_date}
    deadline = "" if due_date == employee.hire_date else f"; {due_by}"
    return StatusResult(DUE, due_date, None, f"{reason}; {none}{deadline}")


def _trained(
    pack: RulePack, *, last_completed_on: date, due_date: date | None, as_of: date
) -> StatusResult:
    trained = _("last trained %(day)s") % {"day": last_completed_on}
    if due_date is None:
        no_refresher = _("%(pack)s requires no refresher that is known") % {"pack": pack.name}
        return StatusResult(COMPLIANT, None, last_completed_on, f"{trained}; {no_refresher}")
    every = _("%(pack)s requires retraining every %(months)s months") % {
        "pack": pack.name,
        "months": pack.refresher_interval_months,
    }
    if due_date < as_of:
        status, when = OVERDUE, _("was due %(day)s") % {"day": due_date}
    elif (due_date - as_of).days <= DUE_SOON_DAYS:
        status, when = DUE_SOON, _("due by %(day)s") % {"day": due_date}
    else:
        status, when = COMPLIANT, _("next due %(day)s") % {"day": due_date}
    return StatusResult(status, due_date, last_completed_on, f"{trained}; {every}; {when}")
