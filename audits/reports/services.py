"""Reports: ask for one, build it in the background (once, resumably), find it again.

The build runs in a Celery task (`audits.tasks.build_report`) and is safe to run twice:

- a finished report is never built again, so a retried or redelivered task makes no second PDF;
- a build holds a lease (`build_token` + `heartbeat_at`, refreshed with each progress step);
  a second delivery while the lease is fresh waits, and one that finds it stale (the worker
  died) takes over, so a killed build is finished by the next attempt, once;
- a failure is recorded with its reason: data problems at once, other errors after
  `MAX_ATTEMPTS`, so no report is left `running` for ever.
"""

import hashlib
import logging
import os
import secrets
import socket
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from audits.reports import register_extract, signing
from audits.reports.frame import ReportIdentity
from audits.reports.kinds import flowing_kind
from audits.reports.kinds.common import ReportContext, local_stamp, person
from audits.reports.models import (
    PERIOD_KIND_CHOICES,
    SUBJECT_KINDS,
    AuditReport,
    ReportKind,
    ReportStatus,
)
from hotelcompliance.emails import absolute_url
from hotelcompliance.outbox import outbox_enqueue
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Property

logger = logging.getLogger(__name__)

BUILD_TASK = "audits.tasks.build_report"
MAX_ATTEMPTS = 3
# A builder refreshes its heartbeat every few pages; this long without one means it died.
# On the same host a dead builder is noticed at once (its process is gone).
LEASE_SECONDS = 60
MAX_PERIOD_DAYS = 3 * 366
COLLECTED = 30  # progress once the data is frozen
DRAWN = 90  # progress once the PDF is drawn; signing and storing take the rest


class ReportDataError(Exception):
    """The report cannot be built from this data (shown to the user as the failure reason)."""


# Asking ----------------------------------------------------------------------------------


def report_request(
    *,
    prop: Property,
    actor,
    kind: str,
    period_start: date | None = None,
    period_end: date | None = None,
    records_request=None,
) -> AuditReport:
    """Queue a report; the build starts in the background once this transaction commits.

    A register extract answers one produced records request: its period is the request's.
    Any other kind may be attached to a produced request, which shares it with the inspector.
    """
    if not can(actor, prop, Action.REPORT_CREATE):
        raise PermissionDenied("Only managers may generate reports.")
    errors: dict[str, str] = {}
    if kind not in ReportKind.values or kind in SUBJECT_KINDS:
        errors["kind"] = f"Choose one of: {', '.join(k for k, _ in PERIOD_KIND_CHOICES)}."
    if records_request is not None:
        _check_request(prop, records_request, errors)
    if kind == ReportKind.REGISTER_EXTRACT:
        if records_request is not None and records_request.is_training():
            errors.setdefault(
                "records_request", "A training-records request is answered by a training roster."
            )
        if records_request is None:
            errors.setdefault("records_request", "A register extract answers a records request.")
        elif "records_request" not in errors:
            period_start, period_end = records_request.period_start, records_request.period_end
    _check_period(prop, period_start, period_end, errors)
    if errors:
        raise ValidationError(errors)
    return _queue(prop, actor, kind, period_start, period_end, records_request)


def report_request_certification_roster(*, prop: Property, actor, year: int) -> AuditReport:
    """Queue the year's annual-certification report, as the certifications page's roster.

    Its period is the year up to today: the report lists the year's certifications and who
    is still uncertified on the period's last day, as every annual-certification report does.
    """
    today = prop.today()
    if year > today.year:
        raise ValidationError(
            {"year": f"The {year} roster can be issued from {date(year, 1, 1).isoformat()}."}
        )
    return report_request(
        prop=prop,
        actor=actor,
        kind=ReportKind.ANNUAL_CERTIFICATION,
        period_start=date(year, 1, 1),
        period_end=min(date(year, 12, 31), today),
    )


def report_request_personnel_file(*, certification, actor) -> AuditReport:
    """Queue the signed personnel-file page of one annual certification (its calendar year)."""
    prop = certification.employee.property
    if not can(actor, prop, Action.REPORT_CREATE):
        raise PermissionDenied("Only managers may generate reports.")
    year = certification.year
    return _queue(
        prop,
        actor,
        ReportKind.PERSONNEL_CERTIFICATION,
        date(year, 1, 1),
        date(year, 12, 31),
        None,
        annual_certification=certification,
    )


def report_queue_extract(*, records_request, actor) -> AuditReport:
    """Queue the register extract of a request that has just been produced.

    Called by the production step itself (also the exigent path, where the actor is the
    inspector): the transition was authorised, so no report permission is asked again.
    """
    return _queue(
        records_request.property,
        actor,
        ReportKind.REGISTER_EXTRACT,
        records_request.period_start,
        records_request.period_end,
        records_request,
    )


def report_queue_training_records(*, records_request, actor) -> AuditReport:
    """Queue the training roster that answers a produced training-records request.

    The roster of its period: every employee active in it, current or former, with their last
    course and completion date (what Texas' §114.0052 asks the hotel to keep and produce).
    """
    return _queue(
        records_request.property,
        actor,
        ReportKind.TRAINING_ROSTER,
        records_request.period_start,
        records_request.period_end,
        records_request,
    )


def report_queue_training_certificate(*, prop: Property, issuer, completed_on: date) -> AuditReport:
    """Queue the certificate of a built-in course completion, dated the day it was completed.

    The product issues it when the employee signs; `issuer` is the manager on whose behalf
    (the one who gave the employee their link), named as the report's requester.
    """
    return _queue(prop, issuer, ReportKind.TRAINING_CERTIFICATE, completed_on, completed_on, None)


def _queue(
    prop, actor, kind, period_start, period_end, records_request, **subject: Any
) -> AuditReport:
    with transaction.atomic():
        report = AuditReport.objects.create(
            property=prop,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            records_request=records_request,
            **subject,
            requested_by=actor,
            created_at=timezone.now(),
        )
        outbox_enqueue(BUILD_TASK, report_id=str(report.pk))
    return report


def _check_request(prop: Property, records_request, errors: dict[str, str]) -> None:
    from audits.models import RequestStatus

    if records_request.property_id != prop.pk:
        errors["records_request"] = "That records request is not this property's."
    elif records_request.status != RequestStatus.PRODUCED:
        errors["records_request"] = (
            "Only a produced records request can receive reports "
            f"(this one is {records_request.get_status_display().lower()})."
        )


def _check_period(prop: Property, start: Any, end: Any, errors: dict[str, str]) -> None:
    if not isinstance(start, date):
        errors.setdefault("period_start", "Give the first day of the period (YYYY-MM-DD).")
    if not isinstance(end, date):
        errors.setdefault("period_end", "Give the last day of the period (YYYY-MM-DD).")
    if errors.keys() & {"period_start", "period_end"}:
        return
    today = prop.today()
    if end < start:
        errors["period_end"] = "The period cannot end before it starts."
    elif end > today:
        errors["period_end"] = f"The period cannot end in the future (today is {today})."
    elif (end - start).days > MAX_PERIOD_DAYS:
        errors["period_start"] = "A report covers at most three years."


# Building --------------------------------------------------------------------------------


def report_build(report_id: str) -> str:
    """Build the report if it still needs building. Returns what happened:

    `done` (built now), `finished` (already done or failed: nothing to do), `busy` (another
    builder holds a fresh lease: try later), or `failed` (recorded with its reason).
    Raises for an unexpected error that deserves another attempt.
    """
    token = _claim(report_id)
    if token in ("finished", "busy"):
        return token
    report = AuditReport.objects.select_related(
        "property",
        "property__organisation",
        "requested_by",
        "records_request__inspector",
        "records_request__exigent_reviewed_by",
    ).get(pk=report_id)
    try:
        # A report's words are the site's (its legal text is English), whoever queued it.
        with translation.override(settings.LANGUAGE_CODE):
            _build(report, token)
    except (ReportDataError, signing.SigningKeyMissing) as error:
        _fail(report, token, str(error))
        return "failed"
    except Exception as error:
        logger.exception("Report %s: attempt %s failed", report.pk, report.attempts)
        if report.attempts >= MAX_ATTEMPTS:
            _fail(
                report, token, f"Gave up after {report.attempts} attempts: {type(error).__name__}."
            )
            return "failed"
        _release(
            report, token, f"Attempt {report.attempts} failed ({type(error).__name__}); retrying."
        )
        raise
    _warm_verification(report_id)
    return "done"


def _warm_verification(report_id: str) -> None:
    """Check the new report's signature here, in the worker, so the public verify page never
    parses it (the answer is cached by digest; a failure only costs a later check)."""
    from audits.reports.verify import issued_signature

    try:
        issued_signature(AuditReport.objects.get(pk=report_id))
    except Exception:
        logger.warning("Report %s: its signature check could not be cached", report_id)


def report_settled(report_id: str) -> bool:
    """Whether the report's build has an outcome (done or failed): its outbox event is done."""
    return not AuditReport.objects.filter(
        pk=report_id, status__in=(ReportStatus.QUEUED, ReportStatus.RUNNING)
    ).exists()


def _claim(report_id: str) -> str:
    """Take the build lease; returns the new token, or `finished`/`busy`."""
    now = timezone.now()
    with transaction.atomic():
        report = AuditReport.objects.select_for_update().get(pk=report_id)
        if report.is_finished():
            return "finished"
        fresh = report.heartbeat_at is not None and report.heartbeat_at > now - timedelta(
            seconds=LEASE_SECONDS
        )
        if report.status == ReportStatus.RUNNING and fresh and _owner_alive(report.build_owner):
            return "busy"
        if report.attempts >= MAX_ATTEMPTS:
            report.status = ReportStatus.FAILED
            report.error = f"Gave up after {report.attempts} attempts (the builder stopped)."
            report.save(update_fields=["status", "error"])
            return "finished"
        report.build_token = secrets.token_hex(16)
        report.build_owner = _this_process()
        report.status = ReportStatus.RUNNING
        report.attempts += 1
        report.progress = 1
        report.error = ""
        report.heartbeat_at = now
        report.started_at = report.started_at or now
        report.save()
        return report.build_token


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_alive(owner: str) -> bool:
    """Whether the builder that holds a lease still runs (unknowable on another host: yes)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    if int(pid) == os.getpid():
        return True  # this very process (a re-entrant call): its build is not dead
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _progress(report: AuditReport, token: str, percent: int) -> None:
    """Record progress and refresh the lease (a separate, immediately visible write)."""
    updated = AuditReport.objects.filter(pk=report.pk, build_token=token).update(
        progress=min(max(percent, 1), 99), heartbeat_at=timezone.now()
    )
    if not updated:
        raise LeaseLost(f"Report {report.pk}: another builder took over.")


class LeaseLost(Exception):
    """This builder was presumed dead and replaced; it must stop without writing."""


def _fail(report: AuditReport, token: str, reason: str) -> None:
    AuditReport.objects.filter(pk=report.pk, build_token=token).update(
        status=ReportStatus.FAILED, error=reason[:500], heartbeat_at=None
    )


def _release(report: AuditReport, token: str, note: str) -> None:
    AuditReport.objects.filter(pk=report.pk, build_token=token).update(
        status=ReportStatus.QUEUED, error=note[:500], heartbeat_at=None
    )


def _build(report: AuditReport, token: str) -> None:
    generated_at = timezone.now()
    work = Path(tempfile.mkdtemp(prefix="report-", dir=_work_dir()))
    drawn, signed = work / "drawn.pdf", work / "signed.pdf"
    try:
        if report.kind == ReportKind.REGISTER_EXTRACT:
            identity = report_identity(report, generated_at)
            pages = _draw_extract(report, token, identity, drawn, work)
        else:
            pages = _draw_flowing(report, token, drawn, generated_at)
        _progress(report, token, DRAWN)
        signing.sign_pdf(
            drawn,
            signed,
            reason=f"{report.get_kind_display()} issued by Hotel Compliance",
            location=report.property.name,
        )
        _store(report, token, signed, pages, generated_at)
    finally:
        for path in (drawn, signed, work / "rows.jsonl"):
            path.unlink(missing_ok=True)
        work.rmdir()


def _draw_flowing(report, token, target: Path, generated_at) -> int:
    """Collect, then draw in the report's language: the kind's `language(snapshot)` where
    it has one (the training certificate: the employee's), else the site's (`report_build`
    draws under it, whoever queued the report)."""
    from audits.reports.document import build_document

    module = flowing_kind(report.kind)
    context = ReportContext(report=report, as_of=report.period_end, generated_at=generated_at)
    snapshot = module.collect(context)  # every query happens here
    _progress(report, token, COLLECTED)
    language_of = getattr(module, "language", None)
    language = language_of(snapshot) if language_of is not None else translation.get_language()

    def on_page(page: int) -> None:
        if page % 5 == 0:
            _progress(report, token, COLLECTED + min(page, 55))

    with translation.override(language):
        identity = report_identity(report, generated_at)
        story = module.story(snapshot)
        with target.open("wb") as out:
            return build_document(
                out, identity=identity, story=story, pagesize=module.PAGESIZE, on_page=on_page
            )


def _draw_extract(report, token, identity, target: Path, work: Path) -> int:
    records_request = report.records_request
    fields = register_extract.extract_columns(records_request.fields)
    spool_path = work / "rows.jsonl"
    with spool_path.open("w+", encoding="utf-8") as spool:
        rows = register_extract.collect_register_extract(records_request, spool, fields=fields)
        _progress(report, token, COLLECTED)
        header = register_extract.make_header(
            identity,
            fields,
            extract_scope(records_request),
            rows,
            notice=exigent_notice(records_request),
        )
        span = DRAWN - COLLECTED

        def on_progress(done: int) -> None:
            _progress(report, token, COLLECTED + (span * done) // max(rows, 1))

        with target.open("wb") as out:
            return register_extract.render_register_extract(
                header, register_extract.spooled_rows(spool), out, on_progress=on_progress
            )


def _store(report: AuditReport, token: str, signed: Path, pages: int, generated_at) -> None:
    data = signed.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    name = f"reports/{report.property_id}/{report.pk}-{token[:8]}.pdf"
    stored = default_storage.save(name, ContentFile(data))
    with transaction.atomic():
        updated = AuditReport.objects.filter(pk=report.pk, build_token=token).update(
            status=ReportStatus.DONE,
            progress=100,
            file=stored,
            sha256=digest,
            size_bytes=len(data),
            pages=pages,
            issued_at=generated_at,
            heartbeat_at=None,
            error="",
        )
    if not updated:  # replaced while storing: the other builder's file is the report
        default_storage.delete(stored)
        raise LeaseLost(f"Report {report.pk}: another builder took over.")


def _work_dir() -> str:
    path = Path(settings.MEDIA_ROOT) / "reports" / "work"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


# What every page prints --------------------------------------------------------------------


def verify_url(code: str) -> str:
    return absolute_url(f"{reverse('verify')}?code={code}")


def report_identity(report: AuditReport, generated_at) -> ReportIdentity:
    tz = report.property.tz
    watermark = ""
    if report.records_request is not None:
        request = report.records_request
        watermark = (
            f"Produced for {person(request.inspector)}\n"
            f"{request.agency} · request {str(request.pk)[:8]}"
        )
    return ReportIdentity(
        report_id=str(report.pk),
        title=report.get_kind_display(),
        property_name=report.property.name,
        period=gettext("%(start)s to %(end)s")
        % {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        verification_code=report.verification_code,
        verify_url=verify_url(report.verification_code),
        generated_at=local_stamp(generated_at, tz),
        watermark=watermark,
    )


def extract_scope(records_request) -> str:
    rooms = ", ".join(records_request.rooms) if records_request.rooms else "all rooms"
    names = (
        f"{len(records_request.names)} named guest(s)" if records_request.names else "all guests"
    )
    return (
        f"{records_request.get_legal_basis_display()} · {records_request.period_start} to "
        f"{records_request.period_end} · {rooms} · {names} · request {records_request.pk}"
    )


def exigent_notice(records_request) -> str:
    """The extract's statement of an exigent production and of its review, "" otherwise."""
    if records_request.exigent_review_due_at is None:
        return ""
    tz = records_request.property.tz
    produced = local_stamp(records_request.produced_at or records_request.created_at, tz)
    lead = f"Produced under exigent circumstances on {produced}, without prior review. Review: "
    if records_request.exigent_review:
        verdict = records_request.get_exigent_review_display().lower()
        who = person(records_request.exigent_reviewed_by)
        when = local_stamp(records_request.exigent_reviewed_at, tz)
        return f"{lead}{verdict} by {who} on {when}."
    due = local_stamp(records_request.exigent_review_due_at, tz)
    if timezone.now() > records_request.exigent_review_due_at:
        return f"{lead}not reviewed by its deadline ({due})."
    return f"{lead}not yet reviewed (due by {due})."


# Sweeping ------------------------------------------------------------------------------------


def reports_resume_stalled(*, older_than_seconds: int = 2 * LEASE_SECONDS) -> int:
    """Re-queue builds whose worker vanished (stale lease) or whose task never arrived."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stalled = (
        AuditReport.objects.filter(status__in=(ReportStatus.QUEUED, ReportStatus.RUNNING))
        .exclude(heartbeat_at__gt=cutoff)
        .filter(created_at__lt=cutoff)
    )
    count = 0
    for report in stalled.only("pk", "status")[:100]:
        with transaction.atomic():
            outbox_enqueue(BUILD_TASK, report_id=str(report.pk))
            if report.status == ReportStatus.QUEUED:
                # Marks when it was last sent, so the next sweep waits before sending again.
                AuditReport.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(
                    heartbeat_at=timezone.now()
                )
        count += 1
    return count
