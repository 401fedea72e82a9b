"""The training-records endpoint: completions of the property's employees, and what it refuses."""

from datetime import timedelta

import pytest

from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db

CONTRACT = {
    "id",
    "employee",
    "course",
    "completed_on",
    "minutes",
    "created_at",
    # Added with certificates (the file itself is write-only, downloaded from the URL).
    "certificate_name",
    "certificate_url",
}


def url(prop) -> str:
    return f"/api/v1/properties/{prop.pk}/training-records/"


@pytest.fixture
def employee(hotel_a):
    return EmployeeFactory(property=hotel_a, name="Ann")


@pytest.fixture
def course(db):
    return CourseFactory(minutes=45)


def payload(employee_, course_, **overrides) -> dict:
    return {
        "employee": employee_.pk,
        "course": course_.pk,
        "completed_on": str(employee_.hire_date),
        "minutes": 30,
        **overrides,
    }


def test_it_records_a_completion(api_as, maria, hotel_a, employee, course):
    response = api_as(maria).post(url(hotel_a), payload(employee, course), format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == CONTRACT
    assert (body["employee"], body["course"], body["minutes"]) == (employee.pk, course.pk, 30)
    record = TrainingRecord.objects.get()
    assert record.recorded_by == maria


def test_the_minutes_default_to_the_courses_length(api_as, maria, hotel_a, employee, course):
    data = payload(employee, course)
    del data["minutes"]

    response = api_as(maria).post(url(hotel_a), data, format="json")

    assert response.json()["minutes"] == 45


def test_a_propertys_own_course_may_be_used(api_as, maria, hotel_a, employee):
    own = CourseFactory(property=hotel_a)

    response = api_as(maria).post(url(hotel_a), payload(employee, own), format="json")

    assert response.status_code == 201


def test_it_lists_only_the_propertys_records(api_as, gina, hotel_a, hotel_b, employee):
    TrainingRecordFactory(employee=employee)
    TrainingRecordFactory(employee=EmployeeFactory(property=hotel_b))

    response = api_as(gina).get(url(hotel_a))

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["employee"] for r in results] == [employee.pk]
    assert set(results[0]) == CONTRACT


def test_it_filters_by_employee(api_as, maria, hotel_a, employee):
    other = EmployeeFactory(property=hotel_a)
    TrainingRecordFactory(employee=employee)
    TrainingRecordFactory(employee=other)

    response = api_as(maria).get(url(hotel_a), {"employee": other.pk})

    assert [r["employee"] for r in response.json()["results"]] == [other.pk]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1", "1.5"])
def test_a_malformed_employee_filter_is_a_400(api_as, maria, hotel_a, value):
    response = api_as(maria).get(url(hotel_a), {"employee": value})

    assert response.status_code == 400
    assert "employee" in response.json()["fields"]


def test_another_propertys_employee_filter_reads_like_an_unknown_one(
    api_as, olga, hotel_b, employee
):
    TrainingRecordFactory(employee=employee)

    response = api_as(olga).get(url(hotel_b), {"employee": employee.pk})

    assert response.status_code == 200
    assert response.json()["results"] == []


# --- Scoping ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["sam", "ivan"])
def test_front_desk_and_inspectors_are_refused(request, api_as, hotel_a, employee, course, who):
    client = api_as(request.getfixturevalue(who))

    assert client.get(url(hotel_a)).status_code == 403
    assert client.post(url(hotel_a), payload(employee, course), format="json").status_code == 403
    assert not TrainingRecord.objects.exists()


def test_another_tenants_manager_gets_a_404(api_as, olga, hotel_a, employee, course):
    client = api_as(olga)

    assert client.get(url(hotel_a)).status_code == 404
    assert client.post(url(hotel_a), payload(employee, course), format="json").status_code == 404
    assert not TrainingRecord.objects.exists()


def test_anonymous_callers_get_a_401(api, hotel_a):
    assert api.get(url(hotel_a)).status_code == 401


def test_it_rejects_delete(api_as, maria, hotel_a):
    assert api_as(maria).delete(url(hotel_a)).status_code == 405


# --- Bad input ----------------------------------------------------------------------------------


def test_another_propertys_employee_reads_like_an_unknown_one(
    api_as, olga, hotel_a, hotel_b, employee, course
):
    client = api_as(olga)
    theirs = client.post(url(hotel_b), payload(employee, course), format="json")
    unknown = client.post(
        url(hotel_b), payload(employee, course, employee=employee.pk + 1000), format="json"
    )

    assert theirs.status_code == unknown.status_code == 400
    assert list(theirs.json()["fields"]) == ["employee"]
    assert theirs.json()["fields"]["employee"] == [
        m.replace(str(employee.pk + 1000), str(employee.pk))
        for m in unknown.json()["fields"]["employee"]
    ]
    assert not TrainingRecord.objects.exists()


def test_another_propertys_course_is_refused(api_as, maria, hotel_a, hotel_b, employee):
    theirs = CourseFactory(property=hotel_b)

    response = api_as(maria).post(url(hotel_a), payload(employee, theirs), format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["course"]


def test_a_future_completion_is_refused(api_as, maria, hotel_a, employee, course):
    tomorrow = hotel_a.today() + timedelta(days=1)

    response = api_as(maria).post(
        url(hotel_a), payload(employee, course, completed_on=str(tomorrow)), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["completed_on"]
    assert not TrainingRecord.objects.exists()


def test_a_completion_before_the_hire_date_is_refused(api_as, maria, hotel_a, employee, course):
    before = employee.hire_date - timedelta(days=1)

    response = api_as(maria).post(
        url(hotel_a), payload(employee, course, completed_on=str(before)), format="json"
    )

    assert response.status_code == 400
    assert "before the employee's hire date" in response.json()["fields"]["completed_on"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"completed_on": "2025-13-01"}, "completed_on"),
        ({"completed_on": "0001-01-01"}, "completed_on"),
        ({"completed_on": "x" * 10_000}, "completed_on"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"minutes": "ten"}, "minutes"),
        ({"minutes": 10**30}, "minutes"),
        ({"employee": "abc"}, "employee"),
        ({"employee": 10**30}, "employee"),
        ({"employee": None}, "employee"),
        ({"course": "\x00"}, "course"),
        ({"course": 10**30}, "course"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    api_as, maria, hotel_a, employee, course, overrides, field
):
    response = api_as(maria).post(
        url(hotel_a), payload(employee, course, **overrides), format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not TrainingRecord.objects.exists()


def test_a_body_that_is_not_json_is_a_400(api_as, maria, hotel_a):
    response = api_as(maria).post(url(hotel_a), b"{oops", content_type="application/json")

    assert response.status_code == 400
    assert not TrainingRecord.objects.exists()
