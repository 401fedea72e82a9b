"""Daily reminders: one digest per manager a day, one reminder per employee per occasion."""

import uuid
from datetime import date

import pytest

from hotelcompliance.outbox import OutboxEvent
from tests.factories import PropertyFactory
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import ReminderLog
from training.selectors import reminders_due
from training.tasks import send_property_reminders, send_training_reminders

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 9, 1)


def employee(prop, name: str, completed_on: date | None, email: str = ""):
    person = EmployeeFactory(property=prop, name=name, email=email, hire_date=date(2024, 1, 15))
    if completed_on is not None:
        TrainingRecordFactory(employee=person, course=CourseFactory(), completed_on=completed_on)
    return person


@pytest.fixture
def staff(hotel_a):
    return {
        "overdue": employee(hotel_a, "Olive Overdue", date(2025, 1, 10), "olive@example.test"),
        "soon": employee(hotel_a, "Sid Soon", date(2025, 9, 15), "sid@example.test"),
        "quiet": employee(hotel_a, "Quinn Noemail", date(2025, 9, 20)),
        "fine": employee(hotel_a, "Fay Fine", date(2026, 3, 2), "fay@example.test"),
    }


def run(prop, as_of: date = AS_OF) -> int:
    return send_property_reminders(
        property_id=prop.pk, as_of=as_of.isoformat(), event_id=str(uuid.uuid4())
    )


def test_reminders_due_lists_overdue_then_due_soon(hotel_a, staff):
    rows = reminders_due(hotel_a, as_of=AS_OF)

    assert [row.employee.name for row in rows] == ["Olive Overdue", "Quinn Noemail", "Sid Soon"]
    assert [row.status.status for row in rows] == ["overdue", "due_soon", "due_soon"]


def test_each_manager_gets_one_digest_and_each_employee_their_reminder(
    mailoutbox, hotel_a, staff, maria, gina, olga
):
    sent = run(hotel_a)

    assert sent == len(mailoutbox) == 4
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_recipient) == sorted(
        [maria.email, gina.email, "olive@example.test", "sid@example.test"]
    )
    digest = by_recipient[maria.email]
    assert digest.subject == "Training at Hotel A: 1 overdue, 2 due soon"
    for name in ("Olive Overdue", "Sid Soon", "Quinn Noemail"):
        assert name in digest.body
        assert name in digest.alternatives[0].content
    assert "Fay Fine" not in digest.body
    assert "/training/" in digest.body
    olive = by_recipient["olive@example.test"]
    assert olive.subject == "Your trafficking-awareness training is overdue"
    assert "Hello Olive Overdue" in olive.body and "was due 2026-01-10" in olive.body
    assert olive.alternatives[0].mimetype == "text/html"
    # The date as the site language writes it (hotelcompliance/formats).
    sid = by_recipient["sid@example.test"]
    assert sid.subject == "Your trafficking-awareness training is due by Sep 15, 2026"
    assert "Olive" not in sid.body


def test_running_twice_on_one_day_sends_nothing_new(mailoutbox, hotel_a, staff, maria):
    run(hotel_a)
    first = len(mailoutbox)

    assert run(hotel_a) == 0
    assert len(mailoutbox) == first
    assert ReminderLog.objects.count() == first

    # The next day the manager's digest comes again; an employee's occasion does not.
    run(hotel_a, as_of=date(2026, 9, 2))
    assert [m.to for m in mailoutbox[first:]] == [[maria.email]]


def test_a_digest_holds_no_other_propertys_employees(mailoutbox, hotel_a, hotel_b, staff, olga):
    employee(hotel_b, "Bea Elsewhere", date(2025, 1, 10))

    run(hotel_b)

    assert [message.to for message in mailoutbox] == [[olga.email]]
    assert "Bea Elsewhere" in mailoutbox[0].body
    assert "Olive" not in mailoutbox[0].body and "Sid" not in mailoutbox[0].body


def test_nothing_due_sends_nothing(mailoutbox, hotel_a, maria):
    employee(hotel_a, "Fay Fine", date(2026, 3, 2), "fay@example.test")

    assert run(hotel_a) == 0
    assert mailoutbox == []


def test_the_daily_task_queues_one_event_per_property_with_staff(hotel_a, hotel_b, staff):
    employee(hotel_b, "Bea Elsewhere", None)
    PropertyFactory(name="Empty Inn")

    assert send_training_reminders(as_of="2026-09-01") == 2

    events = OutboxEvent.objects.filter(task_name="training.tasks.send_property_reminders")
    assert sorted(e.kwargs["property_id"] for e in events) == sorted([hotel_a.pk, hotel_b.pk])
    assert {e.kwargs["as_of"] for e in events} == {"2026-09-01"}


def test_a_redelivered_event_sends_once(mailoutbox, hotel_a, staff, maria):
    send_training_reminders(as_of="2026-09-01")
    event = OutboxEvent.objects.get(kwargs__property_id=hotel_a.pk)

    send_property_reminders(**event.kwargs, event_id=str(event.id))
    count = len(mailoutbox)
    send_property_reminders(**event.kwargs, event_id=str(event.id))

    assert count == 3
    assert len(mailoutbox) == count
