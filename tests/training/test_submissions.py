"""Employees' own certificates of approved external courses: pending until a manager decides."""

import io
from datetime import date

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from reportlab.pdfgen import canvas

from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.roles import Role
from tests.factories import MembershipFactory, PropertyFactory, UserFactory
from tests.training.factories import CourseFactory, EmployeeFactory
from training.catalog_views import employee_certificate_upload
from training.models import CertificateSubmission, TrainingRecord
from training.status import COMPLIANT, OVERDUE, employee_status
from training.submissions import (
    certificate_submit,
    pending_submissions,
    submission_approve,
    submission_reject,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def pdf_file(name: str = "my certificate.pdf") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Certificate of completion")
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def texas(db):
    return PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago", region="TX")


@pytest.fixture
def tex(texas):
    user = UserFactory(username="tex")
    MembershipFactory(user=user, property=texas, role=Role.MANAGER)
    return user


@pytest.fixture
def approved(texas):
    return CourseFactory(
        property=texas, title="AG approved", jurisdictions=["US-TX"], url="https://x.test/c"
    )


@pytest.fixture
def worker(texas):
    return EmployeeFactory(property=texas, name="Rosa Example", hire_date=date(2026, 1, 5))


def status_of(employee):
    records = list(employee.training_records.select_related("course"))
    return employee_status(
        employee, pack=employee.property.rule_pack(), records=records, as_of=TODAY
    )


def submit(employee, course, **overrides):
    return certificate_submit(
        employee=employee,
        course=course,
        completed_on=overrides.get("completed_on", date(2026, 6, 1)),
        certificate=overrides.get("certificate", pdf_file()),
    )


def test_an_upload_is_pending_and_does_not_count(worker, approved):
    submission = submit(worker, approved)

    assert submission.state == CertificateSubmission.State.PENDING
    assert submission.certificate_name == "my certificate.pdf"
    assert not TrainingRecord.objects.exists()
    assert status_of(worker).status == OVERDUE


def test_an_approved_upload_counts_at_once_with_the_same_file(worker, approved, tex):
    submission = submit(worker, approved)

    record = submission_approve(submission=submission, actor=tex)

    submission.refresh_from_db()
    assert submission.state == CertificateSubmission.State.APPROVED
    assert submission.training_record == record
    assert record.certificate.name == submission.certificate.name
    assert record.verified_by == tex
    assert status_of(worker).status == COMPLIANT


def test_a_rejected_upload_keeps_its_reason_and_never_counts(worker, approved, tex):
    submission = submit(worker, approved)

    submission_reject(submission=submission, actor=tex, reason="The name is not yours.")

    submission.refresh_from_db()
    assert submission.state == CertificateSubmission.State.REJECTED
    assert submission.reason == "The name is not yours."
    assert not TrainingRecord.objects.exists()
    assert status_of(worker).status == OVERDUE


def test_a_rejection_needs_a_reason(worker, approved, tex):
    submission = submit(worker, approved)

    with pytest.raises(ValidationError) as error:
        submission_reject(submission=submission, actor=tex, reason="  ")

    assert "reason" in error.value.message_dict
    submission.refresh_from_db()
    assert submission.state == CertificateSubmission.State.PENDING


def test_a_decided_upload_cannot_be_decided_again(worker, approved, tex):
    submission = submit(worker, approved)
    submission_reject(submission=submission, actor=tex, reason="Blurred.")

    with pytest.raises(ValidationError):
        submission_approve(submission=submission, actor=tex)

    assert not TrainingRecord.objects.exists()


def test_only_an_approved_course_of_the_property_may_be_uploaded(worker, texas):
    unapproved = CourseFactory(property=texas, jurisdictions=[])

    with pytest.raises(ValidationError) as error:
        submit(worker, unapproved)

    assert "course" in error.value.message_dict
    assert not CertificateSubmission.objects.exists()


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("completed_on", {"completed_on": date(2026, 6, 16)}),
        ("completed_on", {"completed_on": date(2026, 1, 4)}),
        ("certificate", {"certificate": SimpleUploadedFile("c.pdf", b"<html></html>")}),
    ],
)
def test_a_bad_date_or_file_stores_nothing(worker, approved, field, overrides, private_media):
    with pytest.raises(ValidationError) as error:
        submit(worker, approved, **overrides)

    assert field in error.value.message_dict
    assert not CertificateSubmission.objects.exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_pending_submissions_are_the_propertys_own(worker, approved):
    mine = submit(worker, approved)
    other = PropertyFactory(jurisdiction="US-TX", timezone="America/Chicago")
    submit(
        EmployeeFactory(property=other, hire_date=date(2026, 1, 5)),
        CourseFactory(property=other, jurisdictions=["US-TX"]),
    )

    assert list(pending_submissions(worker.property)) == [mine]


# The manager's pages


def test_the_manager_approves_on_the_page(client, tex, worker, approved):
    submission = submit(worker, approved)
    client.force_login(tex)

    listing = client.get("/training/certificates/")
    assert "Rosa Example" in listing.content.decode()
    response = client.post(f"/training/certificates/{submission.pk}/", {"decision": "approve"})

    assert response.status_code == 302
    assert status_of(worker).status == COMPLIANT


def test_rejecting_without_a_reason_is_a_field_error_on_the_page(client, tex, worker, approved):
    submission = submit(worker, approved)
    client.force_login(tex)

    response = client.post(f"/training/certificates/{submission.pk}/", {"decision": "reject"})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    submission.refresh_from_db()
    assert submission.state == CertificateSubmission.State.PENDING


def test_the_manager_downloads_the_file_access_logged(client, tex, worker, approved):
    submission = submit(worker, approved)
    client.force_login(tex)

    response = client.get(f"/training/certificates/{submission.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    event = AccessEvent.objects.get(kind=AccessKind.DOWNLOAD)
    assert (event.object_type, event.object_id) == ("certificate_submission", str(submission.pk))


def test_another_propertys_certificate_is_a_404(client, maria, worker, approved):
    submission = submit(worker, approved)
    client.force_login(maria)

    page = f"/training/certificates/{submission.pk}/"
    assert client.get(page).status_code == 404
    assert client.get(f"{page}file/").status_code == 404
    assert client.post(page, {"decision": "approve"}).status_code == 404
    assert not TrainingRecord.objects.exists()


# The employee's upload form, as the link view will call it


def employee_request(method: str = "get", data: dict | None = None):
    factory = RequestFactory()
    request = factory.post("/e/upload/", data) if method == "post" else factory.get("/e/upload/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    return request


def test_the_employee_upload_form_lists_the_approved_courses_with_links(worker, approved):
    response = employee_certificate_upload(employee_request(), worker, done_url="/e/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="https://x.test/c"' in html
    assert "AG approved" in html


def test_the_employee_upload_form_creates_a_pending_submission(worker, approved):
    request = employee_request(
        "post",
        {"course": approved.pk, "completed_on": "2026-06-01", "certificate": pdf_file()},
    )

    response = employee_certificate_upload(request, worker, done_url="/e/")

    assert response.status_code == 302
    assert response["Location"] == "/e/"
    assert CertificateSubmission.objects.get().employee == worker


def test_the_employee_upload_form_refuses_a_bad_file_with_a_field_error(worker, approved):
    request = employee_request(
        "post",
        {
            "course": approved.pk,
            "completed_on": "2026-06-01",
            "certificate": SimpleUploadedFile("c.pdf", b"%PDF-1.4 not really"),
        },
    )

    response = employee_certificate_upload(request, worker, done_url="/e/")

    assert response.status_code == 200
    assert b'id="id_certificate_error"' in response.content
    assert not CertificateSubmission.objects.exists()


def test_there_is_no_upload_form_where_no_approval_is_demanded(hotel_a):
    employee = EmployeeFactory(property=hotel_a)

    with pytest.raises(Http404):
        employee_certificate_upload(employee_request(), employee, done_url="/e/")


def test_the_employee_detail_page_lists_approved_courses_and_uploads(client, tex, worker, approved):
    submit(worker, approved)
    client.force_login(tex)

    html = client.get(f"/training/employees/{worker.pk}/").content.decode()

    assert 'href="https://x.test/c"' in html
    assert "Waiting for a manager" in html
