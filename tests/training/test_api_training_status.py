"""The training-status endpoint: derived rows, filters, `as_of`, scoping and constant queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import PropertyFactory
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import Employee, TrainingRecord

pytestmark = pytest.mark.django_db

ROW = {"employee", "name", "job_role", "status", "due_date", "last_completed_on", "reason"}


def url(prop) -> str:
    return f"/api/v1/properties/{prop.pk}/training-status/"


@pytest.fixture
def roster(hotel_a):
    """Ann trained at hire (compliant in early 2025), Bob never trained (overdue), Cy left."""
    course = CourseFactory(minutes=60)
    ann = EmployeeFactory(property=hotel_a, name="Ann", hire_date=date(2024, 6, 1))
    TrainingRecordFactory(employee=ann, course=course, completed_on=date(2024, 6, 1), minutes=60)
    bob = EmployeeFactory(property=hotel_a, name="Bob", job_role="bell", hire_date=date(2024, 6, 1))
    cy = EmployeeFactory(
        property=hotel_a, name="Cy", hire_date=date(2024, 1, 1), end_date=date(2024, 3, 1)
    )
    return {"ann": ann, "bob": bob, "cy": cy}


def test_it_answers_a_row_per_employee_with_the_contract_fields(api_as, maria, hotel_a, roster):
    response = api_as(maria).get(url(hotel_a), {"as_of": "2024-12-01"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["status"]) for r in rows] == [
        ("Ann", "compliant"),
        ("Bob", "overdue"),
        ("Cy", "not_required"),
    ]
    assert set(rows[0]) == ROW
    assert rows[0]["employee"] == roster["ann"].pk
    assert rows[0]["last_completed_on"] == "2024-06-01"
    assert rows[1]["due_date"] == "2024-06-01"
    assert "none recorded" in rows[1]["reason"]


def test_it_filters_by_status(api_as, maria, hotel_a, roster):
    response = api_as(maria).get(url(hotel_a), {"status": "overdue", "as_of": "2024-12-01"})

    assert [r["name"] for r in response.json()["results"]] == ["Bob"]
    assert response.json()["count"] == 1


def test_it_filters_by_job_role(api_as, maria, hotel_a, roster):
    response = api_as(maria).get(url(hotel_a), {"job_role": "bell"})

    assert [r["name"] for r in response.json()["results"]] == ["Bob"]


def test_as_of_moves_the_status(api_as, maria, hotel_a, roster):
    before_hire_ends = api_as(maria).get(url(hotel_a), {"as_of": "2024-02-01"}).json()

    assert [(r["name"], r["status"]) for r in before_hire_ends["results"]][2] == ("Cy", "overdue")


def test_without_as_of_it_uses_today_at_the_property(api_as, maria, hotel_a, roster):
    response = api_as(maria).get(url(hotel_a))

    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "2025-02-30"}, "as_of"),
        ({"as_of": "tomorrow"}, "as_of"),
        ({"as_of": "9999-12-31"}, "as_of"),
        ({"as_of": "x" * 5000}, "as_of"),
        ({"status": "late"}, "status"),
        ({"job_role": "astronaut"}, "job_role"),
        ({"job_role": "bell\x00"}, "job_role"),
    ],
)
def test_a_bad_query_parameter_is_a_400(api_as, maria, hotel_a, roster, params, field):
    response = api_as(maria).get(url(hotel_a), params)

    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_front_desk_and_inspectors_are_refused(request, api_as, hotel_a, who):
    assert api_as(request.getfixturevalue(who)).get(url(hotel_a)).status_code == 403


def test_another_tenants_manager_gets_a_404(api_as, olga, hotel_a, roster):
    assert api_as(olga).get(url(hotel_a)).status_code == 404


def test_a_group_admin_may_read_it(api_as, gina, hotel_a, roster):
    assert api_as(gina).get(url(hotel_a)).status_code == 200


def test_anonymous_callers_get_a_401(api, hotel_a):
    assert api.get(url(hotel_a)).status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_is_read_only(api_as, maria, hotel_a, method):
    assert getattr(api_as(maria), method)(url(hotel_a), {}, format="json").status_code == 405


def staff(prop, count: int) -> None:
    course = CourseFactory()
    employees = Employee.objects.bulk_create(
        Employee(
            property=prop,
            name=f"Employee {n:04d}",
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


def queries_for(user, prop, count: int) -> int:
    staff(prop, count)
    client = APIClient()
    client.force_authenticate(type(user).objects.get(pk=user.pk))  # no roles cached yet
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(prop), {"page_size": 200})
    assert response.status_code == 200
    assert response.json()["count"] == count
    return len(captured)


def test_it_runs_the_same_queries_for_10_and_100_employees(gina, group_a):
    small = PropertyFactory(organisation=group_a)
    large = PropertyFactory(organisation=group_a)

    small_count, large_count = queries_for(gina, small, 10), queries_for(gina, large, 100)

    print(f"training-status queries: 10 employees {small_count}, 100 employees {large_count}")
    assert small_count == large_count
