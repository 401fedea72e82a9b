"""The personnel-file certification kind: one certification's page, and only from its button.

The page itself, its signature and /verify/ are tested through the training certifications
page (tests/training/test_certifications.py); here: what the kind collects and draws, and that
a kind about one row cannot be asked for by period.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from audits.reports import services
from audits.reports.document import build_document
from audits.reports.forms import ReportRequestForm
from audits.reports.kinds import annual_certification, flowing_kind, personnel_certification
from audits.reports.models import AuditReport, ReportKind
from tests.audits.test_report_kinds import context_for, identity_for
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.services import certifications_sign

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 1)


@pytest.fixture
def certification(hotel_a, maria):
    """Ann, certified for 2026 on the tests' frozen day (2026-06-15), with 14 courses by then
    and one completed after the signing."""
    ann = EmployeeFactory(property=hotel_a, name="Ann <Trained> & Co", hire_date=date(2024, 1, 15))
    for n in range(14):
        course = CourseFactory(title=f"Course {n:02d}", provider="AHLA", minutes=30)
        TrainingRecordFactory(employee=ann, course=course, completed_on=date(2026, 1, 1 + n))
    later = CourseFactory(title="After the signing", provider="AHLA", minutes=30)
    TrainingRecordFactory(employee=ann, course=later, completed_on=date(2026, 6, 20))
    return certifications_sign(
        prop=hotel_a, actor=maria, year=2026, as_of=AS_OF, attested=True
    ).signed[0]


def personnel_report(certification, maria) -> AuditReport:
    return services.report_request_personnel_file(certification=certification, actor=maria)


def test_it_is_a_registered_flowing_kind():
    assert flowing_kind(ReportKind.PERSONNEL_CERTIFICATION) is personnel_certification


def test_it_collects_the_courses_done_by_the_signing_and_draws_without_a_query(
    certification, maria, django_assert_num_queries
):
    report = personnel_report(certification, maria)

    snapshot = personnel_certification.collect(context_for(report))
    with django_assert_num_queries(0):
        flow = personnel_certification.story(snapshot)
        out = io.BytesIO()
        pages = build_document(
            out, identity=identity_for(report, personnel_certification), story=flow
        )

    assert [c.title for c in snapshot.courses][:2] == ["Course 13", "Course 12"]
    assert len(snapshot.courses) == personnel_certification.MAX_COURSES_ON_PAGE
    assert snapshot.earlier_courses == 2
    assert snapshot.signed_by == (maria.get_full_name() or maria.username)
    assert pages == 1
    text = PdfReader(out).pages[0].extract_text()
    assert "Ann <Trained> & Co" in text  # printed as written, not read as markup
    assert "and 2 earlier completions" in text
    assert "After the signing" not in text
    assert "PA 16-71 §5" in text and "The 2026 deadline is 2026-10-01." in text


def test_the_certified_lines_are_the_propertys_own(hotel_a, hotel_b, maria, olga):
    for prop, actor, name in ((hotel_a, maria, "Ann Here"), (hotel_b, olga, "Bea Elsewhere")):
        employee = EmployeeFactory(property=prop, name=name, hire_date=date(2024, 1, 15))
        TrainingRecordFactory(employee=employee, completed_on=date(2026, 3, 2))
        certifications_sign(prop=prop, actor=actor, year=2026, as_of=AS_OF, attested=True)

    lines = annual_certification.certified_lines(hotel_a, year=2026)
    law = annual_certification.law_citation(hotel_a, 2026)

    assert [line.employee_name for line in lines] == ["Ann Here"]
    assert lines[0].signed_at == "2026-06-15 10:30 EDT"  # the property's own zone
    assert (law.citation, law.deadline) == ("PA 16-71 §5", date(2026, 10, 1))


def test_its_period_is_the_certification_year(certification, maria):
    report = personnel_report(certification, maria)

    assert (report.kind, report.annual_certification) == ("personnel_certification", certification)
    assert (report.period_start, report.period_end) == (date(2026, 1, 1), date(2026, 12, 31))


def test_only_report_makers_may_issue_it(certification, sam):
    with pytest.raises(PermissionDenied):
        services.report_request_personnel_file(certification=certification, actor=sam)
    assert not AuditReport.objects.exists()


def test_it_cannot_be_asked_for_by_period(hotel_a, maria):
    with pytest.raises(ValidationError) as error:
        services.report_request(
            prop=hotel_a,
            actor=maria,
            kind=ReportKind.PERSONNEL_CERTIFICATION,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 5, 31),
        )

    assert "personnel_certification" not in error.value.message_dict["kind"][0]
    assert "annual_certification" in error.value.message_dict["kind"][0]
    form_kinds = [value for value, _ in ReportRequestForm().fields["kind"].choices]
    assert "personnel_certification" not in form_kinds and "compliance_pack" in form_kinds
    assert not AuditReport.objects.exists()


def test_the_api_refuses_it_with_a_field_error(api_as, hotel_a, maria):
    body = {"kind": "personnel_certification", "period_start": "2026-01-01"}
    body["period_end"] = "2026-05-31"

    response = api_as(maria).post(
        f"/api/v1/properties/{hotel_a.pk}/audit-reports/", body, format="json"
    )

    assert response.status_code == 400
    assert "kind" in response.json()["fields"]
    assert not AuditReport.objects.exists()


def test_the_database_refuses_one_without_its_certification(hotel_a, maria):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditReport.objects.create(
            property=hotel_a,
            kind=ReportKind.PERSONNEL_CERTIFICATION,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            requested_by=maria,
            created_at=timezone.now(),
        )
