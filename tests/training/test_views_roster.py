"""The roster page and the group overview: counts, badges, filters, access and constant queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PropertyFactory
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import Employee, TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(hotel_a):
    """Ann trained today (compliant), Bob never trained (overdue), Cy has left (not required)."""
    today = hotel_a.today()
    ann = EmployeeFactory(property=hotel_a, name="Ann Trained", hire_date=today - timedelta(60))
    TrainingRecordFactory(employee=ann, course=CourseFactory(minutes=60), completed_on=today)
    EmployeeFactory(
        property=hotel_a, name="Bob Untrained", job_role="bell", hire_date=date(2024, 6, 1)
    )
    EmployeeFactory(
        property=hotel_a,
        name="Cy Gone",
        hire_date=date(2024, 1, 1),
        end_date=date(2024, 3, 1),
    )


def test_it_shows_counts_overdue_first_and_a_badge_per_status(client, maria, roster):
    client.force_login(maria)

    response = client.get("/training/")

    assert response.status_code == 200
    assert [(c["status"], c["count"]) for c in response.context["counts"]] == [
        ("overdue", 1),
        ("due", 0),
        ("due_soon", 0),
        ("compliant", 1),
        ("not_required", 1),
    ]
    html = response.content.decode()
    assert '<span class="badge bad">Overdue</span>' in html
    assert '<span class="badge ok">Compliant</span>' in html
    assert "<span>Not required</span>" in html
    assert "none recorded" in html
    assert "Add an employee" in html


def test_it_filters_by_status_and_job_role(client, maria, roster):
    client.force_login(maria)

    overdue = client.get("/training/", {"status": "overdue"})
    bell = client.get("/training/", {"job_role": "bell", "status": ""})
    housekeeping_overdue = client.get(
        "/training/", {"job_role": "housekeeping", "status": "overdue"}
    )

    assert [r["employee"].name for r in overdue.context["rows"]] == ["Bob Untrained"]
    assert [r["employee"].name for r in bell.context["rows"]] == ["Bob Untrained"]
    assert housekeeping_overdue.context["rows"] == []
    assert "No employee matches." in housekeeping_overdue.content.decode()


def test_a_bad_filter_shows_an_error_beside_it_and_the_whole_roster(client, maria, roster):
    client.force_login(maria)

    response = client.get("/training/", {"status": "<script>", "job_role": "x" * 5000})

    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    assert 'id="id_status_error"' in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_a_group_admin_sees_the_roster(client, gina, roster):
    client.force_login(gina)

    assert client.get("/training/").status_code == 200


@pytest.mark.parametrize("who", ["sam", "ivan"])
@pytest.mark.parametrize("page", ["/training/", "/training/group/"])
def test_front_desk_and_inspectors_are_refused(request, client, hotel_a, who, page):
    client.force_login(request.getfixturevalue(who))

    assert client.get(page).status_code == 403


@pytest.mark.parametrize("page", ["/training/", "/training/group/"])
def test_pages_need_a_login(client, page):
    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_tenants_manager_sees_only_her_own_roster(client, olga, roster):
    client.force_login(olga)

    response = client.get("/training/")

    assert response.status_code == 200
    assert response.context["total"] == 0
    assert "Bob Untrained" not in response.content.decode()


def test_the_group_page_counts_each_property(client, gina, group_a, hotel_a, hotel_b, roster):
    other = PropertyFactory(organisation=group_a, name="Hotel A2")
    EmployeeFactory(property=other, hire_date=date(2024, 1, 1))
    EmployeeFactory(property=hotel_b, name="Not Gina's")
    client.force_login(gina)

    response = client.get("/training/group/")

    assert response.status_code == 200
    summary = {s["prop"].name: s for s in response.context["summaries"]}
    assert set(summary) == {"Hotel A", "Hotel A2"}
    assert (summary["Hotel A"]["total"], summary["Hotel A2"]["total"]) == (3, 1)
    assert summary["Hotel A2"]["counts"][0] == {
        "status": "overdue",
        "label": "Overdue",
        "count": 1,
        "badge": "bad",
    }


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


def test_the_roster_and_dashboard_run_the_same_queries_for_10_and_1000_employees(
    client, maria, hotel_a
):
    client.force_login(maria)
    staff(hotel_a, 10)
    client.get("/training/")  # the property's first logged read starts its chain: not counted
    client.get("/dashboard/")  # the day's first view stores its duty snapshot: not counted
    with CaptureQueriesContext(connection) as small:
        assert len(client.get("/training/").context["rows"]) == 10
    with CaptureQueriesContext(connection) as small_dashboard:
        assert client.get("/dashboard/").status_code == 200

    Employee.objects.bulk_create(
        Employee(
            property=hotel_a,
            name=f"More {n}",
            employee_number=f"M-{n}",
            job_role="front_desk",
            hire_date=date(2025, 1, 1),
        )
        for n in range(990)
    )
    with CaptureQueriesContext(connection) as large:
        response = client.get("/training/")
        assert response.context["shown"] == 1000 and len(response.context["rows"]) == 100
    with CaptureQueriesContext(connection) as large_dashboard:
        assert client.get("/dashboard/").status_code == 200

    print(f"roster page queries: 10 employees {len(small)}, 1,000 employees {len(large)}")
    assert len(small) == len(large)
    assert len(small_dashboard) == len(large_dashboard)


def test_a_manager_of_one_property_sees_it_on_the_group_page(client, maria, roster):
    client.force_login(maria)

    response = client.get("/training/group/")

    assert response.status_code == 200
    assert [s["prop"].name for s in response.context["summaries"]] == ["Hotel A"]
    assert "Hotel A" in response.content.decode()


def test_a_long_roster_is_paged_overdue_first_and_keeps_its_filters(client, maria, hotel_a):
    client.force_login(maria)
    staff(hotel_a, 250)

    first = client.get("/training/")
    last = client.get("/training/?status=overdue&page=99")

    assert len(first.context["rows"]) == 100 and first.context["shown"] == 250
    assert first.context["rows"][0]["status"].status == "overdue"
    assert "Page 1 of 3" in first.content.decode()
    assert last.context["page_obj"].number == last.context["page_obj"].paginator.num_pages
    assert all(row["status"].status == "overdue" for row in last.context["rows"])
    assert "status=overdue&amp;page=" in last.content.decode()
