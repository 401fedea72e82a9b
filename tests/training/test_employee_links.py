"""Employees' personal links: issued, emailed, shown as a QR code, revoked, expiring, logged."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from hotelcompliance.access_log import AccessEvent
from hotelcompliance.outbox import OutboxEvent
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training import tasks
from training.employee_links import (
    SALT,
    employee_link_current,
    employee_link_issue,
    link_token,
    link_url,
)
from training.models import EmployeeLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee(hotel_a):
    return EmployeeFactory(
        property=hotel_a,
        name="Ana Reyes",
        email="ana@example.test",
        job_role="housekeeping",
        hire_date=date(2026, 6, 1),
    )


def page_path(link: EmployeeLink, suffix: str = "") -> str:
    return urlsplit(link_url(link)).path + suffix


def test_a_manager_makes_a_link_and_it_opens_the_employees_own_page(client, maria, employee):
    client.force_login(maria)

    response = client.post(f"/training/employees/{employee.pk}/link/")

    assert response.status_code == 302
    link = employee_link_current(employee)
    assert link is not None
    assert link.created_by == maria
    assert link.expires_at == link.created_at + timedelta(days=30)
    page = Client().get(page_path(link))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ana Reyes" in html
    assert page.context["overview"].status.reason in html
    assert page["Cache-Control"] == "no-store, private"
    assert page["Referrer-Policy"] == "same-origin"


def test_the_token_names_the_link_not_the_employee(maria, employee):
    link = employee_link_issue(employee=employee, actor=maria)

    token = link_token(link)

    assert signing.Signer(salt=SALT).unsign(token) == link.pk.hex
    assert f"/{employee.pk}/" not in link_url(link)
    assert link_token(link) == token  # the manager's page and the email show the same link


def test_every_use_of_the_link_is_logged_without_the_name(maria, employee):
    link = employee_link_issue(employee=employee, actor=maria)

    Client().get(page_path(link))

    event = AccessEvent.objects.get(object_type="employee_link")
    assert event.object_id == str(link.pk)
    assert event.property == employee.property
    assert event.kind == "view"
    assert "Ana" not in event.reason
    link.refresh_from_db()
    assert link.last_used_at is not None


@pytest.mark.parametrize(
    "token",
    ["nonsense", "abc:def", signing.Signer(salt="another-salt").sign("0" * 32)],
)
def test_a_forged_or_tampered_token_is_a_404(maria, employee, token):
    employee_link_issue(employee=employee, actor=maria)

    assert Client().get(f"/e/{token}/").status_code == 404


def test_a_token_of_a_link_that_does_not_exist_is_a_404(db):
    token = signing.Signer(salt=SALT).sign("1" * 32)

    assert Client().get(f"/e/{token}/").status_code == 404


def test_a_link_works_until_its_last_second_then_stops(frozen_clock, settings, maria, employee):
    settings.EMPLOYEE_LINK_DAYS = 30
    link = employee_link_issue(employee=employee, actor=maria)

    frozen_clock.move_to(link.expires_at - timedelta(seconds=1))
    assert Client().get(page_path(link)).status_code == 200
    frozen_clock.move_to(link.expires_at)
    assert Client().get(page_path(link)).status_code == 404


def test_the_link_lifetime_is_a_setting(settings, maria, employee):
    settings.EMPLOYEE_LINK_DAYS = 7

    link = employee_link_issue(employee=employee, actor=maria)

    assert link.expires_at - link.created_at == timedelta(days=7)


def test_a_revoked_link_stops_at_once_and_the_revocation_is_logged(client, maria, employee):
    link = employee_link_issue(employee=employee, actor=maria)
    client.force_login(maria)

    response = client.post(f"/training/employees/{employee.pk}/link/revoke/")

    assert response.status_code == 302
    assert Client().get(page_path(link)).status_code == 404
    link.refresh_from_db()
    assert link.revoked_by == maria
    event = AccessEvent.objects.get(object_type="employee_link", kind="revoke")
    assert event.actor == maria
    assert event.object_id == str(link.pk)


def test_a_new_link_ends_the_earlier_one(maria, employee):
    first = employee_link_issue(employee=employee, actor=maria)
    second = employee_link_issue(employee=employee, actor=maria)

    assert Client().get(page_path(first)).status_code == 404
    assert Client().get(page_path(second)).status_code == 200


def test_a_leavers_link_stops_with_the_job(maria, employee):
    link = employee_link_issue(employee=employee, actor=maria)
    employee.end_date = employee.property.today() - timedelta(days=1)
    employee.save()

    assert Client().get(page_path(link)).status_code == 404


def test_another_propertys_manager_cannot_touch_the_link(client, olga, maria, employee):
    employee_link_issue(employee=employee, actor=maria)
    client.force_login(olga)

    assert client.post(f"/training/employees/{employee.pk}/link/").status_code == 404
    assert client.post(f"/training/employees/{employee.pk}/link/revoke/").status_code == 404
    assert client.post(f"/training/employees/{employee.pk}/link/email/").status_code == 404
    assert client.get(f"/training/employees/{employee.pk}/link/sheet/").status_code == 404
    assert employee_link_current(employee) is not None


def test_front_desk_cannot_make_links(client, sam, employee):
    client.force_login(sam)

    assert client.post(f"/training/employees/{employee.pk}/link/").status_code == 403
    assert not EmployeeLink.objects.exists()


def test_the_link_is_emailed_through_the_outbox(
    client, maria, employee, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(maria)

    client.post(f"/training/employees/{employee.pk}/link/", {"send": "1"})

    link = employee_link_current(employee)
    event = OutboxEvent.objects.get(task_name="training.tasks.send_employee_link")
    assert event.kwargs == {"link_id": str(link.pk)}  # an id only, never the address
    assert mailoutbox == []
    assert tasks.send_employee_link(event_id=str(event.pk), **event.kwargs) is True
    (message,) = mailoutbox
    assert message.to == ["ana@example.test"]
    assert link_url(link) in message.body
    assert "2026-07-15" in message.body  # works until: 30 days on, the property's date


def test_an_email_queued_for_a_link_revoked_since_is_not_sent(maria, employee, mailoutbox):
    link = employee_link_issue(employee=employee, actor=maria)
    link.revoked_at = timezone.now()
    link.save()

    assert tasks.send_employee_link(link_id=str(link.pk)) is False
    assert mailoutbox == []


def test_the_employee_page_for_managers_shows_the_qr_code(client, maria, employee):
    link = employee_link_issue(employee=employee, actor=maria)
    client.force_login(maria)

    html = client.get(f"/training/employees/{employee.pk}/").content.decode()

    assert 'src="data:image/svg+xml;base64,' in html
    assert link_url(link) in html


def test_the_printable_sheet_shows_the_qr_code_and_needs_a_working_link(client, maria, employee):
    client.force_login(maria)
    assert client.get(f"/training/employees/{employee.pk}/link/sheet/").status_code == 404

    employee_link_issue(employee=employee, actor=maria)
    response = client.get(f"/training/employees/{employee.pk}/link/sheet/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Reyes" in html
    assert 'src="data:image/svg+xml;base64,' in html


def test_the_employee_page_shows_due_date_why_courses_and_history(hotel_a, maria, employee):
    counting = CourseFactory(title="State-approved awareness", minutes=60)
    TrainingRecordFactory(employee=employee, course=counting, completed_on=date(2026, 6, 2))
    link = employee_link_issue(employee=employee, actor=maria)

    response = Client().get(page_path(link))

    html = response.content.decode()
    overview = response.context["overview"]
    assert overview.status.status == "compliant"
    assert overview.status.due_date.isoformat() in html
    assert "State-approved awareness" in html  # in the history and among the courses
    assert counting in [c.course for c in overview.courses]
    # The pack's rules in plain words (hotelcompliance/rules/texts.py), with their citations.
    assert overview.duty_plain[0].text in html
    assert hotel_a.rule_pack().rule("training_scope").citation in html
    assert "Start the course" in html


def test_the_employee_switches_to_spanish_and_their_record_keeps_it(maria, employee):
    link = employee_link_issue(employee=employee, actor=maria)
    browser = Client()

    response = browser.post(
        page_path(link, "language/"), {"language": "es", "next": page_path(link)}
    )

    assert response.status_code == 302
    assert response["Location"] == page_path(link)
    employee.refresh_from_db()
    assert employee.preferred_language == "es"
    page = browser.get(page_path(link))
    assert '<html lang="es">' in page.content.decode()
    assert page["Content-Language"] == "es"


def test_the_language_switch_goes_back_only_to_the_employees_own_pages(maria, employee):
    link = employee_link_issue(employee=employee, actor=maria)

    response = Client().post(
        page_path(link, "language/"), {"language": "xx", "next": "https://evil.example/"}
    )

    assert response["Location"] == page_path(link)
    employee.refresh_from_db()
    assert employee.preferred_language == "en"


def test_the_link_email_is_in_the_employees_language(maria, employee, mailoutbox):
    employee.preferred_language = "es"
    employee.save()
    link = employee_link_issue(employee=employee, actor=maria)

    tasks.send_employee_link(link_id=str(link.pk))

    (message,) = mailoutbox
    assert message.subject == "Su página de capacitación en Hotel A"
    assert "Hola, Ana Reyes:" in message.body
    assert link_url(link) in message.body
