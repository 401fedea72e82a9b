"""One roster selector: the roster page and the training-status API show the same employees.

Both call `training.selectors.roster_select`; for each filter the page's rows and the API's
rows are the same employees in the same order, and another property's employees are in
neither.
"""

from datetime import date, timedelta

import pytest

from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.selectors import roster_select

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"status": "overdue"},
    {"status": "compliant"},
    {"status": "not_required"},
    {"job_role": "bell"},
    {"status": "overdue", "job_role": "bell"},
    {"status": "compliant", "job_role": "front_desk"},
]


@pytest.fixture
def roster(hotel_a, hotel_b):
    """Compliant, overdue and departed staff in three roles; Olga's hotel has one of each too."""
    today = hotel_a.today()
    course = CourseFactory(minutes=60)
    people = [
        ("Zoe Trained", "bell", True, None),
        ("Abe Untrained", "bell", False, None),
        ("Mia Trained", "front_desk", True, None),
        ("Lou Untrained", "front_desk", False, None),
        ("Cy Gone", "bell", False, date(2024, 3, 1)),
        ("Ann Untrained", "housekeeping", False, None),
    ]
    for prop in (hotel_a, hotel_b):
        for name, role, trained, end in people:
            employee = EmployeeFactory(
                property=prop,
                name=name,
                job_role=role,
                hire_date=date(2024, 1, 1) if end else today - timedelta(days=400),
                end_date=end,
            )
            if trained:
                TrainingRecordFactory(employee=employee, course=course, completed_on=today)


def _page_ids(client, filters) -> list[int]:
    response = client.get("/training/", filters)
    assert response.status_code == 200
    return [row["employee"].pk for row in response.context["rows"]]


def _api_ids(api, prop, filters) -> list[int]:
    response = api.get(f"/api/v1/properties/{prop.pk}/training-status/", filters)
    assert response.status_code == 200
    return [row["employee"] for row in response.json()["results"]]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(f.values()) or "all")
def test_the_page_and_the_api_show_the_same_employees(
    client, api_as, maria, hotel_a, roster, filters
):
    client.force_login(maria)
    expected = [
        row.employee.pk for row in roster_select(hotel_a, as_of=hotel_a.today(), **filters).shown
    ]

    assert _page_ids(client, filters) == expected
    assert _api_ids(api_as(maria), hotel_a, filters) == expected


def test_the_selector_filters_orders_and_scopes(hotel_a, roster):
    roster_a = roster_select(hotel_a, as_of=hotel_a.today(), status="overdue", job_role="bell")

    assert [row.employee.name for row in roster_a.shown] == ["Abe Untrained"]
    assert len(roster_a.rows) == 6
    assert {row.employee.property_id for row in roster_a.rows} == {hotel_a.pk}
    everyone = roster_select(hotel_a, as_of=hotel_a.today()).shown
    assert [row.employee.name for row in everyone] == [
        "Abe Untrained",
        "Ann Untrained",
        "Cy Gone",
        "Lou Untrained",
        "Mia Trained",
        "Zoe Trained",
    ]
    assert [row.status.status for row in everyone] == [
        "overdue",
        "overdue",
        "not_required",
        "overdue",
        "compliant",
        "compliant",
    ]
