"""The employee's own page carries the managers' side too: approved courses with their upload,
this month's awareness note, the reminders sent; and a reminder email brings the link."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client

from hotelcompliance.outbox import OutboxEvent
from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, PropertyFactory, UserFactory
from tests.training.factories import CourseFactory, EmployeeFactory
from tests.training.test_submissions import pdf_file
from training.employee_links import employee_link_current, employee_link_issue, link_url
from training.models import AwarenessOpening, CertificateSubmission
from training.reminders import reminder_send_now
from training.tasks import send_employee_reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def texas(db):
    return PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago", region="TX")


@pytest.fixture
def rosa(texas):
    return EmployeeFactory(
        property=texas, name="Rosa Example", email="rosa@example.test", hire_date=date(2026, 1, 5)
    )


def path_of(link, suffix: str = "") -> str:
    return urlsplit(link_url(link)).path + suffix


def test_where_only_approved_courses_count_the_page_links_them_and_takes_the_certificate(
    texas, rosa, private_media
):
    course = CourseFactory(
        property=texas, title="AG approved course", jurisdictions=["US-TX"], url="https://x.test/c"
    )
    link = employee_link_issue(employee=rosa, actor=None)
    browser = Client()

    home = browser.get(path_of(link)).content.decode()

    assert "AG approved course" in home and 'href="https://x.test/c"' in home
    assert path_of(link, "certificate-upload/") in home
    sent = browser.post(
        path_of(link, "certificate-upload/"),
        {"course": course.pk, "completed_on": "2026-06-01", "certificate": pdf_file()},
    )
    assert sent.status_code == 302 and sent.url == path_of(link)
    submission = CertificateSubmission.objects.get(employee=rosa)
    assert submission.state == CertificateSubmission.State.PENDING
    assert "AG approved course" in browser.get(path_of(link)).content.decode()


def test_the_upload_is_a_404_where_no_approved_course_is_demanded(hotel_a):
    ann = EmployeeFactory(property=hotel_a, name="Ann Example")
    link = employee_link_issue(employee=ann, actor=None)

    assert Client().get(path_of(link, "certificate-upload/")).status_code == 404


def test_the_awareness_note_opens_through_the_link_and_counts_as_read(hotel_a):
    ann = EmployeeFactory(property=hotel_a, name="Ann Example", preferred_language="es")
    link = employee_link_issue(employee=ann, actor=None)
    browser = Client()

    note = browser.get(path_of(link, "awareness/"))

    assert note.status_code == 200
    assert note["Content-Language"] == "es"
    opening = AwarenessOpening.objects.get(employee=ann)
    assert opening.language == "es"
    assert path_of(link, "awareness/") in browser.get(path_of(link)).content.decode()


def test_a_reminder_email_brings_the_employees_own_link_and_shows_on_their_page(
    texas, rosa, mailoutbox
):
    manager = UserFactory(username="tex")
    MembershipFactory(user=manager, property=texas, role=Role.MANAGER)
    assert employee_link_current(rosa) is None

    reminder = reminder_send_now(employee=rosa, actor=manager)
    event = OutboxEvent.objects.get(task_name="training.tasks.send_employee_reminder")
    send_employee_reminder(reminder_id=reminder.pk, event_id=str(event.id))  # the worker

    link = employee_link_current(rosa)
    assert link is not None  # a first link was issued for the email
    assert [m.to for m in mailoutbox] == [["rosa@example.test"]]
    assert link_url(link) in mailoutbox[0].body
    assert "ask your manager" not in mailoutbox[0].body
    home = Client().get(path_of(link)).content.decode()
    assert "Reminders sent to me" in home
