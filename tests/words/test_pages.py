"""Words for people: no page shows a raw code or a research note (issue 15).

Each main page is rendered with something on it (a stay, employees due and overdue, a records
request, a report) for the manager and the inspector, and its visible text is searched for
snake_case codes and the research's notes.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audits.reports.models import AuditReport
from tests.audits.factories import file_request
from tests.guests.factories import make_registration
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from tests.words.visible import raw_words, visible_text


@pytest.fixture
def content(hotel_a, maria, sam, ivan):
    """A property with something on every page."""
    registration = make_registration(hotel_a, sam)
    course = CourseFactory(title="Recognize the Signs", provider="AHLA")
    today = hotel_a.today()
    overdue = EmployeeFactory(
        property=hotel_a, name="Olive Overdue", employee_number="E-1", hire_date=date(2024, 3, 1)
    )
    soon = EmployeeFactory(
        property=hotel_a, name="Sue Soon", employee_number="E-2", hire_date=date(2024, 3, 1)
    )
    TrainingRecordFactory(employee=soon, course=course, completed_on=today - timedelta(days=350))
    request = file_request(hotel_a, ivan)
    AuditReport.objects.create(
        property=hotel_a,
        kind="training_roster",
        period_start=today - timedelta(days=30),
        period_end=today - timedelta(days=1),
        requested_by=maria,
        created_at=timezone.now(),
    )
    return {"registration": registration, "overdue": overdue, "soon": soon, "request": request}


def manager_pages(content) -> list[str]:
    return [
        "/dashboard/",
        "/desk/",
        f"/desk/registrations/{content['registration'].pk}/",
        "/training/",
        f"/training/employees/{content['overdue'].pk}/",
        f"/training/employees/{content['soon'].pk}/",
        "/records-requests/",
        f"/records-requests/{content['request'].pk}/",
        "/rules/",
        "/reports/",
    ]


def inspector_pages(content) -> list[str]:
    return [
        "/inspector/",
        f"/records-requests/{content['request'].pk}/",
        "/records-requests/new/",
        "/rules/",
    ]


def _problems(client, paths: list[str]) -> dict[str, list[str]]:
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found = raw_words(visible_text(response.content.decode()))
        if found:
            problems[path] = found
    return problems


def test_a_managers_pages_show_no_codes_or_research_notes(client, content, maria):
    client.force_login(maria)
    problems = _problems(client, manager_pages(content))
    assert problems == {}, problems


def test_an_inspectors_pages_show_no_codes_or_research_notes(client, content, ivan):
    client.force_login(ivan)
    problems = _problems(client, inspector_pages(content))
    assert problems == {}, problems


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pages_read_the_same_in_spanish(client, content, maria, language):
    client.force_login(maria)
    client.cookies["django_language"] = language
    assert _problems(client, manager_pages(content)) == {}


def test_a_manager_reads_how_sure_each_rule_is_and_an_inspector_does_not(
    client, hotel_a, maria, ivan
):
    client.force_login(maria)
    managers = visible_text(client.get("/rules/").content.decode())
    assert "Partly confirmed" in managers and "Not confirmed" in managers
    client.force_login(ivan)
    inspectors = visible_text(client.get("/rules/").content.decode())
    assert "confirmed" not in inspectors.lower()
    assert "PA 16-71 §3" in inspectors  # the law itself is shown to everyone
