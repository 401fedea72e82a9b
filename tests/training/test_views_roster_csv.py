"""The roster as CSV: every employee with status, safe to open in a spreadsheet, logged."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db

URL = "/training/roster.csv"
HEADER = [
    "employee_number",
    "name",
    "job_role",
    "customer_facing",
    "hire_date",
    "end_date",
    "status",
    "due_date",
    "last_completed",
    "reason",
]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_it_exports_every_employee_with_status(client, maria, hotel_a):
    ann = EmployeeFactory(
        property=hotel_a, name="Ann Example", employee_number="A-1", hire_date=date(2025, 1, 6)
    )
    TrainingRecordFactory(
        employee=ann, course=CourseFactory(minutes=30), completed_on=date(2025, 1, 6)
    )
    EmployeeFactory(
        property=hotel_a,
        name="Bo Left",
        employee_number="B-2",
        job_role="front_desk",
        customer_facing=False,
        hire_date=date(2024, 1, 1),
        end_date=date(2024, 6, 30),
    )
    EmployeeFactory(name="Elsewhere")  # another property's
    client.force_login(maria)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="training-roster-')
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == ["A-1", "B-2"]
    ann_row, bo_row = (dict(zip(HEADER, r, strict=True)) for r in rows[1:])
    assert ann_row["hire_date"] == "2025-01-06"
    assert ann_row["last_completed"] == "2025-01-06"
    assert ann_row["customer_facing"] == "yes"
    assert ann_row["status"] in {"compliant", "due_soon", "overdue"}
    assert bo_row["end_date"] == "2024-06-30"
    assert bo_row["status"] == "not_required"
    assert bo_row["customer_facing"] == "no"
    assert "employment ended" in bo_row["reason"]
    assert "Elsewhere" not in response.content.decode()


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_cells_that_a_spreadsheet_would_run_are_quoted(client, maria, hotel_a, evil):
    EmployeeFactory(property=hotel_a, name=evil, employee_number=evil.strip()[:40])
    client.force_login(maria)

    rows = read_csv(client.get(URL))

    assert rows[1][1] == "'" + evil
    assert rows[1][0].startswith("'")


def test_the_export_is_logged(client, maria, hotel_a):
    EmployeeFactory(property=hotel_a)
    client.force_login(maria)

    client.get(URL)

    event = AccessEvent.objects.get(kind=AccessKind.EXPORT)
    assert (event.object_type, event.actor, event.property) == ("training_roster", maria, hotel_a)
    assert "status" in event.fields


def test_the_query_count_does_not_grow_with_the_roster(client, maria, hotel_a):
    client.force_login(maria)
    EmployeeFactory.create_batch(3, property=hotel_a)
    client.get(URL)  # warm caches (session, rule pack)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for employee in EmployeeFactory.create_batch(30, property=hotel_a):
        TrainingRecordFactory(employee=employee)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)

    assert len(read_csv(response)) == 34
    assert len(large) == len(small)


def test_front_desk_gets_a_403(client, sam):
    client.force_login(sam)

    assert client.get(URL).status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessKind.EXPORT).exists()


def test_an_inspector_gets_a_403(client, ivan):
    client.force_login(ivan)

    assert client.get(URL).status_code == 403


def test_another_hotels_manager_sees_only_their_own(client, olga, hotel_a, hotel_b):
    EmployeeFactory(property=hotel_a, name="Hotel A person")
    EmployeeFactory(property=hotel_b, name="Hotel B person")
    client.force_login(olga)

    body = client.get(URL).content.decode()

    assert "Hotel B person" in body
    assert "Hotel A person" not in body


def test_the_roster_page_links_to_the_export_for_managers(client, maria, sam):
    client.force_login(maria)

    assert URL in client.get("/training/").content.decode()
