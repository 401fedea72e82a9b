"""Report pages: the list and form, one report with its live progress, download, and verify.

Managers see and generate every report of the current property; an inspector sees the
reports produced for their own requests. The progress bar polls `report_status` (JSON).
"""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from audits.models import RecordsRequest, RecordsRequestQuerySet, RequestStatus
from audits.reports import access, services, verify, verify_upload
from audits.reports.api import VerifyThrottle
from audits.reports.forms import ReportRequestForm, VerifyForm
from audits.reports.models import AuditReport
from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.form_once import once_new, once_remember, once_seen
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_page

SUBMISSIONS_KEY = "report_submissions"
LIST_LIMIT = 100
DEFAULT_PERIOD_DAYS = 90


def _produced_requests(prop: Property) -> RecordsRequestQuerySet:
    return RecordsRequest.objects.for_property(prop).filter(status=RequestStatus.PRODUCED)


@property_page(Action.REQUEST_VIEW)
def report_list(request: HttpRequest, prop: Property) -> HttpResponse:
    may_create = can(request.user, prop, Action.REPORT_CREATE)
    form = None
    if may_create:
        today = prop.today()
        form = ReportRequestForm(
            initial={
                "submission": once_new(),
                "period_start": today - timedelta(days=DEFAULT_PERIOD_DAYS),
                "period_end": today,  # the property's today, not the server's
            },
            produced_requests=_produced_requests(prop),
        )
    reports = access.reports_visible_to(request.user, prop)[:LIST_LIMIT]
    return render(
        request,
        "audits/reports/list.html",
        {"reports": reports, "form": form, "may_create": may_create},
    )


@require_POST
@property_page(Action.REPORT_CREATE)
def report_create(request: HttpRequest, prop: Property) -> HttpResponse:
    produced = _produced_requests(prop)
    form = ReportRequestForm(request.POST, produced_requests=produced)
    if form.is_valid():
        submission = form.cleaned_data["submission"]
        earlier = once_seen(request, SUBMISSIONS_KEY, submission)
        if earlier is not None:  # a double submit: show the report the first one made
            return redirect("report_detail", pk=earlier)
        chosen = form.cleaned_data["records_request"]
        try:
            report = services.report_request(
                prop=prop,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                records_request=produced.filter(pk=chosen).first() if chosen else None,
            )
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            once_remember(request, SUBMISSIONS_KEY, submission, str(report.pk))
            messages.success(request, _("Report queued: it is being built in the background."))
            return redirect("report_detail", pk=report.pk)
    reports = access.reports_visible_to(request.user, prop)[:LIST_LIMIT]
    return render(
        request,
        "audits/reports/list.html",
        {"reports": reports, "form": form, "may_create": True},
        status=400,
    )


def _visible_report(request: HttpRequest, prop: Property, pk: uuid.UUID) -> AuditReport:
    return get_object_for_property(access.reports_visible_to(request.user, prop), prop, pk=pk)


@property_page(Action.REQUEST_VIEW)
def report_detail(request: HttpRequest, prop: Property, pk: uuid.UUID) -> HttpResponse:
    report = _visible_report(request, prop, pk)
    access.record_inspector_view(report=report, prop=prop, request=request)
    return render(
        request,
        "audits/reports/detail.html",
        {
            "report": report,
            "grant_expires_at": access.grant_expires_at(report),
            "grant_active": access.grant_active(report),
            "is_manager": can(request.user, prop, Action.REPORT_VIEW),
        },
    )


@property_page(Action.REQUEST_VIEW)
def report_status(request: HttpRequest, prop: Property, pk: uuid.UUID) -> JsonResponse:
    report = _visible_report(request, prop, pk)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "error": report.error,
            "finished": report.is_finished(),
        }
    )


@property_page(Action.REQUEST_VIEW)
def report_download(request: HttpRequest, prop: Property, pk: uuid.UUID) -> HttpResponseBase:
    report = _visible_report(request, prop, pk)
    try:
        return access.report_download(report=report, prop=prop, request=request)
    except access.DownloadRefused as refused:
        if refused.status == 403:
            raise PermissionDenied(refused.message) from None
        messages.error(request, refused.message)
        return redirect("report_detail", pk=report.pk)


@csrf_exempt  # the upload handler must be set before the CSRF check reads the body
def verify_page(request: HttpRequest) -> HttpResponse:
    """Public: anyone may check a report, by file or by the code printed on it.

    Throttled before anything is read (uploads and code lookups alike); the upload is hashed
    as it streams in, capped, and never kept (`verify_upload`).
    """
    code = request.GET.get("code", "") if request.method == "GET" else ""
    if (request.method == "POST" or code) and not VerifyThrottle().allow_request(request, None):
        return render(
            request,
            "audits/reports/verify.html",
            {"form": VerifyForm(), "throttled": True},
            status=429,
        )
    if request.method == "POST":
        handler = verify_upload.install(request)
        request.POST  # noqa: B018 (parse now, with the handler: an oversized body stops here)
        if handler.too_large:  # refused before the CSRF check, which would only see no token
            return _verify_answer(request, VerifyForm.too_large(), None, 413)
        return _verify_posted(request)
    form = VerifyForm(initial={"code": code})
    verdict = verify.verify_code(code) if code else None
    return _verify_answer(request, form, verdict, 200)


@csrf_protect
def _verify_posted(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST, request.FILES)
    verdict = None
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload is not None:
            verdict = verify.verify_upload(upload)
        else:
            verdict = verify.verify_code(form.cleaned_data["code"])
    return _verify_answer(request, form, verdict, 400 if form.errors else 200)


def _verify_answer(
    request: HttpRequest, form: VerifyForm, verdict: verify.Verdict | None, status: int
) -> HttpResponse:
    return render(
        request,
        "audits/reports/verify.html",
        {"form": form, "verdict": verdict, "answer": verdict.public() if verdict else None},
        status=status,
    )
