"""Managers keep their courses: add, edit, retire; the approved-course rule reads that list."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, PropertyFactory, UserFactory
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.course_catalog import (
    approved_courses_for,
    course_create,
    course_retire,
    course_update,
)
from training.models import Course
from training.services import training_record_create
from training.status import COMPLIANT, OVERDUE, employee_status

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture
def texas(db):
    return PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago", region="TX")


@pytest.fixture
def tex(texas):
    user = UserFactory(username="tex")
    MembershipFactory(user=user, property=texas, role=Role.MANAGER)
    return user


def course_data(**overrides) -> dict:
    return {
        "title": "Texas hotel staff training",
        "provider": "Example Academy",
        "version": "2026",
        "minutes": 30,
        "url": "https://training.example.test/tx",
        "jurisdictions": ["US-TX"],
        "evidence": Course.Evidence.CERTIFICATE,
        **overrides,
    }


def status_of(employee, as_of=TODAY):
    pack = employee.property.rule_pack()
    records = list(employee.training_records.select_related("course"))
    return employee_status(employee, pack=pack, records=records, as_of=as_of)


# The status engine and the approved-course rule


def test_a_completion_counts_in_texas_only_when_the_course_is_accepted_there(texas, tex):
    approved = course_create(prop=texas, actor=tex, data=course_data())
    unapproved = course_create(prop=texas, actor=tex, data=course_data(jurisdictions=[]))
    with_unapproved = EmployeeFactory(property=texas, hire_date=date(2026, 1, 5))
    with_approved = EmployeeFactory(property=texas, hire_date=date(2026, 1, 5))
    TrainingRecordFactory(
        employee=with_unapproved, course=unapproved, completed_on=date(2026, 2, 2)
    )
    TrainingRecordFactory(employee=with_approved, course=approved, completed_on=date(2026, 2, 2))

    refused = status_of(with_unapproved)
    counted = status_of(with_approved)

    assert refused.status == OVERDUE
    assert "not approved for Texas" in refused.reason
    assert counted.status == COMPLIANT
    assert counted.last_completed_on == date(2026, 2, 2)


def test_editing_a_course_to_accept_texas_makes_its_completions_count(texas, tex):
    course = course_create(prop=texas, actor=tex, data=course_data(jurisdictions=[]))
    employee = EmployeeFactory(property=texas, hire_date=date(2026, 1, 5))
    TrainingRecordFactory(employee=employee, course=course, completed_on=date(2026, 2, 2))
    assert status_of(employee).status == OVERDUE

    course_update(course=course, actor=tex, data={"jurisdictions": ["US-TX"]})

    assert status_of(employee).status == COMPLIANT


def test_a_retired_course_keeps_past_completions_counting(texas, tex):
    course = course_create(prop=texas, actor=tex, data=course_data())
    employee = EmployeeFactory(property=texas, hire_date=date(2026, 1, 5))
    TrainingRecordFactory(employee=employee, course=course, completed_on=date(2026, 2, 2))

    course_retire(course=course, actor=tex)

    course.refresh_from_db()
    assert course.retired_at is not None
    assert course.retired_by == tex
    assert status_of(employee).status == COMPLIANT


def test_no_new_completion_may_name_a_retired_course(texas, tex):
    course = course_retire(
        course=course_create(prop=texas, actor=tex, data=course_data()), actor=tex
    )
    employee = EmployeeFactory(property=texas, hire_date=date(2026, 1, 5))

    with pytest.raises(ValidationError) as error:
        training_record_create(
            employee=employee, actor=tex, course=course, completed_on=date(2026, 2, 2)
        )

    assert "retired" in error.value.message_dict["course"][0]
    assert not employee.training_records.exists()


# The services


def test_an_unknown_jurisdiction_is_a_field_error_and_nothing_is_saved(texas, tex):
    with pytest.raises(ValidationError) as error:
        course_create(prop=texas, actor=tex, data=course_data(jurisdictions=["US-XX"]))

    assert "jurisdictions" in error.value.message_dict
    assert not Course.objects.filter(property=texas).exists()


def test_a_shared_course_cannot_be_edited_or_retired(texas, tex):
    shared = CourseFactory(property=None, title="Shared")

    with pytest.raises(ValidationError):
        course_update(course=shared, actor=tex, data={"title": "Mine now"})
    with pytest.raises(ValidationError):
        course_retire(course=shared, actor=tex)

    shared.refresh_from_db()
    assert shared.title == "Shared"
    assert shared.retired_at is None


def test_approved_courses_for_lists_current_courses_accepted_in_the_state(texas, tex):
    accepted = course_create(prop=texas, actor=tex, data=course_data(title="A accepted"))
    course_create(prop=texas, actor=tex, data=course_data(title="B not", jurisdictions=[]))
    retired = course_create(prop=texas, actor=tex, data=course_data(title="C retired"))
    course_retire(course=retired, actor=tex)
    elsewhere = PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago")
    CourseFactory(property=elsewhere, jurisdictions=["US-TX"])
    employee = EmployeeFactory(property=texas)

    listed = approved_courses_for(employee)

    assert [a.course for a in listed] == [accepted]
    assert listed[0].url == "https://training.example.test/tx"


def test_approved_courses_for_is_empty_where_no_approval_is_demanded(hotel_a):
    CourseFactory(property=hotel_a, jurisdictions=["US-CT"])

    assert approved_courses_for(EmployeeFactory(property=hotel_a)) == []


# The pages


def test_a_manager_adds_a_course_on_the_page(client, texas, tex):
    client.force_login(tex)

    response = client.post(
        "/training/courses/new/",
        {
            "title": "Texas hotel staff training",
            "provider": "Example Academy",
            "minutes": "30",
            "url": "https://training.example.test/tx",
            "jurisdictions": ["US-TX"],
            "evidence": "certificate",
        },
    )

    assert response.status_code == 302
    course = Course.objects.get(property=texas)
    assert course.jurisdictions == ["US-TX"]
    assert course.url == "https://training.example.test/tx"
    assert course.evidence == "certificate"
    listing = client.get("/training/courses/").content.decode()
    assert "Texas hotel staff training" in listing


def test_bad_input_on_the_course_page_gives_field_errors(client, texas, tex):
    client.force_login(tex)

    response = client.post(
        "/training/courses/new/",
        {"title": "", "provider": "P", "minutes": "9999", "url": "not a url"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "minutes", "url"} <= set(errors)
    assert not Course.objects.filter(property=texas).exists()


def test_a_manager_edits_and_retires_a_course_on_the_page(client, texas, tex):
    course = course_create(prop=texas, actor=tex, data=course_data())
    client.force_login(tex)

    page = client.get(f"/training/courses/{course.pk}/")
    assert page.status_code == 200
    assert page.context["form"].initial["title"] == "Texas hotel staff training"
    edited = client.post(
        f"/training/courses/{course.pk}/",
        {"title": "Renamed", "provider": "Example Academy", "jurisdictions": ["US-TX"]},
    )
    assert edited.status_code == 302
    retired = client.post(f"/training/courses/{course.pk}/retire/")

    assert retired.status_code == 302
    course.refresh_from_db()
    assert course.title == "Renamed"
    assert course.retired_at is not None
    assert client.get(f"/training/courses/{course.pk}/").status_code == 404


def test_another_property_or_a_shared_course_is_a_404(client, maria, hotel_b):
    other = CourseFactory(property=hotel_b)
    shared = CourseFactory(property=None)
    client.force_login(maria)

    for course in (other, shared):
        assert client.get(f"/training/courses/{course.pk}/").status_code == 404
        assert client.post(f"/training/courses/{course.pk}/retire/").status_code == 404
    other.refresh_from_db()
    assert other.retired_at is None


def test_front_desk_cannot_keep_courses(client, sam):
    client.force_login(sam)

    assert client.get("/training/courses/").status_code == 403
    assert client.post("/training/courses/new/", course_data()).status_code == 403


def test_the_record_form_offers_no_retired_course(client, texas, tex):
    current = course_create(prop=texas, actor=tex, data=course_data(title="Current"))
    retired = course_retire(
        course=course_create(prop=texas, actor=tex, data=course_data(title="Old")), actor=tex
    )
    employee = EmployeeFactory(property=texas)
    client.force_login(tex)

    response = client.get(f"/training/employees/{employee.pk}/records/new/")

    offered = list(response.context["form"].fields["course"].queryset)
    assert current in offered
    assert retired not in offered
