"""Reports: asked for, built once (and resumably) in the background, signed, read back, verified."""

import io
import re
from datetime import timedelta

import pdfplumber
import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.reports import services, signing, verify
from audits.reports.models import AuditReport, ReportStatus
from audits.services import records_request_produce, records_request_review
from hotelcompliance.outbox import OutboxEvent
from tests.audits.factories import days_ago, file_request
from tests.audits.report_fixtures import *  # noqa: F403
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.usefixtures("report_media")


def produced_request(prop, inspector, manager, **overrides):
    request = file_request(prop, inspector, **overrides)
    records_request_review(request=request, actor=manager)
    return records_request_produce(request=request, actor=manager)


@pytest.fixture
def guests_in_scope(hotel_a, maria):
    """Two stays in scope (rooms 101/102, 15 days ago), one out of room, one out of period."""
    day = days_ago(15)
    return {
        "in_101": make_registration(
            hotel_a,
            maria,
            guest_name="Jane Roe",
            room="101",
            arrival=arriving(hotel_a, day),
            expected_departure=day + timedelta(days=2),
        ),
        "in_102": make_registration(
            hotel_a,
            maria,
            guest_name="Jane Roe",
            room="102",
            arrival=arriving(hotel_a, day, 18),
            expected_departure=day + timedelta(days=1),
        ),
        "other_room": make_registration(
            hotel_a,
            maria,
            guest_name="Jane Roe",
            room="305",
            arrival=arriving(hotel_a, day),
            expected_departure=day + timedelta(days=1),
        ),
        "other_name": make_registration(
            hotel_a,
            maria,
            guest_name="Oscar Outside",
            room="101",
            arrival=arriving(hotel_a, day + timedelta(days=2)),
            expected_departure=day + timedelta(days=3),
        ),
    }


def extract_for(hotel_a, ivan, maria, **overrides):
    request = produced_request(hotel_a, ivan, maria, **overrides)
    return services.report_request(
        prop=hotel_a, actor=maria, kind="register_extract", records_request=request
    )


def pdf_text(report: AuditReport) -> list[str]:
    """Each page's text as laid out (pdfplumber places form XObjects, like the page total)."""
    with report.file.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        # Level text only: the diagonal watermark's letters would interleave with the rows.
        return [page.filter(_level).extract_text() or "" for page in pdf.pages]


def _level(obj: dict) -> bool:
    return obj.get("object_type") != "char" or abs(obj["matrix"][1]) < 1e-6


# Asking -----------------------------------------------------------------------------------


def test_asking_queues_the_report_and_its_build_through_the_outbox(hotel_a, maria):
    report = services.report_request(
        prop=hotel_a,
        actor=maria,
        kind="training_roster",
        period_start=days_ago(30),
        period_end=days_ago(0),
    )
    assert report.status == ReportStatus.QUEUED and report.progress == 0
    event = OutboxEvent.objects.get(task_name=services.BUILD_TASK)
    assert event.kwargs == {"report_id": str(report.pk)}
    assert verify.normalise_code(report.verification_code) == report.verification_code


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (5, 10, "period_end", "cannot end before it starts"),
        (5, -2, "period_end", "cannot end in the future"),
        (None, 1, "period_start", "first day"),
        (2000, 1, "period_start", "at most three years"),
    ],
)
def test_a_bad_period_is_refused_with_a_message(hotel_a, maria, start, end, field, message):
    with pytest.raises(ValidationError) as caught:
        services.report_request(
            prop=hotel_a,
            actor=maria,
            kind="compliance_pack",
            period_start=days_ago(start) if start is not None else None,
            period_end=days_ago(end),
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert not AuditReport.objects.exists()


def test_an_extract_needs_a_produced_request_of_the_same_property(hotel_a, hotel_b, ivan, maria):
    with pytest.raises(ValidationError, match="answers a records request"):
        services.report_request(prop=hotel_a, actor=maria, kind="register_extract")
    pending = file_request(hotel_a, ivan)
    with pytest.raises(ValidationError, match="Only a produced records request"):
        services.report_request(
            prop=hotel_a, actor=maria, kind="register_extract", records_request=pending
        )


def test_the_front_desk_and_inspectors_cannot_generate_reports(hotel_a, sam, ivan):
    for who in (sam, ivan):
        with pytest.raises(PermissionDenied):
            services.report_request(
                prop=hotel_a,
                actor=who,
                kind="training_roster",
                period_start=days_ago(5),
                period_end=days_ago(1),
            )


# The register extract -----------------------------------------------------------------------


def test_the_extract_holds_exactly_the_rows_and_fields_in_scope(
    hotel_a, ivan, maria, guests_in_scope
):
    report = extract_for(hotel_a, ivan, maria, fields=["guest_name", "room", "arrival"])
    assert services.report_build(str(report.pk)) == "done"
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert report.pages == 1 and report.attempts == 1
    text = "\n".join(pdf_text(report))
    # Each printed row starts with its registration number: exactly the two in scope.
    row_numbers = set(re.findall(r"^(\d+) \d{4}-\d{2}-\d{2} \d{2}:\d{2}", text, re.M))
    in_scope = {str(guests_in_scope[k].number) for k in ("in_101", "in_102")}
    assert row_numbers == in_scope
    assert "Jane Roe" in text and "Oscar Outside" not in text
    assert "305" not in text  # the room outside the scope
    assert "Phone" not in text  # a field nobody asked for
    assert "Page 1 of 1" in text
    assert report.verification_code in text
    with report.file.open("rb") as handle:  # the rotated watermark reads best through pypdf
        first_page = pypdf.PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "PRODUCED FOR" in first_page and "(IVAN)" in first_page


def test_an_extract_with_no_rows_says_so(hotel_a, ivan, maria):
    report = extract_for(hotel_a, ivan, maria)
    services.report_build(str(report.pk))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert "No registration falls within" in pdf_text(report)[0]


def test_a_long_extract_repeats_its_column_header_and_numbers_every_page(hotel_a, ivan, maria):
    day = days_ago(15)
    for index in range(100):
        make_registration(
            hotel_a,
            maria,
            guest_name=f"Guest {index:03}",
            room="101",
            arrival=arriving(hotel_a, day, 10) + timedelta(minutes=index),
            expected_departure=day + timedelta(days=1),
        )
    report = extract_for(hotel_a, ivan, maria, names=[], fields=["guest_name"])
    services.report_build(str(report.pk))
    report.refresh_from_db()
    pages = pdf_text(report)
    assert report.pages == len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert "Arrival" in page and "Guest" in page and "Room" in page  # the header row
        assert f"Page {number} of 3" in page
    assert "Guest 099" in pages[-1], pages[-1]


# Signed and verifiable -----------------------------------------------------------------------


def test_an_issued_report_is_signed_and_verifies(hotel_a, ivan, maria, guests_in_scope):
    report = extract_for(hotel_a, ivan, maria)
    services.report_build(str(report.pk))
    report.refresh_from_db()
    data = report.file.open("rb").read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == report.sha256
    check = signing.signature_check(data)
    assert check.valid and "Test report signing" in check.signer
    verdict = verify.verify_file(data)
    assert verdict.authentic and verdict.report.pk == report.pk
    public = verdict.public()
    assert public["report"]["property"] == "Hotel A"
    assert "Jane Roe" not in str(public)  # no guest data in the answer


def test_one_changed_byte_fails_both_the_digest_and_the_signature(
    hotel_a, ivan, maria, guests_in_scope
):
    report = extract_for(hotel_a, ivan, maria)
    services.report_build(str(report.pk))
    report.refresh_from_db()
    original = report.file.open("rb").read()
    signature_hex = original.index(b"/Contents <") + len(b"/Contents <") + 200
    for position in (len(original) // 3, signature_hex):  # page content; the signature itself
        tampered = bytearray(original)
        tampered[position] = ord("0") if tampered[position] != ord("0") else ord("1")
        tampered = bytes(tampered)
        assert not signing.signature_check(tampered).valid
        verdict = verify.verify_file(tampered)
        assert not verdict.authentic and "not byte-identical" in verdict.reason


def test_a_copy_whose_digest_matches_but_signature_fails_is_not_authentic(
    hotel_a, ivan, maria, guests_in_scope, tmp_path, settings
):
    report = extract_for(hotel_a, ivan, maria)
    services.report_build(str(report.pk))
    report.refresh_from_db()
    data = report.file.open("rb").read()
    # Another installation's certificate: the signature no longer chains to a trusted root.
    settings.REPORT_SIGNING_DIR = tmp_path / "other"
    signing.signing_key_create(common_name="Someone else")
    verdict = verify.verify_file(data)
    assert not verdict.authentic and "signature" in verdict.reason


def test_codes_are_found_however_they_are_typed(hotel_a, ivan, maria):
    report = extract_for(hotel_a, ivan, maria)
    services.report_build(str(report.pk))
    typed = report.verification_code.lower().replace("-", " ")
    verdict = verify.verify_code(typed)
    assert verdict.authentic and verdict.sha256
    assert not verify.verify_code("HC-2222-3333-4444").authentic
    assert verify.verify_code("rubbish").malformed


# Built once, resumably -------------------------------------------------------------------------


def test_a_second_delivery_builds_nothing_more(hotel_a, ivan, maria, guests_in_scope):
    report = extract_for(hotel_a, ivan, maria)
    assert services.report_build(str(report.pk)) == "done"
    report.refresh_from_db()
    first = (report.file.name, report.sha256, report.attempts)
    assert services.report_build(str(report.pk)) == "finished"
    report.refresh_from_db()
    assert (report.file.name, report.sha256, report.attempts) == first
    stored = list((report_media_dir(report)).iterdir())
    assert len(stored) == 1


def report_media_dir(report):
    from pathlib import Path

    return Path(report.file.path).parent


def test_a_build_whose_worker_died_is_taken_over_once(hotel_a, ivan, maria, guests_in_scope):
    report = extract_for(hotel_a, ivan, maria)
    stale = timezone.now() - timedelta(seconds=services.LEASE_SECONDS + 5)
    AuditReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, progress=40, attempts=1, build_token="dead", heartbeat_at=stale
    )
    assert services.report_build(str(report.pk)) == "done"
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 2
    assert report.build_token != "dead"


def test_a_dead_builder_on_this_host_is_taken_over_at_once(hotel_a, ivan, maria):
    import socket
    import subprocess
    import sys

    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    report = extract_for(hotel_a, ivan, maria)
    AuditReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING,
        attempts=1,
        build_token="killed",
        build_owner=f"{socket.gethostname()}:{dead_pid.pid}",
        heartbeat_at=timezone.now(),  # fresh: only the missing process tells it died
    )
    assert services.report_build(str(report.pk)) == "done"
    assert AuditReport.objects.get(pk=report.pk).attempts == 2


def test_a_fresh_lease_makes_a_second_builder_wait(hotel_a, ivan, maria):
    report = extract_for(hotel_a, ivan, maria)
    AuditReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, attempts=1, build_token="alive", heartbeat_at=timezone.now()
    )
    assert services.report_build(str(report.pk)) == "busy"
    report.refresh_from_db()
    assert report.build_token == "alive" and report.attempts == 1


def test_a_builder_that_lost_its_lease_writes_nothing(hotel_a, ivan, maria):
    report = extract_for(hotel_a, ivan, maria)
    token = services._claim(str(report.pk))
    AuditReport.objects.filter(pk=report.pk).update(build_token="someone-else")
    with pytest.raises(services.LeaseLost):
        services._progress(report, token, 50)


def test_a_missing_signing_key_fails_the_report_with_its_reason(
    hotel_a, ivan, maria, settings, tmp_path
):
    settings.REPORT_SIGNING_DIR = tmp_path / "nowhere"
    report = extract_for(hotel_a, ivan, maria)
    assert services.report_build(str(report.pk)) == "failed"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "create_signing_key" in report.error


def test_an_unexpected_error_is_retried_then_recorded(hotel_a, ivan, maria, monkeypatch):
    report = extract_for(hotel_a, ivan, maria)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services.signing, "sign_pdf", broken)
    for attempt in range(1, services.MAX_ATTEMPTS):
        with pytest.raises(OSError):
            services.report_build(str(report.pk))
        report.refresh_from_db()
        assert report.status == ReportStatus.QUEUED and f"Attempt {attempt} failed" in report.error
    assert services.report_build(str(report.pk)) == "failed"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "Gave up after 3 attempts" in report.error


def test_stalled_builds_are_queued_again(hotel_a, ivan, maria):
    report = extract_for(hotel_a, ivan, maria)
    long_ago = timezone.now() - timedelta(hours=1)
    AuditReport.objects.filter(pk=report.pk).update(
        created_at=long_ago, status=ReportStatus.RUNNING, heartbeat_at=long_ago
    )
    before = OutboxEvent.objects.filter(task_name=services.BUILD_TASK).count()
    assert services.reports_resume_stalled() == 1
    assert OutboxEvent.objects.filter(task_name=services.BUILD_TASK).count() == before + 1
    AuditReport.objects.filter(pk=report.pk).update(status=ReportStatus.DONE)
    assert services.reports_resume_stalled() == 0


def test_the_task_runs_the_build_and_is_idempotent(hotel_a, ivan, maria, guests_in_scope):
    from audits.tasks import build_report

    report = extract_for(hotel_a, ivan, maria)
    assert build_report.run(str(report.pk)) == "done"
    assert build_report.run(str(report.pk)) == "finished"
    assert AuditReport.objects.get(pk=report.pk).attempts == 1


def test_a_build_event_is_processed_only_once_the_report_exists(
    hotel_a, ivan, maria, guests_in_scope, monkeypatch
):
    from celery.exceptions import Retry

    from audits.tasks import build_report
    from hotelcompliance.outbox import OutboxStatus

    report = extract_for(hotel_a, ivan, maria)
    event = OutboxEvent.objects.filter(kwargs__report_id=str(report.pk)).latest("created_at")
    AuditReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, attempts=1, build_token="alive", heartbeat_at=timezone.now()
    )
    with pytest.raises(Retry):  # another builder is busy: try later
        build_report.run(str(report.pk), event_id=str(event.id))
    event.refresh_from_db()
    assert event.settled_at is None  # still owed: the relay sends it again if it is lost

    AuditReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, heartbeat_at=None)
    assert build_report.run(str(report.pk), event_id=str(event.id)) == "done"
    event.refresh_from_db()
    assert event.status == OutboxStatus.PROCESSED

    def must_not_build(report_id):
        raise AssertionError("a processed event was built again")

    monkeypatch.setattr(services, "report_build", must_not_build)
    assert build_report.run(str(report.pk), event_id=str(event.id)) is None
