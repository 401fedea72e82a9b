"""Creating employees and completions through the services, and what they refuse."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.training.factories import CourseFactory, EmployeeFactory
from training.models import Course, Employee
from training.services import employee_create, training_record_create

pytestmark = pytest.mark.django_db


def employee_data(**overrides):
    return {
        "name": "Rosa Delgado",
        "employee_number": "HA-1001",
        "email": "rosa@example.test",
        "job_role": "front_desk",
        "customer_facing": True,
        "hire_date": date(2025, 3, 3),
        **overrides,
    }


def test_it_creates_an_employee(hotel_a, maria):
    employee = employee_create(prop=hotel_a, actor=maria, data=employee_data())

    assert employee.pk
    assert employee.property == hotel_a
    assert employee.created_by == maria


def test_it_refuses_an_end_date_before_the_hire_date(hotel_a, maria):
    with pytest.raises(ValidationError) as error:
        employee_create(prop=hotel_a, actor=maria, data=employee_data(end_date=date(2025, 3, 2)))

    assert error.value.message_dict == {
        "end_date": ["The end date (2025-03-02) is before the hire date (2025-03-03)."]
    }
    assert not Employee.objects.exists()


def test_the_database_refuses_an_end_date_before_the_hire_date_too(hotel_a):
    employee = EmployeeFactory(property=hotel_a)
    employee.end_date = employee.hire_date - timedelta(days=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        employee.save()


def test_it_refuses_a_duplicate_employee_number_at_the_same_property(hotel_a, maria):
    employee_create(prop=hotel_a, actor=maria, data=employee_data())

    with pytest.raises(ValidationError) as error:
        employee_create(prop=hotel_a, actor=maria, data=employee_data(name="Someone Else"))

    assert error.value.message_dict == {
        "employee_number": ["Employee number HA-1001 is already used at this property."]
    }


def test_it_allows_the_same_employee_number_at_another_property(hotel_a, hotel_b, maria, olga):
    employee_create(prop=hotel_a, actor=maria, data=employee_data())

    assert employee_create(prop=hotel_b, actor=olga, data=employee_data()).pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Rosa\nDelgado"}, "name"),
        ({"employee_number": "x" * 41}, "employee_number"),
        ({"email": "not-an-email"}, "email"),
        ({"job_role": "astronaut"}, "job_role"),
        ({"hire_date": "yesterday"}, "hire_date"),
        ({"salary": 10}, "salary"),
    ],
)
def test_it_names_the_bad_field(hotel_a, maria, overrides, field):
    with pytest.raises(ValidationError) as error:
        employee_create(prop=hotel_a, actor=maria, data=employee_data(**overrides))

    assert list(error.value.message_dict) == [field]


def test_it_records_a_completion_with_the_course_length(hotel_a, maria):
    employee = EmployeeFactory(property=hotel_a, hire_date=date(2025, 1, 6))
    course = CourseFactory(minutes=30)

    record = training_record_create(
        employee=employee, actor=maria, course=course, completed_on=date(2025, 1, 6)
    )

    assert (record.minutes, record.recorded_by, record.verified_by) == (30, maria, None)


def test_it_refuses_a_completion_in_the_future(hotel_a, maria):
    employee = EmployeeFactory(property=hotel_a)
    tomorrow = hotel_a.today() + timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        training_record_create(
            employee=employee, actor=maria, course=CourseFactory(), completed_on=tomorrow
        )

    assert "is in the future" in error.value.message_dict["completed_on"][0]


def test_it_accepts_a_completion_today(hotel_a, maria):
    employee = EmployeeFactory(property=hotel_a)
    today = hotel_a.today()

    record = training_record_create(
        employee=employee, actor=maria, course=CourseFactory(), completed_on=today
    )

    assert record.completed_on == today


def test_it_refuses_a_completion_before_the_hire_date(hotel_a, maria):
    employee = EmployeeFactory(property=hotel_a, hire_date=date(2025, 1, 6))

    with pytest.raises(ValidationError) as error:
        training_record_create(
            employee=employee,
            actor=maria,
            course=CourseFactory(),
            completed_on=date(2025, 1, 5),
        )

    assert error.value.message_dict == {
        "completed_on": [
            "The completion date (2025-01-05) is before the employee's hire date (2025-01-06)."
        ]
    }


def test_it_refuses_another_propertys_course(hotel_a, hotel_b, maria):
    employee = EmployeeFactory(property=hotel_a)

    with pytest.raises(ValidationError) as error:
        training_record_create(
            employee=employee,
            actor=maria,
            course=CourseFactory(property=hotel_b),
            completed_on=employee.hire_date,
        )

    assert list(error.value.message_dict) == ["course"]


@pytest.mark.parametrize("minutes", [0, 601])
def test_it_refuses_impossible_minutes(hotel_a, maria, minutes):
    employee = EmployeeFactory(property=hotel_a)

    with pytest.raises(ValidationError) as error:
        training_record_create(
            employee=employee,
            actor=maria,
            course=CourseFactory(),
            completed_on=employee.hire_date,
            minutes=minutes,
        )

    assert list(error.value.message_dict) == ["minutes"]


def test_a_course_refuses_unknown_jurisdictions():
    course = Course(title="T", provider="P", jurisdictions=["US-ZZ"])

    with pytest.raises(ValidationError) as error:
        course.full_clean()

    assert error.value.message_dict["jurisdictions"][0].startswith("Unknown jurisdiction: US-ZZ.")


def test_current_leaves_out_employees_who_left(hotel_a, hotel_b):
    as_of = date(2026, 1, 10)
    staying = EmployeeFactory(property=hotel_a)
    last_day = EmployeeFactory(property=hotel_a, end_date=as_of)
    EmployeeFactory(property=hotel_a, end_date=as_of - timedelta(days=1))
    EmployeeFactory(property=hotel_b)

    current = Employee.objects.for_property(hotel_a).current(as_of)

    assert set(current) == {staying, last_day}


def test_courses_available_to_a_property_are_global_or_its_own(hotel_a, hotel_b):
    own = CourseFactory(property=hotel_a)
    CourseFactory(property=hotel_b)

    available = Course.objects.available_to(hotel_a)

    assert own in available
    assert not available.filter(property=hotel_b).exists()
    assert available.filter(property__isnull=True).count() == 6  # the seeded courses


def test_the_seeded_courses_claim_no_texas_approval(db):
    seeded = Course.objects.filter(property__isnull=True)

    assert not [course for course in seeded if "US-TX" in course.jurisdictions]
    assert {c.minutes for c in seeded if "Inhospitable" in c.title} == {30}
