"""The roster: every employee's status, in a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PropertyFactory
from tests.training.factories import CourseFactory
from training.models import Employee, TrainingRecord
from training.status import roster_status

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 1, 10)


def staff(prop, count: int) -> None:
    course = CourseFactory()
    employees = Employee.objects.bulk_create(
        Employee(
            property=prop,
            name=f"Employee {n}",
            employee_number=f"N-{n}",
            job_role="housekeeping",
            hire_date=date(2024, 1, 1) + timedelta(days=n),
        )
        for n in range(count)
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(employee=e, course=course, completed_on=e.hire_date, minutes=30)
        for e in employees[::2]
    )


def queries_for_roster(prop) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        rows = roster_status(prop, as_of=AS_OF)
    return len(captured), rows


def test_it_runs_the_same_queries_for_10_and_100_employees():
    small, large = PropertyFactory(), PropertyFactory()
    staff(small, 10)
    staff(large, 100)

    small_count, small_rows = queries_for_roster(small)
    large_count, large_rows = queries_for_roster(large)

    assert (len(small_rows), len(large_rows)) == (10, 100)
    assert small_count == large_count == 3  # employees, their records, those courses


def test_it_shows_only_the_propertys_employees(hotel_a, hotel_b):
    staff(hotel_a, 3)
    staff(hotel_b, 2)

    rows = roster_status(hotel_b, as_of=AS_OF)

    assert {row.employee.property_id for row in rows} == {hotel_b.pk}


def test_it_derives_each_employees_status_from_their_own_records(hotel_a):
    staff(hotel_a, 2)

    rows = roster_status(hotel_a, as_of=AS_OF)

    assert [(row.employee.name, row.status.status) for row in rows] == [
        ("Employee 0", "overdue"),  # trained 2024-01-01, refresher due 2025-01-01
        ("Employee 1", "overdue"),  # never trained, due at hire (Connecticut)
    ]
    assert rows[0].status.last_completed_on == date(2024, 1, 1)
    assert rows[1].status.last_completed_on is None
