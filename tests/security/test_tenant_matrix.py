"""Tenant isolation: every role, object type and action, at its own and another property.

One table (MATRIX) says what each role gets at its own property (Hotel A). The same request
aimed at Hotel B (another group) is always a 404 for every signed-in role, and so is Hotel A's
URL carrying one of Hotel B's objects, unless the role was refused at its own property
already (then the same 403). Anonymous callers get 401 from the API and the login page from
the web. `test_every_route_is_in_the_matrix` fails when a route (or an API verb) has no row.

Roles: F front desk (sam), M manager (maria), A group admin (gina), I inspector (ivan);
"-" is an anonymous client.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from reportlab.pdfgen import canvas
from rest_framework.test import APIClient

from hotelcompliance.roles import Role
from tests.audits.factories import api_body, file_request
from tests.factories import MembershipFactory, OrganisationFactory, PropertyFactory, UserFactory
from tests.guests.concern_data import concern_data, make_concern
from tests.guests.factories import checkin_data, make_registration
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a 302 to the login page
ROLE_LETTERS = {"F": "front_desk", "M": "manager", "A": "org_admin", "I": "inspector"}
DENIALS = {401, 403, 405, LOGIN}


def who(ok, allowed: str, *, denied=403, anon=401) -> dict[str, object]:
    """Expected outcome per role at its own property: `ok` for the letters in `allowed`."""
    expected = {
        name: (ok if letter in allowed else denied) for letter, name in ROLE_LETTERS.items()
    }
    expected["anonymous"] = anon
    return expected


def page(ok, allowed: str, **kwargs) -> dict[str, object]:
    return who(ok, allowed, anon=LOGIN, **kwargs)


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    # The object the URL names: a key of MAKERS, or None for a list/create/page route.
    needs: str | None
    same: dict[str, object]
    body: Callable[[World, object], dict] | None = None
    # API routes carry the property in the path; pages use the session's current property.
    api: bool = True
    extra: dict = field(default_factory=dict)  # query string (and a URL `verb`)
    # What another property's object gets when the input is refused before the lookup (the
    # same answer for any id, so nothing leaks); default: 404, or the refusal at home.
    elsewhere: object = None

    @property
    def id(self) -> str:
        return f"{self.route}:{self.method}"


# --- The world: two hotels in two groups, each with a cast -------------------------------------


class World:
    def __init__(self) -> None:
        group_a = OrganisationFactory(name="Group A")
        self.a = PropertyFactory(organisation=group_a, name="Hotel A", jurisdiction="US-CT")
        self.b = PropertyFactory(name="Hotel B", jurisdiction="US-CT")
        self.users = {
            "front_desk": self._member("sam", Role.FRONT_DESK, prop=self.a),
            "manager": self._member("maria", Role.MANAGER, prop=self.a),
            "org_admin": self._member("gina", Role.ORG_ADMIN, org=group_a),
            "inspector": self._member("ivan", Role.INSPECTOR, prop=self.a),
        }
        # Hotel B's own people, who own its objects.
        self.b_desk = self._member("bert", Role.FRONT_DESK, prop=self.b)
        self.b_manager = self._member("olga", Role.MANAGER, prop=self.b)
        self.b_inspector = self._member("ines", Role.INSPECTOR, prop=self.b)
        self.course = CourseFactory()

    @staticmethod
    def _member(username, role, *, prop=None, org=None):
        user = UserFactory(username=username)
        extra = {"agency": "CT DCP", "badge_number": f"B-{username}"} if role == "inspector" else {}
        MembershipFactory(user=user, property=prop, organisation=org, role=role, **extra)
        return user

    def staff(self, prop, role: str):
        if prop == self.a:
            return self.users[role]
        return {"front_desk": self.b_desk, "manager": self.b_manager}.get(role, self.b_inspector)


def _pdf() -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Certificate")
    sheet.save()
    return buffer.getvalue()


def _record_with_certificate(world: World, prop):
    record = TrainingRecordFactory(employee=EmployeeFactory(property=prop), course=world.course)
    record.certificate.save("certificate.pdf", ContentFile(_pdf()), save=True)
    return record


def _certificate_submission(world: World, prop):
    from training.models import CertificateSubmission

    submission = CertificateSubmission(
        employee=EmployeeFactory(property=prop),
        course=CourseFactory(property=prop, jurisdictions=["US-TX"]),
        completed_on=timezone.localdate(),
        certificate_name="certificate.pdf",
    )
    submission.certificate.save("certificate.pdf", ContentFile(_pdf()), save=True)
    return submission


def _under_review(world: World, prop):
    from audits.services import records_request_review

    request = file_request(prop, world.staff(prop, "inspector"))
    records_request_review(request=request, actor=world.staff(prop, "manager"))
    return request


def _training_import(world: World, prop):
    from hotelcompliance.imports.stored import seal
    from training.models import TrainingImport

    return TrainingImport.objects.create(
        property=prop,
        created_by=world.staff(prop, "manager"),
        kind=TrainingImport.Kind.ROSTER,
        content=seal(b"employee_number,name\n"),
        digest="0" * 64,
    )


def _certified_employee(world: World, prop):
    from training.models import AnnualCertification

    employee = EmployeeFactory(property=prop)
    AnnualCertification.objects.create(
        employee=employee,
        year=timezone.localdate().year,
        signed_by=world.staff(prop, "manager"),
        signed_by_name="A Manager",
        signed_at=timezone.now(),
        status_at_signing="compliant",
    )
    return employee


def _audit_report(world: World, prop):
    from audits.reports.models import AuditReport

    today = timezone.localdate()
    report = AuditReport.objects.create(
        property=prop,
        kind="training_roster",
        period_start=today.replace(day=1),
        period_end=today,
        requested_by=world.staff(prop, "manager"),
        status="done",
        created_at=timezone.now(),
    )
    report.file.save("report.pdf", ContentFile(_pdf()), save=True)
    return report


def _poster_evidence(world: World, prop):
    from audits.models import PosterEvidence

    evidence = PosterEvidence(
        property=prop,
        notice="national_hotline",
        photo_name="poster.png",
        sha256="0" * 64,
        location="Lobby",
        posted_on=timezone.localdate(),
        uploaded_by=world.staff(prop, "manager"),
        uploaded_at=timezone.now(),
    )
    evidence.photo.save("poster.png", ContentFile(_png()), save=True)
    return evidence


def _request_document(world: World, prop):
    from audits.models import RecordsRequestDocument

    request = file_request(prop, world.staff(prop, "inspector"))
    document = RecordsRequestDocument(
        request=request,
        property=prop,
        kind="subpoena",
        original_name="subpoena.pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=world.staff(prop, "inspector"),
        uploaded_at=timezone.now(),
    )
    document.file.save("subpoena.pdf", ContentFile(_pdf()), save=True)
    return document


def _registration_import(world: World, prop):
    from guests.models import RegistrationImport

    return RegistrationImport.objects.create(
        property=prop, created_by=world.staff(prop, "manager"), file_name="pms.csv", digest="0" * 64
    )


def _room(world: World, prop):
    from hotelcompliance.rooms import Room

    return Room.objects.get_or_create(property=prop, number="101")[0]


def _import_profile(world: World, prop):
    from guests.import_profile_services import profile_copy_builtin

    return profile_copy_builtin(prop=prop, key="opera")


def _profile_body() -> dict:
    from guests.import_profiles import builtins

    return {"name": f"Own {uuid.uuid4().hex[:6]}", **builtins()["own"].data}


def _integration_token(world: World, prop):
    from hotelcompliance.api_tokens import TokenKind, issue_token

    user = world.staff(prop, "front_desk")
    return issue_token(user, kind=TokenKind.INTEGRATION, name="PMS feed", prop=prop)[0]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _linked_employee(world: World, prop):
    from training.employee_links import employee_link_issue

    employee = EmployeeFactory(property=prop)
    employee_link_issue(employee=employee, actor=world.staff(prop, "manager"))
    return employee


def _pre_arrival(world: World, prop):
    from guests.pre_arrivals import pre_arrival_create

    today = prop.today()
    data = {
        "guest_name": "Pat Early",
        "email": "pat@example.test",
        "expected_arrival": today,
        "expected_departure": today + datetime.timedelta(days=2),
    }
    return pre_arrival_create(prop=prop, actor=world.staff(prop, "front_desk"), data=data)[0]


# Each maker returns the object the URL names, created at the given property.
MAKERS: dict[str, Callable[[World, object], object]] = {
    "property": lambda w, prop: prop,
    "registration": lambda w, prop: make_registration(prop, w.staff(prop, "front_desk")),
    "concern": lambda w, prop: make_concern(prop, w.staff(prop, "front_desk")),
    "employee": lambda w, prop: EmployeeFactory(property=prop),
    "record": _record_with_certificate,
    "records_request": lambda w, prop: file_request(prop, w.staff(prop, "inspector")),
    "records_request_under_review": _under_review,
    "training_import": _training_import,
    "own_course": lambda w, prop: CourseFactory(property=prop),
    "certificate_submission": _certificate_submission,
    "certified_employee": _certified_employee,
    "audit_report": _audit_report,
    "poster_evidence": _poster_evidence,
    "request_document": _request_document,
    "registration_import": _registration_import,
    "room": _room,
    "import_profile": _import_profile,
    "integration_token": _integration_token,
    "linked_employee": _linked_employee,
    "membership": lambda w, prop: MembershipFactory(
        user=UserFactory(), property=prop, role=Role.FRONT_DESK
    ),
    "member_user": lambda w, prop: (
        MembershipFactory(user=UserFactory(), property=prop, role=Role.FRONT_DESK).user
    ),
    "pre_arrival": _pre_arrival,
}


def _json(data: dict) -> dict:
    import json

    return json.loads(json.dumps(data, default=str))


def _record_body(world: World, prop) -> dict:
    employee = EmployeeFactory(property=world.a)
    return {"employee": employee.pk, "course": world.course.pk, "completed_on": "2024-02-01"}


NUMBERS = itertools.count(1001)
EMPLOYEE = {
    "name": "Rosa Delgado",
    "employee_number": "HA-1001",
    "job_role": "front_desk",
    "customer_facing": True,
    "hire_date": "2025-03-03",
}


def _employee_body(world: World, prop) -> dict:
    return {**EMPLOYEE, "employee_number": f"HA-{next(NUMBERS)}"}


# fmt: off
MATRIX: list[Row] = [
    # --- API: properties
    Row("property-list", "GET", None, who(200, "FMAI")),
    Row("property-detail", "GET", "property", who(200, "FMAI")),
    # --- API: registrations (guest register)
    Row("registration-list", "GET", None, who(200, "FMA")),
    Row("registration-list", "POST", None, who(201, "FMA"),
        body=lambda w, prop: _json(checkin_data(prop))),
    Row("registration-detail", "GET", "registration", who(200, "FMA")),
    Row("registration-detail", "PATCH", "registration", who(200, "MA"),
        body=lambda w, prop: {"room": "202", "reason": "Moved rooms"}),
    Row("registration-checkout", "POST", "registration", who(200, "FMA")),
    # A PMS's upsert and batch: each call names a new reservation, so each allowed cell creates.
    Row("registration-by-external-ref", "PUT", None, who(201, "FMA"),
        body=lambda w, prop: _json(checkin_data(prop)), extra={"external_ref": "new"}),
    Row("registration-batch", "POST", None, who(200, "FMA"),
        body=lambda w, prop: _json(
            {"stays": [checkin_data(prop, external_ref=f"PMS-{uuid.uuid4().hex[:10]}")]}
        )),
    # --- API: pre-arrivals (a PMS prepares a stay and gets the guest's link)
    Row("pre-arrival-list", "POST", None, who(201, "FMA"),
        body=lambda w, prop: {"guest_name": "Pat Early",
                              "expected_arrival": str(prop.today()),
                              "expected_departure": str(prop.today())}),
    Row("pre-arrival-detail", "GET", "pre_arrival", who(200, "FMA")),
    Row("pre-arrival-revoke", "POST", "pre_arrival", who(200, "FMA")),
    # --- API: concern reports
    Row("concern-list", "GET", None, who(200, "MA")),
    Row("concern-list", "POST", None, who(201, "FMA"), body=lambda w, prop: concern_data()),
    Row("concern-detail", "GET", "concern", who(200, "MA")),
    Row("concern-case", "POST", "concern", who(201, "MA"),
        body=lambda w, prop: {"status": "reviewed", "note": "Read"}),
    # --- API: employees, training records, certificates, status, courses
    Row("training-employee-list", "GET", None, who(200, "MA")),
    Row("training-employee-list", "POST", None, who(201, "MA"), body=_employee_body),
    Row("training-employee-detail", "GET", "employee", who(200, "MA")),
    Row("training-employee-detail", "PATCH", "employee", who(200, "MA"),
        body=lambda w, prop: {"name": "Renamed"}),
    Row("training-record-list", "GET", None, who(200, "MA")),
    Row("training-record-list", "POST", None, who(201, "MA"), body=_record_body),
    Row("training-record-certificate", "GET", "record", who(200, "MA")),
    Row("training-status", "GET", None, who(200, "MA")),
    Row("course-list", "GET", None, who(200, "MA"), extra={"property": "{property}"}),
    # --- API: records requests (inspectors file; managers answer)
    Row("records-request-list", "GET", None, who(200, "MAI")),
    Row("records-request-list", "POST", None, who(201, "I"), body=lambda w, prop: api_body()),
    Row("records-request-detail", "GET", "records_request", who(200, "MAI")),
    Row("records-request-review", "POST", "records_request", who(200, "MA")),
    Row("records-request-produce", "POST", "records_request_under_review", who(200, "MA"),
        body=lambda w, prop: {"reason": "Subpoena checked."}),
    Row("records-request-object", "POST", "records_request_under_review", who(200, "MA"),
        body=lambda w, prop: {"grounds": "Overbroad."}),
    Row("records-request-clarify", "POST", "records_request", who(200, "MA"),
        body=lambda w, prop: {"question": "Which rooms?"}),
    Row("records-request-withdraw", "POST", "records_request", who(200, "I"),
        body=lambda w, prop: {"reason": "Resolved."}),
    # --- API: registration import, records-request decisions and documents, reports
    # Multipart-only uploads answer JSON with 415, and empty input with 400: past the access
    # check, before the lookup (any id answers the same).
    Row("registration-import", "POST", None, who(415, "MA"), body=lambda w, prop: {}),
    # Import profiles (managers): an empty profile is refused with field errors (400).
    Row("import-profile-list", "GET", None, who(200, "MA")),
    Row("import-profile-list", "POST", None, who(400, "MA"), body=lambda w, prop: {}),
    Row("import-profile-detail", "GET", "import_profile", who(200, "MA")),
    Row("import-profile-detail", "PATCH", "import_profile", who(200, "MA"),
        body=lambda w, prop: {"header_row": 2}),
    Row("import-profile-detail", "PUT", "import_profile", who(200, "MA"),
        body=lambda w, prop: _profile_body()),
    Row("import-profile-builtins", "GET", None, who(200, "MA")),
    Row("import-profile-copy", "POST", None, who(201, "MA"),
        body=lambda w, prop: {"builtin": "mews"}),
    Row("records-request-decide", "POST", "records_request", who(400, "MA"),
        body=lambda w, prop: {}, elsewhere=400),
    Row("records-request-documents", "POST", "records_request", who(415, "I"),
        body=lambda w, prop: {}, elsewhere=415),
    Row("records-request-exigent-review", "POST", "records_request", who(400, "MA"),
        body=lambda w, prop: {}, elsewhere=400),
    Row("poster-evidence-list", "GET", None, who(200, "MA")),
    Row("poster-evidence-list", "POST", None, who(415, "MA"), body=lambda w, prop: {}),
    Row("audit-report-list", "GET", None, who(200, "MAI")),
    Row("audit-report-list", "POST", None, who(400, "MA"), body=lambda w, prop: {}),
    # An inspector sees only the reports produced for their own requests.
    Row("audit-report-detail", "GET", "audit_report", {**who(200, "MA"), "inspector": 404}),
    Row("audit-report-download", "GET", "audit_report", {**who(200, "MA"), "inspector": 404}),
    # --- Pages: core
    Row("home", "GET", None, page(302, "FMAI"), api=False),
    Row("dashboard", "GET", None, page(200, "MA"), api=False),
    # Only group administrators; every other role is refused.
    Row("group_dashboard", "GET", None, page(200, "A"), api=False),
    Row("inspector_home", "GET", None, page(200, "I"), api=False),
    Row("rules", "GET", None, page(200, "FMAI"), api=False),
    Row("api_tokens", "GET", None, page(200, "MA"), api=False),
    Row("api_token_create", "POST", None, page(302, "MA"), api=False,
        body=lambda w, prop: {"name": "Mews", "submission": str(uuid.uuid4())}),
    Row("api_token_revoke", "POST", "integration_token", page(302, "MA"), api=False),
    Row("no_access", "GET", None, page(302, "FMAI"), api=False),
    Row("people", "GET", None, page(200, "MA"), api=False),
    Row("people_invite", "GET", None, page(200, "MA"), api=False),
    Row("people_role", "POST", "membership", page(302, "MA"), api=False,
        body=lambda w, prop: {"role": "manager"}),
    Row("people_remove", "POST", "membership", page(302, "MA"), api=False),
    Row("people_deactivate", "POST", "member_user", page(302, "MA"), api=False),
    Row("property_settings", "GET", None, page(200, "MA"), api=False),
    Row("change_log", "GET", None, page(200, "MA"), api=False),
    Row("switch_property", "POST", None, page(302, "FMAI"), api=False,
        body=lambda w, prop: {"property": prop.pk}),
    # --- Pages: front desk and guest register
    Row("desk", "GET", None, page(200, "FMA"), api=False),
    Row("desk_find", "POST", None, page(302, "FMA"), api=False,
        body=lambda w, prop: {"term": "101"}),
    Row("check_in_scan", "POST", None, page(200, "FMA"), api=False,
        body=lambda w, prop: {"scan": "990000001"}),
    Row("check_in", "GET", None, page(200, "FMA"), api=False),
    Row("registration_detail", "GET", "registration", page(200, "FMA"), api=False),
    Row("registration_reveal_id", "POST", "registration", page(200, "MA"), api=False,
        body=lambda w, prop: {"reason": "Police request, case 2026-17"}),
    Row("registration_checkout", "POST", "registration", page(302, "FMA"), api=False),
    Row("registration_card", "GET", "registration", page(200, "FMA"), api=False),
    Row("registration_correct", "GET", "registration", page(200, "MA"), api=False),
    Row("registration_search", "GET", None, page(200, "MA"), api=False),
    # Pre-arrival registration (the guest's own page, by signed link, is in EXCLUDED).
    Row("pre_arrival_new", "GET", None, page(200, "FMA"), api=False),
    Row("pre_arrival_detail", "GET", "pre_arrival", page(200, "FMA"), api=False),
    Row("pre_arrival_email", "POST", "pre_arrival", page(302, "FMA"), api=False),
    Row("pre_arrival_revoke", "POST", "pre_arrival", page(302, "FMA"), api=False),
    Row("pre_arrival_check_in", "GET", "pre_arrival", page(200, "FMA"), api=False),
    Row("concern_list", "GET", None, page(200, "MA"), api=False),
    Row("concern_new", "GET", None, page(200, "FMA"), api=False),
    Row("concern_filed", "GET", None, page(200, "FMA"), api=False),
    Row("concern_detail", "GET", "concern", page(200, "MA"), api=False),
    Row("concern_case_step", "POST", "concern", page(302, "MA"), api=False,
        body=lambda w, prop: {"status": "reviewed", "owner": "", "note": "Read"}),
    # --- Pages: training
    Row("training_roster", "GET", None, page(200, "MA"), api=False),
    Row("training_group", "GET", None, page(200, "MA"), api=False),
    Row("training_roster_csv", "GET", None, page(200, "MA"), api=False),
    Row("training_import", "GET", None, page(200, "MA"), api=False),
    # Only the uploader (the manager) sees an import; the group admin gets a 404.
    Row("training_import_preview", "GET", "training_import",
        {**page(200, "M"), "org_admin": 404}, api=False),
    Row("training_certificate", "GET", "record", page(200, "MA"), api=False),
    Row("training_employee_new", "GET", None, page(200, "MA"), api=False),
    Row("training_employee", "GET", "employee", page(200, "MA"), api=False),
    Row("training_record_new", "GET", "employee", page(200, "MA"), api=False),
    Row("training_certifications", "GET", "year", page(200, "MA"), api=False),
    Row("training_employee_remind", "POST", "employee", page(302, "MA"), api=False),
    Row("training_employee_edit", "GET", "employee", page(200, "MA"), api=False),
    Row("training_employee_leaver", "POST", "employee", page(302, "MA"), api=False,
        body=lambda w, prop: {"last_day": "2026-06-01"}),
    Row("training_courses", "GET", None, page(200, "MA"), api=False),
    Row("training_course_new", "GET", None, page(200, "MA"), api=False),
    Row("training_course_edit", "GET", "own_course", page(200, "MA"), api=False),
    Row("training_course_retire", "POST", "own_course", page(302, "MA"), api=False),
    Row("training_submissions", "GET", None, page(200, "MA"), api=False),
    Row("training_submission", "GET", "certificate_submission", page(200, "MA"), api=False),
    Row("training_submission_certificate", "GET", "certificate_submission", page(200, "MA"),
        api=False),
    Row("training_awareness", "GET", None, page(200, "MA"), api=False),
    # The signed PDFs are reports: the buttons queue one and redirect to its page.
    Row("training_certifications_roster_pdf", "POST", "year", page(302, "MA"), api=False,
        body=lambda w, prop: {"submission": str(uuid.uuid4())}),
    Row("training_certification_pdf", "POST", "certified_employee", page(302, "MA"),
        api=False, body=lambda w, prop: {"submission": str(uuid.uuid4())}),
    Row("training_employee_link_new", "POST", "employee", page(302, "MA"), api=False),
    Row("training_employee_link_email", "POST", "linked_employee", page(302, "MA"), api=False),
    # Without a mobile number the page goes back to the employee with the reason (302).
    Row("training_employee_link_text", "POST", "linked_employee", page(302, "MA"), api=False),
    Row("training_employee_link_revoke", "POST", "linked_employee", page(302, "MA"),
        api=False),
    Row("training_employee_link_sheet", "GET", "linked_employee", page(200, "MA"), api=False),
    # --- Pages: registration import (PMS), records requests, poster evidence, reports
    Row("registration_import", "GET", None, page(200, "MA"), api=False),
    Row("room_list", "GET", None, page(200, "MA"), api=False),
    Row("room_edit", "GET", "room", page(200, "MA"), api=False),
    Row("import_profile_list", "GET", None, page(200, "MA"), api=False),
    Row("import_profile_copy", "POST", None, page(302, "MA"), api=False,
        body=lambda w, prop: {"builtin": "cloudbeds"}),
    Row("import_profile_edit", "GET", "import_profile", page(200, "MA"), api=False),
    Row("drop_folder", "GET", None, page(200, "MA"), api=False),
    # A path outside IMPORT_DROP_ROOT (unset in tests): past the access check, refused (400).
    Row("drop_folder", "POST", None, page(400, "MA"), api=False,
        body=lambda w, prop: {"path": "../etc"}),
    Row("registration_import_preview", "GET", "registration_import",
        {**page(200, "M"), "org_admin": 404}, api=False),
    Row("records_request_list", "GET", None, page(200, "MA"), api=False),
    Row("records_request_new", "GET", None, page(200, "I"), api=False),
    Row("records_request_paper", "GET", None, page(200, "MA"), api=False),
    Row("records_request_detail", "GET", "records_request", page(200, "MAI"), api=False),
    # Empty or partial forms: past the access check, the input is refused (400).
    Row("records_request_answer", "POST", "records_request", page(400, "MA"), api=False,
        extra={"verb": "review"}),
    Row("records_request_decide", "POST", "records_request", page(400, "MA"), api=False),
    Row("records_request_withdraw", "POST", "records_request", page(400, "I"), api=False),
    Row("records_request_exigent_review", "POST", "records_request", page(400, "MA"),
        api=False),
    Row("records_request_document_add", "POST", "records_request", page(400, "I"), api=False),
    Row("records_request_document", "GET", "request_document", page(200, "MAI"), api=False),
    Row("poster_evidence", "GET", None, page(200, "MA"), api=False),
    Row("poster_evidence_photo", "GET", "poster_evidence", page(200, "MA"), api=False),
    # Inspectors list only the reports made for their own requests; others' are a 404.
    Row("report_list", "GET", None, page(200, "MAI"), api=False),
    Row("report_create", "POST", None, page(400, "MA"), api=False),
    Row("report_detail", "GET", "audit_report", {**page(200, "MA"), "inspector": 404}, api=False),
    Row("report_status", "GET", "audit_report", {**page(200, "MA"), "inspector": 404}, api=False),
    Row("report_download", "GET", "audit_report", {**page(200, "MA"), "inspector": 404},
        api=False),
]
# fmt: on

# Routes that hold no tenant data, with the reason they stay out of the matrix.
EXCLUDED = {
    "login": "public login form",
    "logout": "ends the caller's own session",
    "password_change": "the caller's own account",
    "password_change_done": "the caller's own account",
    "set_language": "sets the caller's own language cookie (tests/i18n/test_pages.py)",
    "otp_verify": "the caller's own second factor (tests/security/test_two_factor.py)",
    "otp_enrol": "the caller's own second factor (tests/security/test_two_factor.py)",
    "healthz": "public liveness, no data",
    "invite_accept": "an invited user's own one-time link (tests/core/test_people.py)",
    "invite_done": "a public confirmation page, no data",
    "api-token": "public token exchange (tests/security/test_two_factor.py)",
    "api-root": "DRF's index of links, no data",
    "registration-intake": "no session or token: an integration's HMAC signature names its "
    "property; another property's or a wrong signature is a 401 "
    "(tests/guests/test_signed_intake.py)",
    "schema": "the API description (tests/security/test_schemathesis.py)",
    "api-docs": "the API description page",
    "verify": "public check of a signed PDF's fingerprint: the verdict only, no tenant data",
    "api-verify": "public check of a signed PDF's fingerprint: the verdict only, no tenant data",
    # An employee's own pages: no login, the signed link in the URL names one employee
    # (tests/training/test_employee_links.py, test_employee_course_pages.py).
    "employee_home": "the employee's own page through their signed link",
    "employee_language": "the employee's own language, through their signed link",
    "employee_course": "the employee's own course, through their signed link",
    "employee_awareness": "the employee's own awareness note, through their signed link",
    "employee_certificate_upload": "the employee's own certificate, through their signed link",
    "employee_course_start": "the employee's own course, through their signed link",
    "employee_course_section": "the employee's own course, through their signed link",
    "employee_course_scenario": "the employee's own course, through their signed link",
    "employee_course_check": "the employee's own course, through their signed link",
    "employee_course_finish": "the employee's own course, through their signed link",
    "employee_certificate": "the employee's own certificate, through their signed link",
    # The guest's pre-arrival page: no login, the signed link names one pre-arrival
    # (tests/guests/test_pre_arrival.py: forged, expired, used and revoked links).
    "pre_arrival_guest": "the guest's own pre-arrival form, through their signed link",
}

# Routes whose object is named by a year (no other property's object to aim at).
YEAR_ONLY = {"training_certifications", "training_certifications_roster_pdf"}


# --- Running one row -------------------------------------------------------------------------


def url_for(row: Row, world: World, prop, obj) -> str:
    kwargs: dict = {}
    if row.api and row.route not in {"property-list", "property-detail", "course-list"}:
        kwargs["property_pk"] = prop.pk
    if row.route == "property-detail":
        kwargs["pk"] = obj.pk
    elif row.needs == "year" or row.route == "training_certification_pdf":
        kwargs["year"] = timezone.localdate().year
        if row.route == "training_certification_pdf":
            kwargs["pk"] = obj.pk
    elif row.needs == "request_document":
        kwargs.update(pk=obj.request_id, document_pk=obj.pk)
    elif row.needs is not None:
        kwargs["pk"] = obj.pk
    if "verb" in row.extra:
        kwargs["verb"] = row.extra["verb"]
    if "external_ref" in row.extra:  # a reservation the register has not seen yet
        kwargs["external_ref"] = f"PMS-{uuid.uuid4().hex[:10]}"
    url = reverse(row.route, kwargs=kwargs)
    query = {k: v for k, v in row.extra.items() if k not in {"verb", "external_ref"}}
    if query:
        url += "?" + "&".join(f"{k}={v.format(property=prop.pk)}" for k, v in query.items())
    return url


def outcome(response) -> object:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


def send(row: Row, client, url: str, body: dict | None):
    method = getattr(client, row.method.lower())
    if row.api:
        return method(url, body or {}, format="json") if row.method != "GET" else method(url)
    return method(url, body or {}) if row.method != "GET" else method(url)


def client_for(row: Row, user):
    if row.api:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client
    from tests.pages import PageClient  # posts a page's form as the page renders it

    client = PageClient()
    if user is not None:
        client.force_login(user)
    return client


def expected_elsewhere(expected_same):
    """Another tenant's property or object: refused as at home, else not found."""
    return expected_same if expected_same in DENIALS else 404


def cells(row: Row):
    """(role, scope) pairs this row covers, with what each should answer."""
    for role, expected in row.same.items():
        yield role, "same", expected
        if role == "anonymous":
            continue
        if row.api and row.route not in {"property-list", "course-list"}:
            # Hotel B in the path (and Hotel B's object): never found.
            yield role, "other property", 404
        if row.needs is not None and row.needs != "year" and row.route != "property-detail":
            # Own property in the path, Hotel B's object: not found (or refused as at home).
            other = row.elsewhere if row.elsewhere is not None and expected not in DENIALS else None
            yield role, "other object", other or expected_elsewhere(expected)
    if row.route == "course-list":
        for role in ROLE_LETTERS.values():
            yield role, "other property", 404
    if row.route == "switch_property":
        for role in ROLE_LETTERS.values():
            yield role, "other object", 404


def run_cell(row: Row, world: World, role: str, scope: str):
    user = None if role == "anonymous" else world.users[role]
    path_prop = world.b if scope == "other property" else world.a
    object_prop = world.a if scope == "same" else world.b
    obj = MAKERS[row.needs](world, object_prop) if row.needs not in (None, "year") else None
    body = (
        row.body(world, object_prop if row.route == "switch_property" else path_prop)
        if (row.body)
        else None
    )
    response = send(row, client_for(row, user), url_for(row, world, path_prop, obj), body)
    return response, obj


@pytest.fixture(autouse=True)
def fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_tenant_matrix(row):
    world = World()
    foreign = make_registration(world.b, world.b_desk, guest_name="Zed Foreign")
    EmployeeFactory(property=world.b, name="Zoe Foreign")
    unexpected = []
    for role, scope, expected in cells(row):
        response, _ = run_cell(row, world, role, scope)
        got = outcome(response)
        if got != expected:
            unexpected.append(f"{role} / {scope}: expected {expected}, got {got}")
        elif got == 200 and scope == "same" and not response.streaming:
            # Lists and pages never show another tenant's rows.
            text = response.content.decode(errors="replace")
            if str(foreign.pk) in text or "Foreign" in text:
                unexpected.append(f"{role} / same: the response shows Hotel B's data")
    assert unexpected == [], f"{row.id}: " + "; ".join(unexpected)


# --- The matrix covers every route ------------------------------------------------------------


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            if pattern.name.endswith("format-suffix") or str(pattern.pattern).endswith(
                r"\.(?P<format>[a-z0-9]+)/?$"
            ):
                continue
            yield pattern.name, prefix + str(pattern.pattern), pattern.callback


def _methods(callback) -> list[str]:
    """The HTTP verbs an API route answers (DRF viewsets and views); pages: just one."""
    actions = getattr(callback, "actions", None)
    if actions:
        return sorted(m.upper() for m in actions if m not in {"head", "options"})
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None and hasattr(view_class, "http_method_names"):
        return sorted(
            m.upper()
            for m in view_class.http_method_names
            if m not in {"head", "options", "trace"} and hasattr(view_class, m)
        )
    return []


def test_every_route_is_in_the_matrix():
    covered = {(row.route, row.method) for row in MATRIX}
    covered_routes = {row.route for row in MATRIX}
    missing = []
    for name, pattern, callback in _routes(get_resolver().url_patterns):
        if name in EXCLUDED:
            continue
        is_api = pattern.startswith("api/")
        methods = _methods(callback) if is_api else []
        if not methods:
            if name not in covered_routes:
                missing.append((name, "GET", pattern, is_api))
            continue
        missing += [(name, m, pattern, is_api) for m in methods if (name, m) not in covered]
    seen: set = set()
    lines = []
    for name, method, pattern, is_api in missing:
        if (name, method) in seen:
            continue
        seen.add((name, method))
        has_object = re.search(r"<(\w+:)?pk>|\(\?P<pk>", pattern)
        needs = '"<object kind from MAKERS>"' if has_object else "None"
        api = "" if is_api else ", api=False"
        helper = "who" if is_api else "page"
        lines.append(
            f'    Row("{name}", "{method}", {needs}, {helper}(<status>, "<roles: FMAI>"){api}),'
            f"  # /{pattern}"
        )
    assert not lines, (
        "These routes have no row in MATRIX (tests/security/test_tenant_matrix.py). Add one row "
        "per line (or an EXCLUDED entry with the reason the route holds no tenant data):\n"
        + "\n".join(lines)
    )


def test_the_matrix_names_only_existing_routes():
    names = {name for name, _, _ in _routes(get_resolver().url_patterns)}
    stale = sorted({row.route for row in MATRIX} - names) + sorted(set(EXCLUDED) - names)
    assert stale == [], f"remove these from the matrix, they no longer exist: {stale}"
