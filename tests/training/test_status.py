"""The status engine, jurisdiction by jurisdiction, at the edges of every deadline."""

from datetime import date

import pytest

from hotelcompliance.rules import get_pack
from hotelcompliance.tenancy import Property
from training.models import Course, Employee, TrainingRecord
from training.status import employee_status

D = date.fromisoformat


def trained(on: str, *, minutes: int | None = 30, approved: tuple[str, ...] = ()):
    """A completion of a course approved for `approved`, `minutes` long."""
    return (D(on), minutes, list(approved))


def status_of(
    code, *, hired, as_of, records=(), ended=None, role="front_desk", facing=True, rooms=40
):
    prop = Property(jurisdiction=code, rooms=rooms, timezone="America/New_York")
    employee = Employee(
        property=prop,
        name="Test Employee",
        job_role=role,
        customer_facing=facing,
        hire_date=D(hired),
        end_date=D(ended) if ended else None,
    )
    rows = [
        TrainingRecord(
            employee=employee,
            course=Course(title="Course", provider="Provider", minutes=None, jurisdictions=codes),
            completed_on=completed_on,
            minutes=minutes,
        )
        for completed_on, minutes, codes in records
    ]
    return employee_status(employee, pack=get_pack(code), records=rows, as_of=D(as_of))


# (jurisdiction, employee and records, as_of, status, due date, reason)
# fmt: off
CASES = [
    # Connecticut: at hire, every 12 months, every employee, any course.
    pytest.param(
        "US-CT", {"hired": "2026-03-02"}, "2026-03-02", "due", "2026-03-02",
        "hired 2026-03-02; Connecticut requires training at hire; none recorded",
        id="ct-hired-on-the-deadline-day-is-due",
    ),
    pytest.param(
        "US-CT", {"hired": "2026-03-02"}, "2026-03-03", "overdue", "2026-03-02",
        "hired 2026-03-02; Connecticut requires training at hire; none recorded; "
        "was due 2026-03-02",
        id="ct-untrained-the-day-after-hire-is-overdue",
    ),
    pytest.param(
        "US-CT", {"hired": "2026-03-02", "records": [trained("2026-03-02")]}, "2026-03-02",
        "compliant", "2027-03-02",
        "last trained 2026-03-02; Connecticut requires retraining every 12 months; "
        "next due 2027-03-02",
        id="ct-trained-at-hire-is-compliant",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "records": [trained("2025-10-01")]}, "2026-10-01",
        "due_soon", "2026-10-01",
        "last trained 2025-10-01; Connecticut requires retraining every 12 months; "
        "due by 2026-10-01",
        id="ct-october-1-certification-day-is-the-last-day",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "records": [trained("2025-10-01")]}, "2026-10-02",
        "overdue", "2026-10-01",
        "last trained 2025-10-01; Connecticut requires retraining every 12 months; "
        "was due 2026-10-01",
        id="ct-october-2-is-overdue",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "records": [trained("2024-02-29")]}, "2025-01-28",
        "compliant", "2025-02-28", "next due 2025-02-28",
        id="ct-leap-day-refresher-31-days-out-is-compliant",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "records": [trained("2024-02-29")]}, "2025-01-29",
        "due_soon", "2025-02-28", "due by 2025-02-28",
        id="ct-leap-day-refresher-30-days-out-is-due-soon",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "records": [trained("2024-02-29")]}, "2025-03-01",
        "overdue", "2025-02-28", "was due 2025-02-28",
        id="ct-leap-day-refresher-lapses-march-1",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "records": [trained("2025-12-31")]}, "2027-01-01",
        "overdue", "2026-12-31", "last trained 2025-12-31",
        id="ct-year-boundary",
    ),
    pytest.param(
        "US-CT",
        {"hired": "2020-01-06", "records": [trained("2024-05-01"), trained("2025-05-01")]},
        "2026-01-10", "compliant", "2026-05-01", "last trained 2025-05-01",
        id="ct-latest-completion-wins",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "records": [trained("2026-01-05", minutes=None)]},
        "2026-01-10", "compliant", "2027-01-05", "last trained 2026-01-05",
        id="ct-course-of-unknown-length-counts",
    ),
    pytest.param(
        "US-CT", {"hired": "2026-01-05", "records": [trained("2026-01-20")]}, "2026-01-10",
        "overdue", "2026-01-05", "none recorded",
        id="ct-completion-after-as-of-is-not-known-yet",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "role": "maintenance", "facing": False}, "2026-01-10",
        "overdue", "2020-01-06", "Connecticut requires training at hire",
        id="ct-trains-back-of-house-staff-too",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "ended": "2026-01-09"}, "2026-01-10",
        "not_required", None, "employment ended 2026-01-09; no training required",
        id="ct-ended-employment",
    ),
    pytest.param(
        "US-CT", {"hired": "2020-01-06", "ended": "2026-01-10"}, "2026-01-10",
        "overdue", "2020-01-06", "none recorded",
        id="ct-last-day-of-employment-still-counts",
    ),
    # California: listed roles, within 6 months, every 24 months, at least 20 minutes.
    pytest.param(
        "US-CA", {"hired": "2025-08-31"}, "2026-02-28", "due", "2026-02-28",
        "hired 2025-08-31; California requires training within 6 months of hire; "
        "none recorded; due by 2026-02-28",
        id="ca-six-months-from-august-31-is-february-28",
    ),
    pytest.param(
        "US-CA", {"hired": "2025-08-31"}, "2026-03-01", "overdue", "2026-02-28",
        "was due 2026-02-28",
        id="ca-overdue-march-1",
    ),
    pytest.param(
        "US-CA", {"hired": "2025-08-31", "records": [trained("2025-09-01", minutes=19)]},
        "2026-01-10", "due", "2026-02-28",
        "none that counts: Provider's course does not count in California: too short, "
        "19 minutes where at least 20 are required",
        id="ca-19-minutes-is-too-short",
    ),
    pytest.param(
        "US-CA", {"hired": "2020-01-06", "records": [trained("2024-06-15", minutes=20)]},
        "2026-05-15", "compliant", "2026-06-15",
        "California requires retraining every 24 months; next due 2026-06-15",
        id="ca-two-year-refresher-31-days-out",
    ),
    pytest.param(
        "US-CA", {"hired": "2020-01-06", "records": [trained("2024-06-15")]}, "2026-05-16",
        "due_soon", "2026-06-15", "due by 2026-06-15",
        id="ca-two-year-refresher-30-days-out",
    ),
    pytest.param(
        "US-CA", {"hired": "2020-01-06", "role": "maintenance", "facing": False}, "2026-01-10",
        "not_required", None, "California does not require training for this role (maintenance",
        id="ca-maintenance-not-required",
    ),
    pytest.param(
        "US-CA", {"hired": "2020-01-06", "role": "management"}, "2026-01-10",
        "not_required", None, "reception, housekeeping, bell staff and drivers",
        id="ca-management-not-listed",
    ),
    # Texas: more than 10 rooms, within 90 days, yearly, 20 minutes, AG-approved.
    pytest.param(
        "US-TX", {"hired": "2025-11-01"}, "2026-01-30", "due", "2026-01-30",
        "hired 2025-11-01; Texas requires training within 90 days of hire; none recorded; "
        "due by 2026-01-30",
        id="tx-90-days-across-the-year-boundary",
    ),
    pytest.param(
        "US-TX", {"hired": "2025-11-01"}, "2026-01-31", "overdue", "2026-01-30",
        "was due 2026-01-30",
        id="tx-day-91-is-overdue",
    ),
    pytest.param(
        "US-TX", {"hired": "2025-11-01", "rooms": 10}, "2026-01-31", "not_required", None,
        "Texas's training duty does not cover a property with 10 rooms",
        id="tx-10-rooms-not-covered",
    ),
    pytest.param(
        "US-TX", {"hired": "2025-11-01", "rooms": 11}, "2026-01-31", "overdue", "2026-01-30",
        "none recorded",
        id="tx-11-rooms-covered",
    ),
    pytest.param(
        "US-TX",
        {"hired": "2025-11-01", "records": [trained("2025-11-05", minutes=15,
                                                    approved=("US-TX",))]},
        "2026-01-31", "overdue", "2026-01-30",
        "too short, 15 minutes where at least 20 are required (Tex. Bus. & Com. Code "
        "§114.0051) (completed 2025-11-05)",
        id="tx-approved-course-too-short",
    ),
    pytest.param(
        "US-TX", {"hired": "2025-11-01", "records": [trained("2025-11-05", minutes=30)]},
        "2026-01-31", "overdue", "2026-01-30",
        "not approved for Texas; courses must be approved by the Attorney General",
        id="tx-course-not-approved",
    ),
    pytest.param(
        "US-TX",
        {"hired": "2025-11-01", "records": [trained("2025-11-05", minutes=20,
                                                    approved=("US-TX",))]},
        "2026-01-31", "compliant", "2026-11-05",
        "last trained 2025-11-05; Texas requires retraining every 12 months; next due 2026-11-05",
        id="tx-approved-20-minutes-counts",
    ),
    # Florida: housekeeping and front desk, within 60 days, yearly, DBPR-approved.
    pytest.param(
        "US-FL", {"hired": "2025-12-15"}, "2026-02-13", "due", "2026-02-13",
        "Florida requires training within 60 days of hire; none recorded; due by 2026-02-13",
        id="fl-60th-day",
    ),
    pytest.param(
        "US-FL", {"hired": "2025-12-15"}, "2026-02-14", "overdue", "2026-02-13",
        "was due 2026-02-13",
        id="fl-61st-day",
    ),
    pytest.param(
        "US-FL", {"hired": "2025-12-15", "role": "management"}, "2026-02-14", "not_required",
        None, "Florida does not require training for this role (management)",
        id="fl-management-not-listed",
    ),
    pytest.param(
        "US-FL", {"hired": "2025-12-15", "records": [trained("2025-12-16")]}, "2026-02-14",
        "overdue", "2026-02-13", "not approved for Florida",
        id="fl-unapproved-course",
    ),
    pytest.param(
        "US-FL",
        {"hired": "2020-01-06", "role": "housekeeping",
         "records": [trained("2025-03-01", approved=("US-FL",))]},
        "2026-02-01", "due_soon", "2026-03-01", "due by 2026-03-01",
        id="fl-approved-refresher-due-soon",
    ),
    # New York: customer-facing staff, within 60 days, no known refresher, DCJS/OTDA.
    pytest.param(
        "US-NY", {"hired": "2028-02-29"}, "2028-04-29", "due", "2028-04-29",
        "hired 2028-02-29; New York requires training within 60 days of hire",
        id="ny-hired-on-leap-day",
    ),
    pytest.param(
        "US-NY", {"hired": "2028-02-29"}, "2028-04-30", "overdue", "2028-04-29",
        "was due 2028-04-29",
        id="ny-day-61",
    ),
    pytest.param(
        "US-NY", {"hired": "2020-01-06", "role": "maintenance", "facing": False}, "2026-01-10",
        "not_required", None, "not customer-facing",
        id="ny-back-of-house-not-required",
    ),
    pytest.param(
        "US-NY", {"hired": "2020-01-06", "records": [trained("2020-02-01", approved=("US-NY",))]},
        "2026-01-10", "compliant", None,
        "last trained 2020-02-01; New York requires no refresher that is known",
        id="ny-no-known-refresher",
    ),
    pytest.param(
        "US-NY", {"hired": "2025-12-20", "ended": "2026-01-01"}, "2026-03-01",
        "not_required", None, "employment ended 2026-01-01",
        id="ny-ended-employment",
    ),
]
# fmt: on


@pytest.mark.parametrize(("code", "employee", "as_of", "status", "due", "reason"), CASES)
def test_it_derives_status_and_reason(code, employee, as_of, status, due, reason):
    result = status_of(code, as_of=as_of, **employee)

    assert (result.status, result.due_date) == (status, D(due) if due else None)
    assert reason in result.reason


def test_it_reports_the_last_completion_that_counts():
    result = status_of(
        "US-TX",
        hired="2020-01-06",
        as_of="2026-01-10",
        records=[trained("2025-06-01", approved=("US-TX",)), trained("2025-09-01")],
    )

    assert result.last_completed_on == D("2025-06-01")
    assert result.status == "compliant"


def test_it_uses_the_course_length_when_the_record_has_none():
    prop = Property(jurisdiction="US-TX", rooms=40, timezone="America/Chicago")
    employee = Employee(property=prop, job_role="bell", hire_date=D("2025-01-06"))
    course = Course(title="T", provider="P", minutes=25, jurisdictions=["US-TX"])
    record = TrainingRecord(employee=employee, course=course, completed_on=D("2025-02-01"))

    result = employee_status(
        employee, pack=get_pack("US-TX"), records=[record], as_of=D("2025-03-01")
    )

    assert result.status == "compliant"
