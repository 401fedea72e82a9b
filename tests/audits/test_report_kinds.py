"""The flowing report kinds: each collects a frozen snapshot, then draws it without a query.

Every PDF is read back with pdfplumber and checked section by section. Set REPORT_PDF_DIR to
keep the PDFs (to render them with `pdftoppm` and look at them).
"""

import io
import os
from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from audits.poster_evidence import poster_evidence_add
from audits.reports.document import build_document
from audits.reports.frame import ReportIdentity
from audits.reports.kinds import (
    annual_certification,
    compliance_pack,
    ct_dcp_registration,
    flowing_kind,
    training_roster,
)
from audits.reports.kinds.common import ReportContext
from audits.reports.models import AuditReport
from guests.models import PurgeRecord
from hotelcompliance.access_log import access_event_record
from tests import clock
from tests.audits.factories import file_request
from tests.factories import PropertyFactory
from tests.guests.factories import arriving, make_registration
from tests.training.factories import CourseFactory, EmployeeFactory, TrainingRecordFactory
from training.models import AnnualCertification

CODE = "HC-TEST-CODE-2026"
TODAY = timezone.localdate(clock.FROZEN_AT)
PERIOD_END = TODAY - timedelta(days=1)
PERIOD_START = PERIOD_END - timedelta(days=29)


# --- Helpers -----------------------------------------------------------------------------


def make_report(prop, user, kind, *, start=PERIOD_START, end=PERIOD_END) -> AuditReport:
    return AuditReport.objects.create(
        property=prop,
        kind=kind,
        period_start=start,
        period_end=end,
        requested_by=user,
        created_at=timezone.now(),
    )


def context_for(report: AuditReport) -> ReportContext:
    return ReportContext(report=report, as_of=report.period_end, generated_at=timezone.now())


def identity_for(report: AuditReport, module) -> ReportIdentity:
    return ReportIdentity(
        report_id=str(report.pk),
        title=module.TITLE,
        property_name=report.property.name,
        period=f"{report.period_start} to {report.period_end}",
        verification_code=CODE,
        verify_url="http://127.0.0.1:8000/verify/",
        generated_at="2026-11-28 09:00 EST",
    )


def render(module, report: AuditReport, django_assert_num_queries) -> tuple[object, list[str]]:
    """Collect, draw (asserting no query while drawing) and read back each page's text."""
    snapshot = module.collect(context_for(report))
    with django_assert_num_queries(0):
        flowables = module.story(snapshot)
    out = io.BytesIO()
    pages = build_document(
        out, identity=identity_for(report, module), story=flowables, pagesize=module.PAGESIZE
    )
    keep = os.environ.get("REPORT_PDF_DIR")
    if keep:
        os.makedirs(keep, exist_ok=True)
        test = os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[-1].split(" ")[0]
        with open(os.path.join(keep, f"{test}.pdf"), "wb") as handle:
            handle.write(out.getvalue())
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert len(texts) == pages
    return snapshot, texts


def assert_framed(texts: list[str], report: AuditReport) -> None:
    """Every page carries the report id, its number of the total and the verification code."""
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert f"Verification code {CODE}" in text
        assert str(report.pk) in text


def section(texts: list[str], heading: str) -> str:
    """The text from the page holding `heading` on (headings may share a page)."""
    joined = "\n".join(texts)
    assert heading in joined, f"no section {heading!r}"
    return joined[joined.index(heading) :]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def poster_photo() -> SimpleUploadedFile:
    """A small PNG that looks like a notice on a wall: a white sheet on a grey wall."""
    image = PILImage.new("RGB", (640, 480), (150, 150, 150))
    ImageDraw.Draw(image).rectangle((200, 90, 440, 400), fill=(255, 255, 255), outline=(20, 40, 90))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("notice.png", out.getvalue(), content_type="image/png")


def post_notice(
    prop, user, *, notice="trafficking_hotline", location="Front desk, left of the till"
):
    return poster_evidence_add(
        prop=prop,
        actor=user,
        data={"notice": notice, "location": location, "posted_on": PERIOD_START},
        photo=poster_photo(),
    )


@pytest.fixture
def course(db):
    return CourseFactory(title="Recognize the Signs", provider="AHLA")


@pytest.fixture
def staff(hotel_a, course):
    """Four employees in four states on the period's last day, and one who left before it."""
    overdue = EmployeeFactory(
        property=hotel_a, name="Olive Overdue", employee_number="E-1", hire_date=date(2024, 3, 1)
    )
    trained = EmployeeFactory(
        property=hotel_a,
        name="Tom Trained",
        employee_number="E-2",
        hire_date=date(2024, 3, 1),
        job_role="front_desk",
    )
    TrainingRecordFactory(employee=trained, course=course, completed_on=PERIOD_END - timedelta(60))
    soon = EmployeeFactory(
        property=hotel_a, name="Sue Soon", employee_number="E-3", hire_date=date(2024, 3, 1)
    )
    TrainingRecordFactory(employee=soon, course=course, completed_on=PERIOD_END - timedelta(350))
    lapsed = EmployeeFactory(
        property=hotel_a, name="Lou Lapsed", employee_number="E-4", hire_date=date(2023, 1, 1)
    )
    TrainingRecordFactory(employee=lapsed, course=course, completed_on=PERIOD_END - timedelta(400))
    EmployeeFactory(
        property=hotel_a,
        name="Gone Before",
        employee_number="E-5",
        hire_date=date(2023, 1, 1),
        end_date=PERIOD_START - timedelta(days=5),
    )
    return {"overdue": overdue, "trained": trained, "soon": soon, "lapsed": lapsed}


def certify(employee, user, year: int) -> AnnualCertification:
    return AnnualCertification.objects.create(
        employee=employee,
        year=year,
        signed_by=user,
        signed_by_name="Maria Manager",
        signed_at=timezone.now(),
        status_at_signing="compliant",
        last_completed_on=employee.training_records.first().completed_on,
    )


# --- Contract -----------------------------------------------------------------------------


def test_every_flowing_kind_follows_the_contract():
    for kind in (
        "compliance_pack",
        "training_roster",
        "annual_certification",
        "ct_dcp_registration",
    ):
        module = flowing_kind(kind)
        assert module.TITLE and module.PAGESIZE
        assert callable(module.collect) and callable(module.story)


def test_a_snapshot_is_frozen(hotel_a, maria, staff, django_assert_num_queries):
    report = make_report(hotel_a, maria, "training_roster")
    snapshot = training_roster.collect(context_for(report))
    with pytest.raises(FrozenInstanceError):
        snapshot.roster = None
    assert all(isinstance(line.name, str) for line in snapshot.roster.lines)


# --- Training roster ----------------------------------------------------------------------


def test_training_roster_lists_everyone_active_overdue_first(
    hotel_a, maria, staff, django_assert_num_queries
):
    report = make_report(hotel_a, maria, "training_roster")
    snapshot, texts = render(training_roster, report, django_assert_num_queries)
    assert_framed(texts, report)
    assert "Training roster" in texts[0] and "Hotel A" in texts[0]
    names = [line.name for line in snapshot.roster.lines]
    assert names == ["Lou Lapsed", "Olive Overdue", "Sue Soon", "Tom Trained"]
    assert "Gone Before" not in "\n".join(texts)
    roster = section(texts, "Roster")
    for name, number, status in [
        ("Olive Overdue", "E-1", "overdue"),
        ("Tom Trained", "E-2", "compliant"),
        ("Sue Soon", "E-3", "due soon"),
        ("Lou Lapsed", "E-4", "overdue"),
    ]:
        line = next(ln for ln in roster.splitlines() if name in ln)
        assert number in line and status in line
    assert "Recognize" in roster  # Tom's last course
    assert roster.index("Olive Overdue") < roster.index("Tom Trained")
    counts = section(texts, "Status at the end of the period")
    assert "Employees Overdue Due Due soon Compliant Not required" in counts
    assert "4 2 0 1 1 0" in counts
    assert "PA 16-71 §5" in counts


def test_a_long_roster_repeats_its_header_on_every_page(
    hotel_a, maria, course, django_assert_num_queries
):
    employees = [
        EmployeeFactory(property=hotel_a, name=f"Employee {n:03d}", employee_number=f"N-{n:03d}")
        for n in range(120)
    ]
    for employee in employees[::2]:
        TrainingRecordFactory(
            employee=employee, course=course, completed_on=PERIOD_END - timedelta(30)
        )
    report = make_report(hotel_a, maria, "training_roster")
    _, texts = render(training_roster, report, django_assert_num_queries)
    assert_framed(texts, report)
    roster_pages = [t for t in texts if "Employee 0" in t]
    assert len(roster_pages) >= 3
    for text in roster_pages:
        assert "Employee Number Role Hired Due Last training Course Status Reason" in text
        assert "Employee 0" in text.split("Status Reason", 1)[1]  # rows follow the header
    assert all(f"Employee {n:03d}" in "\n".join(texts) for n in range(120))


# --- Annual certification -----------------------------------------------------------------


def test_annual_certification_shows_certified_and_uncertified(
    hotel_a, maria, staff, django_assert_num_queries
):
    year = PERIOD_END.year
    certify(staff["trained"], maria, year)
    report = make_report(hotel_a, maria, "annual_certification")
    snapshot, texts = render(annual_certification, report, django_assert_num_queries)
    assert_framed(texts, report)
    body = section(texts, f"Certification year {year}")
    assert "PA 16-71 §5" in body and f"{year}-10-01" in body
    certified = section(texts, f"Certified for {year}")
    line = next(ln for ln in certified.splitlines() if "Tom Trained" in ln)
    assert "E-2" in line and "Front desk" in line and "Maria Manager" in line
    waiting = section(texts, "Still uncertified")
    for name in ("Olive Overdue", "Lou Lapsed", "Sue Soon"):
        assert name in waiting
    sue = next(u for u in snapshot.certification.uncertified if u.name == "Sue Soon")
    # Due soon: the training on record still counts, so she can be certified now.
    assert sue.certifiable and "can be certified now" in sue.reason
    olive = next(u for u in snapshot.certification.uncertified if u.name == "Olive Overdue")
    assert not olive.certifiable and "cannot be certified yet" in olive.reason
    assert "Tom Trained" not in waiting
    assert len(snapshot.certification.certified) == 1
    assert len(snapshot.certification.uncertified) == 3


# --- Compliance pack ----------------------------------------------------------------------


@pytest.fixture
def register(hotel_a, maria):
    """Six registrations on three days of the period, one outside it."""
    days = [PERIOD_START + timedelta(days=2)] * 3 + [PERIOD_START + timedelta(days=9)] * 2
    days += [PERIOD_END]
    for n, day in enumerate(days):
        make_registration(
            hotel_a,
            maria,
            arrival=arriving(hotel_a, day),
            room=str(100 + n),
            expected_departure=day + timedelta(days=1),
        )
    outside = PERIOD_START - timedelta(days=3)
    make_registration(
        hotel_a,
        maria,
        arrival=arriving(hotel_a, outside),
        expected_departure=outside + timedelta(days=1),
    )
    return days


def test_compliance_pack_shows_every_section(
    hotel_a, maria, ivan, staff, register, django_assert_num_queries
):
    certify(staff["trained"], maria, PERIOD_END.year)
    file_request(hotel_a, ivan)  # filed today, outside the period: not listed
    access_event_record(actor=maria, prop=hotel_a, kind="export", object_type="roster")
    access_event_record(actor=ivan, prop=hotel_a, kind="download", object_type="report")
    PurgeRecord.objects.create(
        property=hotel_a,
        today=PERIOD_START,
        registrations=12,
        held=1,
        first_arrival=date(2020, 1, 1),
        last_arrival=date(2020, 3, 1),
        last_transaction=date(2020, 3, 3),
    )
    report = make_report(hotel_a, maria, "compliance_pack", end=TODAY)
    snapshot, texts = render(compliance_pack, report, django_assert_num_queries)
    assert_framed(texts, report)
    assert "Compliance pack" in texts[0] and "Group A" in texts[0]

    summary = section(texts, "Summary of legal duties")
    for duty, citation in [
        ("Records kept and retained", "PA 16-71 §3"),
        ("Guest record fields", "PA 16-71 §3"),
        ("Training at hire", "PA 16-71 §5"),
        ("Refresher training", "PA 16-71 §5"),
        ("Annual certification", "PA 16-71 §5"),
        ("Hourly-rate ban", "PA 23-20"),
        ("Hotline notice posted", "CGS §54-234a"),
        ("Operator registration", "PA 26-98 §1"),
    ]:
        assert duty in summary and citation in summary
    duties = {d.name: d for d in snapshot.duties}
    assert duties["Training at hire"].status == "not met"  # Olive never trained
    assert duties["Refresher training"].status == "not met"  # Lou lapsed
    assert duties["Hourly-rate ban"].status == "met"
    assert duties["Guest record fields"].status == "met"
    assert duties["Hotline notice posted"].status == "not met"
    assert "no poster evidence recorded" in summary

    roster = section(texts, "Training roster against headcount")
    assert "Current headcount on" in roster and ": 4" in roster
    assert "Olive Overdue" in roster and "overdue" in roster
    certifications = section(texts, "Annual certifications")
    assert "Tom Trained" in certifications and "Still uncertified" in certifications
    assert "No poster evidence recorded." in section(texts, "Poster evidence")

    rate = section(texts, "The hourly-rate rule")
    assert "PA 23-20" in rate
    assert "hourly rate: none, as the law requires (of 6 registrations)" in rate

    retention = section(texts, "Retention")
    assert "Registrations held 7 on" in retention
    assert "at least 6 months (183 days)" in retention
    assert "12 destroyed, arrivals 2020-01-01 to 2020-03-01, ended by 2020-03-03" in retention
    assert duties["Records kept and retained"].status == "met"

    stats = section(texts, "Register statistics")
    assert "6 registrations in the period" in stats
    busiest = PERIOD_START + timedelta(days=2)
    assert f"busiest day {busiest.isoformat()} with 3" in stats
    assert f"{busiest:%a %m-%d} 3" in stats
    assert "guest name 0 0.0%" in stats and "receipt number 0 0.0%" in stats

    requests = section(texts, "Records requests filed in the period")
    (line,) = snapshot.requests
    assert (line.legal_basis, line.status) == ("Administrative subpoena", "Received")
    assert line.agency == "CT Department of Consumer Protection"
    assert line.reference in requests and "Administrative" in requests and "Received" in requests
    assert "Jane Roe" not in "\n".join(texts)  # the names the request asks for stay out
    access = section(texts, "Access log in the period")
    assert "Exported 1" in access and "Downloaded 1" in access
    assert "manager 1" in access and "inspector 1" in access

    integrity = section(texts, "Integrity")
    head = snapshot.integrity
    assert head.ok and head.head_seq > 0
    assert f"Chain head #{head.head_seq}" in integrity and "Result passed" in integrity


def test_compliance_pack_shows_the_latest_photo_of_each_notice(
    hotel_a, maria, register, django_assert_num_queries
):
    post_notice(hotel_a, maria, location="Back office")
    post_notice(hotel_a, maria, location="Front desk, left of the till")  # newer: shown
    post_notice(hotel_a, maria, notice="national_hotline", location="Staff room")
    report = make_report(hotel_a, maria, "compliance_pack")
    snapshot, texts = render(compliance_pack, report, django_assert_num_queries)
    posters = section(texts, "Poster evidence")
    assert "Front desk, left of the till" in posters and "Staff room" in posters
    assert "Back office" not in posters
    assert PERIOD_START.isoformat() in posters and "maria" in posters
    assert all(line.thumbnail for line in snapshot.posters.lines)
    duties = {d.name: d for d in snapshot.duties}
    assert duties["Hotline notice posted"].status == "met"
    with pdfplumber.open(io.BytesIO(render_bytes(compliance_pack, report))) as pdf:
        page = next(p for p in pdf.pages if "Poster evidence" in (p.extract_text() or ""))
        assert len(page.images) == 2  # the two thumbnails


def render_bytes(module, report: AuditReport) -> bytes:
    out = io.BytesIO()
    build_document(
        out,
        identity=identity_for(report, module),
        story=module.story(module.collect(context_for(report))),
        pagesize=module.PAGESIZE,
    )
    return out.getvalue()


def test_compliance_pack_reads_aggregates_not_tables(hotel_a, maria, staff, register):
    """Adding registrations does not add queries: the statistics are aggregated in SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = make_report(hotel_a, maria, "compliance_pack")
    with CaptureQueriesContext(connection) as before:
        compliance_pack.collect(context_for(report))
    for n in range(5):
        make_registration(
            hotel_a,
            maria,
            arrival=arriving(hotel_a, PERIOD_START + timedelta(n)),
            expected_departure=PERIOD_START + timedelta(n + 1),
        )
    with CaptureQueriesContext(connection) as after:
        snapshot = compliance_pack.collect(context_for(report))
    assert snapshot.register.total == 11
    assert len(after) == len(before)


def test_compliance_pack_flags_an_hourly_rate_and_a_broken_chain(hotel_a, maria, register):
    from guests.models import Registration

    # Rows written behind the service's back: what the pack exists to catch.
    Registration.objects.filter(room="100").update(rate_type="hourly", receipt_number="")
    report = make_report(hotel_a, maria, "compliance_pack")
    snapshot = compliance_pack.collect(context_for(report))
    duties = {d.name: d for d in snapshot.duties}
    assert duties["Hourly-rate ban"].status == "not met"
    assert "1 registration(s) in the period used an hourly rate" in duties["Hourly-rate ban"].reason
    assert duties["Guest record fields"].status == "attention"
    assert dict(snapshot.register.missing)["receipt_number"] == 1
    assert not snapshot.integrity.ok
    assert snapshot.integrity.content_problems


# --- CT DCP registration pack -------------------------------------------------------------


def test_ct_dcp_registration_pack_lists_details_evidence_and_gaps(
    hotel_a, maria, staff, register, django_assert_num_queries
):
    org = hotel_a.organisation
    org.legal_name = "Group A Hospitality LLC"
    org.business_address = "9 State Street, Hartford, CT 06103"
    org.phone = "860-555-0100"
    org.save()
    hotel_a.licence_number = "LIC-4411"
    hotel_a.save()
    PropertyFactory(organisation=org, name="Hotel A Annex", street="3 Elm Street")
    post_notice(hotel_a, maria)
    report = make_report(hotel_a, maria, "ct_dcp_registration")
    snapshot, texts = render(ct_dcp_registration, report, django_assert_num_queries)
    assert_framed(texts, report)
    assert "CT DCP registration pack" in texts[0]

    operator = section(texts, "Operator")
    assert "Group A Hospitality LLC" in operator and "860-555-0100" in operator
    assert "Hotel A Annex" in operator and "3 Elm Street" in operator
    assert "LIC-4411" in operator and "Rooms 40" in operator
    assert "PA 26-98" in operator and "2027-01-01" in operator

    records = section(texts, "Records duty")
    assert "CGS §44-4" in records and "PA 16-71 §3" in records
    assert "Registrations held 7" in records and "6 in the period" in records
    training = section(texts, "Training duty")
    assert "CGS §44-5" in training and "Headcount 4" in training
    assert "Overdue 2" in training
    notice = section(texts, "Notice duty")
    assert "CGS §54-234a" in notice and "Front desk, left of the till" in notice

    checklist = section(texts, "Checklist")
    missing = {item.label for item in snapshot.checklist if not item.done}
    assert "Operator email" in missing and "Primary contact person" in missing
    assert "Poster evidence of the hotline notice" not in missing
    assert "Every employee's training current" in missing
    assert "Operator legal name" not in missing
    assert "missing" in checklist and "Operator email" in checklist


def test_ct_dcp_pack_for_a_property_with_nothing_recorded(
    db, maria, hotel_a, django_assert_num_queries
):
    report = make_report(hotel_a, maria, "ct_dcp_registration")
    snapshot, texts = render(ct_dcp_registration, report, django_assert_num_queries)
    assert_framed(texts, report)
    assert "Registrations held 0" in section(texts, "Records duty")
    assert "Headcount 0" in section(texts, "Training duty")
    assert "No poster evidence recorded." in section(texts, "Notice duty")
    missing = {item.label for item in snapshot.checklist if not item.done}
    assert {"Guest records kept", "Poster evidence of the hotline notice"} <= missing


def test_reports_keep_to_their_own_property(hotel_a, hotel_b, maria, olga, staff, register):
    EmployeeFactory(property=hotel_b, name="Bea Elsewhere")
    make_registration(hotel_b, olga)
    report = make_report(hotel_a, maria, "compliance_pack")
    snapshot = compliance_pack.collect(context_for(report))
    assert "Bea Elsewhere" not in [line.name for line in snapshot.roster.lines]
    assert snapshot.retention.held == 7


def test_a_long_period_is_charted_by_week_and_optional_fields_can_be_required(
    hotel_a, maria, register, django_assert_num_queries
):
    hotel_a.extra_required_guest_fields = ["email", "id_number", "occupants", "vehicle_plate"]
    hotel_a.save()
    report = make_report(hotel_a, maria, "compliance_pack", start=PERIOD_END - timedelta(364))
    snapshot, texts = render(compliance_pack, report, django_assert_num_queries)
    register_facts = snapshot.register
    assert register_facts.bucket_days == 7 and len(register_facts.buckets) == 53
    assert sum(n for _, n in register_facts.buckets) == register_facts.total == 7
    missing = dict(register_facts.missing)
    assert missing["email"] == missing["id_number"] == missing["occupants"] == 7
    assert missing["vehicle_plate"] == 7 and missing["guest_name"] == 0
    assert "Registrations per week" in section(texts, "Register statistics")
    duties = {d.name: d for d in snapshot.duties}
    assert duties["Guest record fields"].status == "attention"
