"""Help text and errors are announced: every id a field names in aria-describedby (or a region
in aria-labelledby) exists on the page, once, for forms as shown and as sent back with errors.

Django 5.2 points a field's `aria-describedby` at `<id>_helptext` and `<id>_error`; the field
partials (`_field.html`, `audits/_choices.html`) give those ids to the help and the errors.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.guests.factories import make_registration
from tests.training.factories import EmployeeFactory
from training.course_content import get_course
from training.employee_links import employee_link_issue, link_url

pytestmark = pytest.mark.django_db

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids[value] += 1
            elif name in REFERENCES and not (name == "for" and tag == "output"):
                self.refs += [(tag, name, ref) for ref in value.split()]


def problems(html: str) -> list[str]:
    page = Ids()
    page.feed(html)
    missing = [
        f"<{tag} {attr}={ref!r}>: no such id" for tag, attr, ref in page.refs if ref not in page.ids
    ]
    twice = [f"id {ref!r} is used {n} times" for ref, n in page.ids.items() if n > 1]
    return missing + twice


def assert_references_hold(response, what: str) -> None:
    assert response.status_code in {200, 400}, f"{what}: {response.status_code}"
    html = response.content.decode()
    assert 'aria-describedby="' in html, f"{what}: nothing is described (is this the form?)"
    found = problems(html)
    assert not found, f"{what}:\n" + "\n".join(found)


@pytest.fixture
def as_user(client):
    def log_in(user) -> Client:
        client.force_login(user)
        return client

    return log_in


# Pages with a form, and what to send so it comes back with errors (empty, or one bad value).
MANAGER_FORMS = [
    ("check_in", {}, {}),
    ("concern_new", {}, {}),
    ("training_employee_new", {}, {"hire_date": "not a date"}),
    ("training_course_new", {}, {}),
    ("registration_import", {}, {}),
    ("training_import", {}, {}),
    ("password_change", {}, {}),
]


@pytest.mark.parametrize("name,kwargs,data", MANAGER_FORMS, ids=[f[0] for f in MANAGER_FORMS])
def test_a_managers_form_shown_and_with_errors_names_only_ids_it_has(
    as_user, maria, name, kwargs, data
):
    client = as_user(maria)
    url = reverse(name, kwargs=kwargs)
    shown = client.get(url)
    assert not problems(shown.content.decode()), problems(shown.content.decode())
    assert_references_hold(client.post(url, data), f"{name} with errors")


def test_the_forms_of_one_registration_and_one_employee_with_errors(as_user, hotel_a, maria, sam):
    client = as_user(maria)
    registration = make_registration(hotel_a, sam)
    url = reverse("registration_correct", kwargs={"pk": registration.pk})
    assert_references_hold(client.post(url, {"field": "room", "new_value": ""}), "correction")
    employee = EmployeeFactory(property=hotel_a)
    url = reverse("training_record_new", kwargs={"pk": employee.pk})
    assert_references_hold(client.post(url, {}), "training record with errors")


def test_the_inspectors_request_form_with_errors(as_user, ivan):
    client = as_user(ivan)
    url = reverse("records_request_new")
    assert_references_hold(client.post(url, {}), "records request with errors")


def test_the_login_form_with_errors(client):
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert not problems(response.content.decode())


def test_the_course_check_and_acknowledgment_with_errors(client, hotel_a, maria):
    employee = EmployeeFactory(property=hotel_a, job_role="other")
    UserFactory(username="unused")
    base = urlsplit(link_url(employee_link_issue(employee=employee, actor=maria))).path
    client.post(base + "course/start/")
    lesson = get_course().path("other")[0]
    check = client.post(f"{base}course/{lesson.id}/check/", {})
    assert_references_hold(check, "knowledge check with errors")
    scenario = lesson.scenarios[0]
    chosen = client.post(f"{base}course/{lesson.id}/scenario/{scenario.id}/", {})
    assert_references_hold(chosen, "scenario with no choice")
