"""A manager edits an employee and marks a leaver in the app; both are in the change log."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hotelcompliance.change_log import ChangeKind, ChangeRecord
from tests.training.factories import EmployeeFactory, TrainingRecordFactory
from training.employee_changes import employee_edit, employee_mark_leaver

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa(hotel_a):
    return EmployeeFactory(property=hotel_a, name="Rosa Delgado", job_role="housekeeping")


def test_an_edit_logs_changed_fields_in_words(rosa, maria):
    employee_edit(employee=rosa, actor=maria, data={"job_role": "front_desk", "name": rosa.name})
    record = ChangeRecord.objects.get()
    assert record.kind == ChangeKind.EMPLOYEE_CHANGED
    assert list(record.changes) == ["job_role"]
    assert record.changes["job_role"] == ["Housekeeping", "Front desk"]


def test_an_edit_that_breaks_a_rule_saves_nothing(rosa, maria):
    with pytest.raises(ValidationError) as error:
        employee_edit(employee=rosa, actor=maria, data={"end_date": date(2020, 1, 1)})
    assert "end_date" in error.value.message_dict
    rosa.refresh_from_db()
    assert rosa.end_date is None
    assert not ChangeRecord.objects.exists()


def test_a_leaver_keeps_their_records_and_stops_counting_after_their_last_day(rosa, maria):
    TrainingRecordFactory(employee=rosa)
    employee_mark_leaver(employee=rosa, actor=maria, last_day=date(2026, 6, 14))
    rosa.refresh_from_db()
    assert rosa.end_date == date(2026, 6, 14)
    assert rosa.training_records.count() == 1
    assert ChangeRecord.objects.get().kind == ChangeKind.EMPLOYEE_LEFT
    from training.models import Employee

    assert rosa not in Employee.objects.current(date(2026, 6, 15))
    assert rosa in Employee.objects.current(date(2026, 6, 14))


def test_edit_page_prefills_and_saves(client, maria, rosa):
    client.force_login(maria)
    page = client.get(f"/training/employees/{rosa.pk}/edit/").content.decode()
    assert 'value="Rosa Delgado"' in page
    data = {
        "name": "Rosa M. Delgado",
        "employee_number": rosa.employee_number,
        "email": "",
        "job_role": "housekeeping",
        "customer_facing": "on",
        "hire_date": "2024-01-15",
        "end_date": "",
        "preferred_language": "es",
    }
    response = client.post(f"/training/employees/{rosa.pk}/edit/", data, follow=True)
    assert "Rosa M. Delgado is saved." in response.content.decode()
    rosa.refresh_from_db()
    assert (rosa.name, rosa.preferred_language) == ("Rosa M. Delgado", "es")


def test_leaver_form_on_the_employee_page(client, maria, rosa):
    client.force_login(maria)
    page = client.get(f"/training/employees/{rosa.pk}/").content.decode()
    assert "Mark as leaver" in page and 'value="2026-06-15"' in page
    response = client.post(
        f"/training/employees/{rosa.pk}/leaver/", {"last_day": "2026-06-10"}, follow=True
    )
    assert "marked as a leaver" in response.content.decode()
    bad = client.post(f"/training/employees/{rosa.pk}/leaver/", {"last_day": "soon"}, follow=True)
    assert bad.status_code == 200
    rosa.refresh_from_db()
    assert rosa.end_date == date(2026, 6, 10)


def test_a_last_day_before_the_hire_date_is_refused(client, maria, rosa):
    client.force_login(maria)
    response = client.post(
        f"/training/employees/{rosa.pk}/leaver/", {"last_day": "2020-01-01"}, follow=True
    )
    assert "before the hire date" in response.content.decode()
    rosa.refresh_from_db()
    assert rosa.end_date is None
