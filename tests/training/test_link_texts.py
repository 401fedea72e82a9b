"""Texting an employee their link: the phone number, the `sms:` page, the kept row, the log."""

import logging
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.exceptions import ValidationError

from hotelcompliance.access_log import AccessEvent
from tests.training.factories import EmployeeFactory
from training.employee_links import employee_link_issue, link_url
from training.link_texts import employee_link_text
from training.models import EmployeeLinkText
from training.phones import phone_masked, phone_normalize
from training.services import employee_create, employee_update
from training.sms import TextMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(hotel_a):
    return EmployeeFactory(
        property=hotel_a,
        name="Ana Reyes",
        phone="+15550104477",
        job_role="housekeeping",
        hire_date=date(2026, 6, 1),
        preferred_language="es",
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(555) 010-4477", "+15550104477"),
        ("555.010.4477", "+15550104477"),
        ("1 555 010 4477", "+15550104477"),
        ("+52 55 1234 5678", "+525512345678"),
        ("0052 55 1234 5678", "+525512345678"),
        ("", ""),
    ],
)
def test_a_number_is_kept_in_one_shape(typed, stored):
    assert phone_normalize(typed) == stored


@pytest.mark.parametrize("typed", ["555-0104", "+0 555 010 4477", "call me", "+1555010447712345"])
def test_a_number_that_is_not_a_phone_is_refused(typed):
    with pytest.raises(ValidationError):
        phone_normalize(typed)


def test_a_list_shows_the_number_masked():
    assert phone_masked("+15550104477") == "+1 ••• ••• 4477"
    assert phone_masked("") == ""


def test_the_service_normalizes_and_names_the_field_of_a_bad_number(hotel_a, maria):
    data = {
        "name": "Luis Mora",
        "employee_number": "E-9",
        "job_role": "front_desk",
        "hire_date": date(2026, 6, 1),
    }
    employee = employee_create(prop=hotel_a, actor=maria, data={**data, "phone": "555 010 4477"})
    assert employee.phone == "+15550104477"

    with pytest.raises(ValidationError) as error:
        employee_update(employee=employee, actor=maria, data={"phone": "12"})

    assert list(error.value.message_dict) == ["phone"]
    employee.refresh_from_db()
    assert employee.phone == "+15550104477"


def test_a_manager_adds_the_number_through_the_page_and_sees_it_masked(client, maria, hotel_a):
    client.force_login(maria)

    response = client.post(
        "/training/employees/new/",
        {
            "name": "Luis Mora",
            "employee_number": "E-10",
            "phone": "(555) 010-9911",
            "job_role": "front_desk",
            "hire_date": "2026-06-01",
            "preferred_language": "en",
        },
    )

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "+1 ••• ••• 9911" in page
    assert "+15550109911" not in page


def test_a_bad_number_on_the_page_is_a_field_error_and_nothing_is_saved(client, maria, hotel_a):
    client.force_login(maria)

    response = client.post(
        "/training/employees/new/",
        {
            "name": "Luis Mora",
            "employee_number": "E-11",
            "phone": "call me",
            "job_role": "front_desk",
            "hire_date": "2026-06-01",
        },
    )

    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert not hotel_a.employees.filter(employee_number="E-11").exists()


def test_the_api_takes_the_number_and_reads_it_back_masked(api_as, maria, ana):
    api = api_as(maria)

    base = f"/api/v1/properties/{ana.property_id}/employees/"

    listed = api.get(base)
    changed = api.patch(f"{base}{ana.pk}/", {"phone": "+52 55 1234 5678"}, format="json")
    refused = api.patch(f"{base}{ana.pk}/", {"phone": "nope"}, format="json")

    row = listed.json()["results"][0]
    assert row["phone_masked"] == "+1 ••• ••• 4477"
    assert "phone" not in row
    assert changed.status_code == 200, changed.content
    assert changed.json()["phone_masked"] == "+5 ••• ••• 5678"
    assert refused.status_code == 400
    assert "phone" in refused.json()["fields"]


def test_texting_gives_an_sms_address_with_the_link_in_the_employees_language(client, maria, ana):
    link = employee_link_issue(employee=ana, actor=maria)
    client.force_login(maria)

    response = client.post(f"/training/employees/{ana.pk}/link/text/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.context["text"]
    assert text.body.startswith("Hotel A: su enlace personal de capacitación")
    assert link_url(link) in text.body
    parts = urlsplit(text.uri)
    assert parts.scheme == "sms"
    assert parts.path == "+15550104477"
    assert parse_qs(parts.query)["body"] == [text.body]
    html = response.content.decode()
    assert f'href="{text.uri}"' in html or unquote(text.uri) in unquote(html)


def test_every_text_is_kept_logged_and_shown_on_the_employees_page(client, maria, ana):
    employee_link_issue(employee=ana, actor=maria)
    client.force_login(maria)

    client.post(f"/training/employees/{ana.pk}/link/text/")
    client.post(f"/training/employees/{ana.pk}/link/text/")

    rows = list(EmployeeLinkText.objects.filter(employee=ana))
    assert len(rows) == 2
    assert {row.sent_by for row in rows} == {maria}
    assert rows[0].backend == "training.sms.ConsoleBackend"
    events = AccessEvent.objects.filter(object_type="employee", kind="view_unmasked")
    assert events.count() == 2
    assert all(event.fields == ["phone"] and "Ana" not in event.reason for event in events)
    page = client.get(f"/training/employees/{ana.pk}/")
    assert list(page.context["link_texts"]) == rows
    assert "Texts of the link" in page.content.decode()


def test_without_a_number_or_a_working_link_nothing_is_kept(client, maria, ana):
    client.force_login(maria)

    no_link = client.post(f"/training/employees/{ana.pk}/link/text/", follow=True)
    ana.phone = ""
    ana.save()
    employee_link_issue(employee=ana, actor=maria)
    no_phone = client.post(f"/training/employees/{ana.pk}/link/text/", follow=True)

    assert "no working link" in no_link.content.decode()
    assert "Add a mobile number" in no_phone.content.decode()
    assert not EmployeeLinkText.objects.exists()


def test_another_propertys_employee_is_a_404(client, olga, ana, maria):
    employee_link_issue(employee=ana, actor=maria)
    client.force_login(olga)

    response = client.post(f"/training/employees/{ana.pk}/link/text/")

    assert response.status_code == 404
    assert not EmployeeLinkText.objects.exists()


def test_the_console_backend_logs_neither_the_number_nor_the_link(maria, ana, rf, caplog):
    link = employee_link_issue(employee=ana, actor=maria)

    with caplog.at_level(logging.INFO, logger="training.sms"):
        text = employee_link_text(employee=ana, actor=maria, request=rf.post("/"))

    assert text.delivered is False
    logged = caplog.text
    assert "prepared" in logged
    assert ana.phone not in logged and "4477" not in logged
    assert link_url(link) not in logged and str(link.pk) not in logged


class ProviderForTests:
    sent: list[TextMessage] = []

    def send(self, message: TextMessage) -> bool:
        self.sent.append(message)
        return True


def test_a_provider_backend_is_handed_the_text_and_the_row_says_it_delivered(
    settings, maria, ana, rf
):
    settings.SMS_BACKEND = "tests.training.test_link_texts.ProviderForTests"
    employee_link_issue(employee=ana, actor=maria)

    text = employee_link_text(employee=ana, actor=maria, request=rf.post("/"))

    assert ProviderForTests.sent[-1] == TextMessage(
        to="+15550104477", body=text.body, reference=str(text.row.pk)
    )
    assert EmployeeLinkText.objects.get().delivered is True
