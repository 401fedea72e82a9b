"""The employee page and the two forms: history, inline errors, values kept, access."""

from datetime import date, timedelta

import pytest

from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, PropertyFactory, UserFactory
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import Employee, TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee(hotel_a):
    return EmployeeFactory(property=hotel_a, name="Ann Example", hire_date=date(2025, 1, 6))


def form_data(**overrides) -> dict:
    return {
        "name": "Rosa Delgado",
        "employee_number": "HA-1001",
        "email": "rosa@example.test",
        "job_role": "front_desk",
        "customer_facing": "on",
        "hire_date": "2025-03-03",
        "end_date": "",
        **overrides,
    }


def test_the_employee_page_shows_status_and_history(client, maria, employee):
    TrainingRecordFactory(
        employee=employee,
        course=CourseFactory(title="Recognize the Signs", minutes=30),
        completed_on=date(2025, 1, 6),
    )
    client.force_login(maria)

    response = client.get(f"/training/employees/{employee.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ann Example" in html
    assert response.context["status"].last_completed_on == date(2025, 1, 6)
    assert response.context["status"].reason in html
    assert "Recognize the Signs" in html
    assert '<span class="badge ok">Counts</span>' in html
    assert "Record a completed course" in html


def test_the_history_says_why_a_course_does_not_count(client):
    texas = PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago")
    manager = UserFactory(username="tex")
    MembershipFactory(user=manager, property=texas, role=Role.MANAGER)
    employee = EmployeeFactory(property=texas, hire_date=date(2025, 1, 6))
    TrainingRecordFactory(
        employee=employee,
        course=CourseFactory(title="Too Short", minutes=5),
        completed_on=date(2025, 2, 1),
        minutes=5,
    )
    client.force_login(manager)

    response = client.get(f"/training/employees/{employee.pk}/")

    (entry,) = response.context["history"]
    assert entry["counts"] is False
    assert "too short, 5 minutes" in entry["why"]
    html = response.content.decode()
    assert '<span class="badge bad">Does not count</span>' in html
    assert "too short, 5 minutes" in html


def test_another_propertys_employee_is_a_404(client, olga, employee):
    client.force_login(olga)

    assert client.get(f"/training/employees/{employee.pk}/").status_code == 404
    assert client.get(f"/training/employees/{employee.pk}/records/new/").status_code == 404
    response = client.post(
        f"/training/employees/{employee.pk}/records/new/",
        {"course": CourseFactory().pk, "completed_on": "2025-02-01"},
    )
    assert response.status_code == 404
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_front_desk_and_inspectors_are_refused(request, client, employee, who):
    client.force_login(request.getfixturevalue(who))

    for page in (
        f"/training/employees/{employee.pk}/",
        "/training/employees/new/",
        f"/training/employees/{employee.pk}/records/new/",
    ):
        assert client.get(page).status_code == 403, page
    assert client.post("/training/employees/new/", form_data()).status_code == 403
    assert Employee.objects.count() == 1


def test_pages_need_a_login(client, employee):
    response = client.get(f"/training/employees/{employee.pk}/")

    assert response.status_code == 302


def test_a_manager_adds_an_employee(client, maria, hotel_a):
    client.force_login(maria)

    assert client.get("/training/employees/new/").status_code == 200
    response = client.post("/training/employees/new/", form_data())

    employee = Employee.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/training/employees/{employee.pk}/"
    assert (employee.property, employee.created_by, employee.customer_facing) == (
        hotel_a,
        maria,
        True,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": "2025-03-01"}, "end_date"),
        ({"hire_date": "2025-02-30"}, "hire_date"),
        ({"hire_date": "0999-01-01"}, "hire_date"),
        ({"job_role": "astronaut"}, "job_role"),
        ({"name": "x" * 5000}, "name"),
        ({"name": "Rosa\x07Delgado"}, "name"),
        ({"employee_number": "taken"}, "employee_number"),
    ],
)
def test_bad_employee_input_is_shown_beside_the_field_with_values_kept(
    client, maria, hotel_a, overrides, field
):
    EmployeeFactory(property=hotel_a, employee_number="taken")
    client.force_login(maria)

    response = client.post("/training/employees/new/", form_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'value="rosa@example.test"' in html
    assert Employee.objects.count() == 1


def test_a_manager_records_a_completion(client, maria, employee):
    course = CourseFactory(title="Recognize the Signs")
    client.force_login(maria)

    assert client.get(f"/training/employees/{employee.pk}/records/new/").status_code == 200
    response = client.post(
        f"/training/employees/{employee.pk}/records/new/",
        {"course": course.pk, "completed_on": "2025-02-01", "minutes": ""},
    )

    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (record.employee, record.course, record.minutes, record.recorded_by) == (
        employee,
        course,
        30,
        maria,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"completed_on": "2025-01-05"}, "completed_on"),
        ({"completed_on": "future"}, "completed_on"),
        ({"completed_on": "2025-13-01"}, "completed_on"),
        ({"minutes": "0"}, "minutes"),
        ({"minutes": "99999999999999999999"}, "minutes"),
        ({"course": "abc"}, "course"),
    ],
)
def test_bad_completion_input_is_shown_beside_the_field(client, maria, employee, data, field):
    course = CourseFactory()
    if data.get("completed_on") == "future":
        data = {"completed_on": str(employee.property.today() + timedelta(days=1))}
    client.force_login(maria)

    response = client.post(
        f"/training/employees/{employee.pk}/records/new/",
        {"course": course.pk, "completed_on": "2025-02-01", "minutes": "30", **data},
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_another_propertys_course_is_not_offered(client, maria, hotel_b, employee):
    theirs = CourseFactory(property=hotel_b)
    client.force_login(maria)

    response = client.post(
        f"/training/employees/{employee.pk}/records/new/",
        {"course": theirs.pk, "completed_on": "2025-02-01"},
    )

    assert response.status_code == 200
    assert "course" in response.context["form"].errors
    assert not TrainingRecord.objects.exists()
