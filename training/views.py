"""Training pages: the roster, the group overview, an employee's history and the two forms."""

import csv
import uuid
from collections import Counter
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from audits.reports.models import AuditReport, ReportStatus
from audits.reports.services import (
    report_request_certification_roster,
    report_request_personnel_file,
)
from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.form_once import EXPIRED, once_new, once_remember, once_seen
from hotelcompliance.imports.errors import ImportFileError, RowError
from hotelcompliance.imports.preview import PreviewRefused
from hotelcompliance.imports.result import ImportResult
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_page
from hotelcompliance.web import AuthenticatedHttpRequest, my_properties
from training.attestation import attestation_text, deadline_passed, signer_name
from training.awareness import awareness_notes_for
from training.course_catalog import approved_courses_for
from training.forms import (
    STATUS_LABELS,
    STATUS_ORDER,
    EmployeeForm,
    LeaverForm,
    ReportIssueForm,
    RosterFilterForm,
    TrainingImportForm,
    TrainingRecordForm,
)
from training.imports import COLUMNS
from training.link_texts import link_texts_for
from training.link_views import link_context
from training.models import (
    AnnualCertification,
    Employee,
    TrainingImport,
    TrainingRecord,
)
from training.phones import phone_masked
from training.reminders import reminder_send_now, reminders_for
from training.selectors import (
    certification_overview_read,
    employee_read,
    roster_export_read,
    roster_read,
)
from training.services import (
    certification_years,
    certifications_sign,
    employee_create,
    training_import_confirm,
    training_import_preview,
    training_import_upload,
    training_record_create,
)
from training.status import RosterRow, employee_status, roster_status
from training.submissions import submissions_of
from training.uploads import certificate_download, sanitise_name

MAX_ID = 2**63 - 1  # a bigger number cannot be an id, and SQLite cannot even compare it

BADGES = {"overdue": "bad", "due": "warn", "due_soon": "warn", "compliant": "ok"}


def _counts(rows: list[RosterRow]) -> list[dict]:
    counted = Counter(row.status.status for row in rows)
    return [
        {"status": s, "label": STATUS_LABELS[s], "count": counted[s], "badge": BADGES.get(s, "")}
        for s in STATUS_ORDER
    ]


def _display(rows: Iterable[RosterRow]) -> list[dict]:
    return [
        {
            "employee": row.employee,
            "status": row.status,
            "label": STATUS_LABELS[row.status.status],
            "badge": BADGES.get(row.status.status, ""),
        }
        for row in rows
    ]


ROSTER_PAGE_SIZE = 100


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@property_page(Action.TRAINING_VIEW)
def roster(request: HttpRequest, prop: Property) -> HttpResponse:
    as_of = prop.today()
    filters = RosterFilterForm(request.GET)
    # Overdue first, a page at a time: a 5,000-strong roster stays quick to draw and to read.
    read = roster_read(
        prop=prop,
        as_of=as_of,
        filters=filters.cleaned_data if filters.is_valid() else {},
        page=request.GET.get("page"),
        page_size=ROSTER_PAGE_SIZE,
        request=request,
    )
    return render(
        request,
        "training/roster.html",
        {
            "prop": prop,
            "as_of": as_of,
            "counts": _counts(read.rows),
            "total": len(read.rows),
            "shown": len(read.shown),
            "rows": _display(read.page.object_list),
            "page_obj": read.page,
            "page_query": _query_without_page(request),
            "filters": filters,
            "can_manage": can(request.user, prop, Action.TRAINING_MANAGE),
        },
    )


@property_page(Action.TRAINING_VIEW)
def group(request: HttpRequest, prop: Property) -> HttpResponse:
    properties = [p for p in my_properties(request) if can(request.user, p, Action.TRAINING_VIEW)]
    summaries = []
    for each in properties:
        rows = roster_status(each, as_of=each.today())
        summaries.append({"prop": each, "counts": _counts(rows), "total": len(rows)})
    return render(
        request,
        "training/group.html",
        {"prop": prop, "summaries": summaries, "labels": [STATUS_LABELS[s] for s in STATUS_ORDER]},
    )


@property_page(Action.TRAINING_VIEW)
def employee_detail(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    employee = employee_read(prop=prop, pk=pk, request=request)
    pack = prop.rule_pack()
    records = list(
        employee.training_records.select_related("course", "acknowledgment__certificate")
    )
    as_of = prop.today()
    status = employee_status(employee, pack=pack, records=records, as_of=as_of)
    history = []
    for record in records:
        course = record.course
        minutes = record.minutes if record.minutes is not None else course.minutes
        counts, why = pack.course_counts(
            minutes=minutes, provider=course.provider, approved_for=course.jurisdictions
        )
        acknowledged = getattr(record, "acknowledgment", None)
        history.append(
            {
                "record": record,
                "minutes": minutes,
                "counts": counts,
                "why": why,
                "acknowledged": acknowledged,
                "issued_certificate": _issued(acknowledged.certificate if acknowledged else None),
            }
        )
    can_manage = can(request.user, prop, Action.TRAINING_MANAGE)
    return render(
        request,
        "training/employee_detail.html",
        {
            "prop": prop,
            "employee": employee,
            "status": status,
            "label": STATUS_LABELS[status.status],
            "badge": BADGES.get(status.status, ""),
            "history": history,
            "as_of": as_of,
            "can_manage": can_manage,
            "leaver_form": LeaverForm(initial={"last_day": as_of}, auto_id="leaver_%s"),
            **(link_context(employee) if can_manage else {}),
            "link_texts": list(link_texts_for(employee)) if can_manage else [],
            "phone_masked": phone_masked(employee.phone),
            "approved_courses": approved_courses_for(employee),
            "submissions": list(submissions_of(employee)),
            "reminders": list(reminders_for(employee)),
            "awareness": awareness_notes_for(employee, language="en"),
        },
    )


def _issued(report: AuditReport | None) -> AuditReport | None:
    return report if report is not None and report.status == ReportStatus.DONE else None


@require_POST
@property_page(Action.TRAINING_MANAGE)
def employee_remind(request: AuthenticatedHttpRequest, prop: Property, pk: int) -> HttpResponse:
    """A manager's "send reminder now": queued through the outbox, kept on the page."""
    employee = get_object_for_property(Employee.objects.all(), prop, pk=pk)
    employee.property = prop
    try:
        reminder_send_now(employee=employee, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Reminder queued; it goes out in a moment."))
    return redirect("training_employee", pk=employee.pk)


@property_page(Action.TRAINING_MANAGE)
def employee_new(request: HttpRequest, prop: Property) -> HttpResponse:
    form = EmployeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employee = employee_create(prop=prop, actor=request.user, data=form.employee_data())
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(
                request, _("Employee %(number)s added.") % {"number": employee.employee_number}
            )
            return redirect("training_employee", pk=employee.pk)
    return render(request, "training/employee_form.html", {"prop": prop, "form": form})


@property_page(Action.TRAINING_MANAGE)
def record_new(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    employee = get_object_for_property(Employee.objects.all(), prop, pk=pk)
    employee.property = prop
    form = TrainingRecordForm(request.POST or None, request.FILES or None, prop=prop)
    if request.method == "POST" and form.is_valid():
        try:
            record = training_record_create(
                employee=employee, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(
                request,
                _("Completion of %(course)s recorded.") % {"course": record.course.title},
            )
            return redirect("training_employee", pk=employee.pk)
    return render(
        request,
        "training/record_form.html",
        {"prop": prop, "employee": employee, "form": form},
    )


@property_page(Action.TRAINING_VIEW)
def record_certificate(request: HttpRequest, prop: Property, pk: int) -> FileResponse:
    if pk > MAX_ID:
        raise Http404("Not found.")
    # A record belongs to its employee's property: scope through the employee, then fetch.
    employee = get_object_for_property(Employee.objects.all(), prop, training_records__pk=pk)
    record = TrainingRecord.objects.get(employee=employee, pk=pk)
    return certificate_download(record=record, prop=prop, request=request)


ROSTER_CSV_COLUMNS = (
    "employee_number",
    "name",
    "job_role",
    "customer_facing",
    "hire_date",
    "end_date",
    "status",
    "due_date",
    "last_completed",
    "reason",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@property_page(Action.TRAINING_MANAGE)
def roster_csv(request: HttpRequest, prop: Property) -> HttpResponse:
    as_of = prop.today()
    rows = roster_export_read(prop=prop, as_of=as_of, columns=ROSTER_CSV_COLUMNS, request=request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="training-roster-{prop.pk}-{as_of.isoformat()}.csv"'
    )
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(ROSTER_CSV_COLUMNS)
    for row in rows:
        employee, status = row.employee, row.status
        cells = (
            employee.employee_number,
            employee.name,
            employee.job_role,
            "yes" if employee.customer_facing else "no",
            employee.hire_date,
            employee.end_date or "",
            status.status,
            status.due_date or "",
            status.last_completed_on or "",
            status.reason,
        )
        writer.writerow([csv_safe(cell) for cell in cells])
    return response


@property_page(Action.TRAINING_MANAGE)
def import_upload(request: HttpRequest, prop: Property) -> HttpResponse:
    form = TrainingImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            training_import = training_import_upload(
                prop=prop,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file=upload,
                file_name=sanitise_name(upload.name, extension=_extension(upload.name)),
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("training_import_preview", pk=training_import.pk)
    return render(
        request,
        "training/import_form.html",
        {"prop": prop, "form": form, "columns": {k.label: COLUMNS[k] for k in TrainingImport.Kind}},
    )


def _extension(name: str | None) -> str:
    return "xlsx" if (name or "").lower().endswith(".xlsx") else "csv"


@property_page(Action.TRAINING_MANAGE)
def import_preview(
    request: AuthenticatedHttpRequest, prop: Property, pk: uuid.UUID
) -> HttpResponse:
    # Only the user who uploaded a file sees or confirms it; anyone else gets a 404.
    mine = TrainingImport.objects.filter(created_by=request.user)
    training_import = get_object_for_property(mine, prop, pk=pk)
    if training_import.imported_at is not None:
        messages.info(request, _("This file has already been imported."))
        return redirect("training_roster")
    result = None
    if request.method == "POST":
        try:
            result = training_import_confirm(
                training_import=training_import,
                actor=request.user,
                digest=request.POST.get("digest", ""),
                request=request,
            )
        except PreviewRefused as refused:
            messages.error(request, refused.message)
            return redirect("training_import_preview", pk=training_import.pk)
        if training_import.imported_at is not None:
            messages.success(
                request,
                (
                    ngettext(
                        "Imported %(count)d employee.",
                        "Imported %(count)d employees.",
                        training_import.imported_rows,
                    )
                    if training_import.kind == "roster"
                    else ngettext(
                        "Imported %(count)d completion.",
                        "Imported %(count)d completions.",
                        training_import.imported_rows,
                    )
                )
                % {"count": training_import.imported_rows},
            )
            return redirect("training_roster")
    if result is None:
        result = training_import_preview(training_import)
    return render(
        request,
        "training/import_preview.html",
        {
            "prop": prop,
            "training_import": training_import,
            "result": result,
            "columns": COLUMNS[training_import.kind],
            "rows": _preview_rows(result, COLUMNS[training_import.kind]),
            "errors": result.errors,
        },
    )


def _preview_rows(result: ImportResult, columns: tuple[str, ...]) -> list[dict]:
    return [
        {
            "line": row.line,
            "cells": [row.cells.get(column, "") for column in columns],
            "errors": [RowError(row.line, name, message) for name, message in row.errors.items()],
        }
        for row in result.sample
    ]


def _certification_year(prop: Property, year: int) -> int:
    if year not in certification_years(prop, as_of=prop.today()):
        raise Http404("No certification for that year.")
    return year


@property_page(Action.TRAINING_MANAGE)
def certifications(request: HttpRequest, prop: Property, year: int) -> HttpResponse:
    year = _certification_year(prop, year)
    as_of = prop.today()
    if request.method == "POST":
        try:
            outcome = certifications_sign(
                prop=prop,
                actor=request.user,
                year=year,
                as_of=as_of,
                attested=request.POST.get("attest") == "on",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("training_certifications", year=year)
        count = len(outcome.signed)
        messages.success(
            request,
            ngettext("Certified %(count)d employee.", "Certified %(count)d employees.", count)
            % {"count": count},
        )
        return redirect("training_certifications", year=year)
    rows = certification_overview_read(prop=prop, year=year, as_of=as_of, request=request)
    pack = prop.rule_pack()
    return render(
        request,
        "training/certifications.html",
        {
            "prop": prop,
            "year": year,
            "as_of": as_of,
            "rule": pack.rule("certification"),
            "deadline": pack.annual_certification_due(year),
            "deadline_passed": deadline_passed(prop, year, as_of),
            "attestation": attestation_text(prop, year, signer_name(request.user)),
            # Each issue form carries its own one-time token (a double submit issues once).
            "certified": [(r, once_new()) for r in rows if r.certification is not None],
            "roster_token": once_new(),
            "certifiable": [r for r in rows if r.certifiable],
            "refused": [r for r in rows if r.certification is None and not r.certifiable],
        },
    )


REPORT_SUBMISSIONS_KEY = "certification_report_submissions"


def _issue_report(
    request: HttpRequest, year: int, queue: Callable[[], AuditReport]
) -> HttpResponse:
    """Queue the signed report once per form (a second submit is shown the first's report)."""
    form = ReportIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext(EXPIRED))
        return redirect("training_certifications", year=year)
    submission = form.cleaned_data["submission"]
    earlier = once_seen(request, REPORT_SUBMISSIONS_KEY, submission)
    if earlier is not None:
        return redirect("report_detail", pk=earlier)
    try:
        report = queue()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training_certifications", year=year)
    once_remember(request, REPORT_SUBMISSIONS_KEY, submission, str(report.pk))
    messages.success(
        request,
        gettext("%(kind)s queued: it is being built and signed in the background.")
        % {"kind": report.get_kind_display()},
    )
    return redirect("report_detail", pk=report.pk)


@require_POST
@property_page(Action.TRAINING_MANAGE)
def certifications_roster_pdf(request: HttpRequest, prop: Property, year: int) -> HttpResponse:
    """The year's roster: an annual-certification report, signed and verifiable."""
    year = _certification_year(prop, year)
    return _issue_report(
        request,
        year,
        lambda: report_request_certification_roster(prop=prop, actor=request.user, year=year),
    )


@require_POST
@property_page(Action.TRAINING_MANAGE)
def certification_pdf(request: HttpRequest, prop: Property, year: int, pk: int) -> HttpResponse:
    """One employee's personnel-file page: a personnel-certification report."""
    if pk > MAX_ID:
        raise Http404("Not found.")
    employee = get_object_for_property(Employee.objects.all(), prop, pk=pk)
    certification = AnnualCertification.objects.filter(employee=employee, year=year).first()
    if certification is None:
        raise Http404("This employee is not certified for that year.")
    employee.property = prop
    certification.employee = employee
    return _issue_report(
        request,
        year,
        lambda: report_request_personnel_file(certification=certification, actor=request.user),
    )
