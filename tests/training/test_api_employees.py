"""The employees endpoint: contract fields, scoping, writes through the services, bad input."""

import pytest

from tests.training.factories import EmployeeFactory
from training.models import Employee

pytestmark = pytest.mark.django_db

CONTRACT = {
    "id",
    "name",
    "employee_number",
    "email",
    "phone_masked",  # added with the link by text message; `phone` is write-only
    "job_role",
    "customer_facing",
    "hire_date",
    "end_date",
}


def url(prop, pk=None) -> str:
    base = f"/api/v1/properties/{prop.pk}/employees/"
    return f"{base}{pk}/" if pk else base


def payload(**overrides) -> dict:
    return {
        "name": "Rosa Delgado",
        "employee_number": "HA-1001",
        "email": "rosa@example.test",
        "job_role": "front_desk",
        "customer_facing": True,
        "hire_date": "2025-03-03",
        **overrides,
    }


def test_it_lists_the_propertys_employees_with_the_contract_fields(api_as, maria, hotel_a, hotel_b):
    EmployeeFactory(property=hotel_a, name="Ann")
    EmployeeFactory(property=hotel_b, name="Bob")

    response = api_as(maria).get(url(hotel_a))

    assert response.status_code == 200
    results = response.json()["results"]
    assert [e["name"] for e in results] == ["Ann"]
    assert set(results[0]) == CONTRACT


def test_it_filters_by_job_role(api_as, maria, hotel_a):
    EmployeeFactory(property=hotel_a, name="Ann", job_role="bell")
    EmployeeFactory(property=hotel_a, name="Cid", job_role="housekeeping")

    response = api_as(maria).get(url(hotel_a), {"job_role": "bell"})

    assert [e["name"] for e in response.json()["results"]] == ["Ann"]


def test_it_creates_an_employee_through_the_service(api_as, maria, hotel_a):
    response = api_as(maria).post(url(hotel_a), payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == CONTRACT
    employee = Employee.objects.get(pk=body["id"])
    assert (employee.property, employee.created_by) == (hotel_a, maria)
    assert body["end_date"] is None


def test_it_shows_one_employee(api_as, gina, hotel_a):
    employee = EmployeeFactory(property=hotel_a)

    response = api_as(gina).get(url(hotel_a, employee.pk))

    assert response.status_code == 200
    assert response.json()["employee_number"] == employee.employee_number


def test_it_sets_an_end_date_with_patch(api_as, maria, hotel_a):
    employee = EmployeeFactory(property=hotel_a)

    response = api_as(maria).patch(
        url(hotel_a, employee.pk), {"end_date": "2026-02-01"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["end_date"] == "2026-02-01"
    employee.refresh_from_db()
    assert str(employee.end_date) == "2026-02-01"


def test_it_refuses_an_end_date_before_the_hire_date_on_patch(api_as, maria, hotel_a):
    employee = EmployeeFactory(property=hotel_a)

    response = api_as(maria).patch(
        url(hotel_a, employee.pk), {"end_date": "2020-01-01"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["end_date"]
    employee.refresh_from_db()
    assert employee.end_date is None


def test_it_refuses_a_taken_employee_number_on_patch(api_as, maria, hotel_a):
    EmployeeFactory(property=hotel_a, employee_number="HA-1")
    employee = EmployeeFactory(property=hotel_a, employee_number="HA-2")

    response = api_as(maria).patch(
        url(hotel_a, employee.pk), {"employee_number": "HA-1"}, format="json"
    )

    assert response.status_code == 400
    assert "employee_number" in response.json()["fields"]
    employee.refresh_from_db()
    assert employee.employee_number == "HA-2"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_rejects_put_and_delete(api_as, maria, hotel_a, method):
    employee = EmployeeFactory(property=hotel_a)

    response = getattr(api_as(maria), method)(url(hotel_a, employee.pk), payload(), format="json")

    assert response.status_code == 405
    assert Employee.objects.filter(pk=employee.pk).exists()


# --- Scoping ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["sam", "ivan"])
@pytest.mark.parametrize("verb", ["list", "retrieve", "create", "patch"])
def test_front_desk_and_inspectors_are_refused(request, api_as, hotel_a, who, verb):
    employee = EmployeeFactory(property=hotel_a)
    client = api_as(request.getfixturevalue(who))

    response = {
        "list": lambda: client.get(url(hotel_a)),
        "retrieve": lambda: client.get(url(hotel_a, employee.pk)),
        "create": lambda: client.post(url(hotel_a), payload(), format="json"),
        "patch": lambda: client.patch(url(hotel_a, employee.pk), {"name": "X"}, format="json"),
    }[verb]()

    assert response.status_code == 403
    assert Employee.objects.count() == 1
    assert Employee.objects.get().name != "X"


@pytest.mark.parametrize("verb", ["list", "retrieve", "create", "patch"])
def test_another_tenants_manager_gets_a_404(api_as, olga, hotel_a, verb):
    employee = EmployeeFactory(property=hotel_a)
    client = api_as(olga)

    response = {
        "list": lambda: client.get(url(hotel_a)),
        "retrieve": lambda: client.get(url(hotel_a, employee.pk)),
        "create": lambda: client.post(url(hotel_a), payload(), format="json"),
        "patch": lambda: client.patch(url(hotel_a, employee.pk), {"name": "X"}, format="json"),
    }[verb]()

    assert response.status_code == 404
    assert Employee.objects.count() == 1


def test_another_propertys_employee_under_ones_own_property_is_a_404(
    api_as, olga, hotel_a, hotel_b
):
    employee = EmployeeFactory(property=hotel_a)

    assert api_as(olga).get(url(hotel_b, employee.pk)).status_code == 404
    patched = api_as(olga).patch(url(hotel_b, employee.pk), {"name": "X"}, format="json")
    assert patched.status_code == 404


def test_anonymous_callers_get_a_401(api, hotel_a):
    assert api.get(url(hotel_a)).status_code == 401
    assert api.post(url(hotel_a), payload(), format="json").status_code == 401


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hire_date": "2025-02-30"}, "hire_date"),
        ({"hire_date": "yesterday"}, "hire_date"),
        ({"hire_date": "0001-01-01"}, "hire_date"),
        ({"hire_date": "9999-12-31"}, "hire_date"),
        ({"end_date": "2025-03-02"}, "end_date"),
        ({"job_role": "astronaut"}, "job_role"),
        ({"name": "x" * 10_000}, "name"),
        ({"name": "Rosa\x00Delgado"}, "name"),
        ({"name": "Rosa\x07Delgado"}, "name"),
        ({"name": "Rosa\nDelgado"}, "name"),
        ({"employee_number": "A" * 41}, "employee_number"),
        ({"email": "not-an-email"}, "email"),
        ({"customer_facing": "perhaps"}, "customer_facing"),
        ({"name": ""}, "name"),
        ({"name": ["a", "b"]}, "name"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, maria, hotel_a, overrides, field):
    response = api_as(maria).post(url(hotel_a), payload(**overrides), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not Employee.objects.exists()


def test_a_duplicate_employee_number_is_a_400_on_the_field(api_as, maria, hotel_a):
    EmployeeFactory(property=hotel_a, employee_number="HA-1001")

    response = api_as(maria).post(url(hotel_a), payload(), format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["employee_number"]
    assert Employee.objects.count() == 1


def test_the_same_employee_number_at_another_property_is_fine(api_as, maria, hotel_a, hotel_b):
    EmployeeFactory(property=hotel_b, employee_number="HA-1001")

    assert api_as(maria).post(url(hotel_a), payload(), format="json").status_code == 201


def test_a_missing_field_is_a_400(api_as, maria, hotel_a):
    data = payload()
    del data["hire_date"]

    response = api_as(maria).post(url(hotel_a), data, format="json")

    assert response.status_code == 400
    assert "hire_date" in response.json()["fields"]


@pytest.mark.parametrize("body", ["{not json", "[]", '"a string"', "\xff\xfe"])
def test_a_body_that_is_not_an_object_is_a_400(api_as, maria, hotel_a, body):
    response = api_as(maria).post(
        url(hotel_a), body.encode("latin-1"), content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "fields"}
    assert not Employee.objects.exists()


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999"])
def test_a_malformed_or_huge_employee_id_is_a_404(api_as, maria, hotel_a, pk):
    response = api_as(maria).get(f"/api/v1/properties/{hotel_a.pk}/employees/{pk}/")

    assert response.status_code == 404
