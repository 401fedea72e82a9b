"""Every success names what happened, in the reader's language (issue 15, "Words for people")."""

import pytest
from django.contrib.messages import get_messages

from tests.factories import PropertyFactory
from tests.guests.factories import make_registration
from tests.training.test_course_catalog import course_data
from tests.training.test_views_employee import form_data as employee_data


def _said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_checkout_names_the_registration(client, hotel_a, sam):
    registration = make_registration(hotel_a, sam)
    client.force_login(sam)
    response = client.post(f"/desk/registrations/{registration.pk}/check-out/")
    assert _said(response) == [f"Registration {registration.number} checked out."]


def test_a_new_employee_is_named_by_number(client, hotel_a, maria):
    client.force_login(maria)
    response = client.post("/training/employees/new/", employee_data())
    assert response.status_code == 302
    assert _said(response) == ["Employee HA-1001 added."]


def test_a_course_added_is_named(client, hotel_a, maria):
    client.force_login(maria)
    response = client.post("/training/courses/new/", course_data())
    assert response.status_code == 302
    assert _said(response) == ["Course Texas hotel staff training added."]


def test_switching_property_says_where_you_now_work(client, group_a, hotel_a, gina):
    other = PropertyFactory(organisation=group_a, name="Hotel A2")
    client.force_login(gina)
    response = client.post("/switch-property/", {"property": other.pk})
    assert _said(response) == ["Now working at Hotel A2."]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Employee HA-1001 added."), ("es", "Empleado HA-1001 añadido.")],
)
def test_the_message_is_translated(client, hotel_a, maria, language, expected):
    client.force_login(maria)
    client.cookies["django_language"] = language
    response = client.post("/training/employees/new/", employee_data())
    assert _said(response) == [expected]
