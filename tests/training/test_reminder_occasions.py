"""Employees' reminders by occasion: first day, due soon, a week before, overdue; and "now"."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hotelcompliance.outbox import OutboxEvent
from tests.factories import PropertyFactory
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import ReminderLog
from training.reminders import reminder_send_now, reminders_for
from training.tasks import send_employee_reminder, send_property_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def texas(db):
    # New hires within 90 days, then every 12 months.
    return PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago", region="TX")


def run(prop, as_of: date) -> int:
    return send_property_reminders(
        property_id=prop.pk, as_of=as_of.isoformat(), event_id=str(uuid.uuid4())
    )


def occasions(employee) -> list[str]:
    return [r.key for r in ReminderLog.objects.filter(employee=employee).order_by("pk")]


def test_a_new_hire_is_reminded_on_their_first_day_not_before(mailoutbox, texas):
    hire = EmployeeFactory(property=texas, email="new@example.test", hire_date=date(2026, 6, 15))

    assert run(texas, date(2026, 6, 14)) == 0
    assert run(texas, date(2026, 6, 15)) == 1
    assert run(texas, date(2026, 6, 16)) == 0

    assert occasions(hire) == ["new_hire:2026-06-15"]
    assert mailoutbox[0].subject.startswith("Welcome to ")
    assert "Sep 13, 2026" in mailoutbox[0].body  # 90 days after hire, in the language's format


def test_a_new_hire_is_reminded_again_a_week_before_the_deadline_then_once_overdue(
    mailoutbox, texas
):
    hire = EmployeeFactory(property=texas, email="new@example.test", hire_date=date(2026, 6, 15))
    run(texas, date(2026, 6, 15))

    assert run(texas, date(2026, 9, 5)) == 0  # eight days before
    assert run(texas, date(2026, 9, 6)) == 1  # seven days before
    assert run(texas, date(2026, 9, 10)) == 0
    assert run(texas, date(2026, 9, 14)) == 1  # the day after the deadline
    assert run(texas, date(2026, 9, 20)) == 0

    assert occasions(hire) == [
        "new_hire:2026-06-15",
        "before_deadline:2026-09-13",
        "overdue:2026-09-13",
    ]


def test_a_refresher_due_soon_is_reminded_once_then_a_week_before(mailoutbox, hotel_a):
    worker = EmployeeFactory(property=hotel_a, email="w@example.test", hire_date=date(2024, 1, 15))
    TrainingRecordFactory(employee=worker, course=CourseFactory(), completed_on=date(2025, 9, 15))

    assert run(hotel_a, date(2026, 8, 15)) == 0  # 31 days before: not yet due soon
    assert run(hotel_a, date(2026, 8, 16)) == 1
    assert run(hotel_a, date(2026, 8, 17)) == 0
    assert run(hotel_a, date(2026, 9, 8)) == 1

    assert occasions(worker) == ["due_soon:2026-09-15", "before_deadline:2026-09-15"]
    assert all(m.to == ["w@example.test"] for m in mailoutbox)


def test_an_employee_without_email_or_trained_gets_nothing(mailoutbox, texas):
    EmployeeFactory(property=texas, email="", hire_date=date(2026, 6, 15))

    assert run(texas, date(2026, 6, 15)) == 0
    assert not ReminderLog.objects.exists()


def test_send_now_is_kept_and_queued_then_sent_once(mailoutbox, hotel_a, maria):
    worker = EmployeeFactory(property=hotel_a, email="w@example.test", hire_date=date(2026, 6, 1))

    reminder = reminder_send_now(employee=worker, actor=maria)

    assert mailoutbox == []  # sent by the outbox's task, after commit
    event = OutboxEvent.objects.get(task_name="training.tasks.send_employee_reminder")
    assert event.kwargs == {"reminder_id": reminder.pk}
    send_employee_reminder(**event.kwargs, event_id=str(event.id))
    send_employee_reminder(**event.kwargs, event_id=str(event.id))
    assert [m.to for m in mailoutbox] == [["w@example.test"]]
    assert list(reminders_for(worker)) == [reminder]
    assert (reminder.occasion, reminder.sent_by) == ("manual", maria)


def test_send_now_twice_a_day_is_refused(hotel_a, maria):
    worker = EmployeeFactory(property=hotel_a, email="w@example.test", hire_date=date(2026, 6, 1))
    reminder_send_now(employee=worker, actor=maria)

    with pytest.raises(ValidationError, match="already sent"):
        reminder_send_now(employee=worker, actor=maria)

    assert ReminderLog.objects.count() == 1
    assert OutboxEvent.objects.count() == 1


def test_send_now_without_email_is_refused(hotel_a, maria):
    worker = EmployeeFactory(property=hotel_a, email="", hire_date=date(2026, 6, 1))

    with pytest.raises(ValidationError, match="no email"):
        reminder_send_now(employee=worker, actor=maria)

    assert not ReminderLog.objects.exists()


def test_the_button_sends_and_the_page_lists_each_reminder(client, hotel_a, maria):
    worker = EmployeeFactory(property=hotel_a, email="w@example.test", hire_date=date(2026, 6, 1))
    client.force_login(maria)

    response = client.post(f"/training/employees/{worker.pk}/remind/")

    assert response.status_code == 302
    page = client.get(f"/training/employees/{worker.pk}/").content.decode()
    assert "Send reminder now" in page
    assert "Sent by a manager" in page
    assert ReminderLog.objects.get().employee == worker


def test_the_button_for_another_propertys_employee_is_a_404(client, maria, hotel_b):
    other = EmployeeFactory(property=hotel_b, email="o@example.test")
    client.force_login(maria)

    assert client.post(f"/training/employees/{other.pk}/remind/").status_code == 404
    assert not ReminderLog.objects.exists()


def test_front_desk_cannot_press_send_now(client, sam, hotel_a):
    worker = EmployeeFactory(property=hotel_a, email="w@example.test")
    client.force_login(sam)

    assert client.post(f"/training/employees/{worker.pk}/remind/").status_code == 403
    assert not ReminderLog.objects.exists()
