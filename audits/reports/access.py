"""Who may see and download which report.

Managers see every report of their property. An inspector sees only the reports attached to
requests they filed, and downloads them only while that request's grant lasts (30 days after
production by default). Every download is an access event.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.http import FileResponse
from django.utils import timezone

from audits.reports.models import AuditReport, AuditReportQuerySet, ReportStatus
from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.roles import Action
from hotelcompliance.scoping import can
from hotelcompliance.tenancy import Property

if TYPE_CHECKING:
    from hotelcompliance.access_log import AnyRequest
    from hotelcompliance.tenancy import AnyUser


class DownloadRefused(Exception):
    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def reports_visible_to(user: "AnyUser", prop: Property) -> AuditReportQuerySet:
    reports = AuditReport.objects.for_property(prop).select_related(
        "records_request", "requested_by", "annual_certification__employee"
    )
    if can(user, prop, Action.REPORT_VIEW):
        return reports
    return reports.produced_for(user).filter(status=ReportStatus.DONE)


def grant_active(report: AuditReport, at: datetime | None = None) -> bool:
    """Whether the inspector's access to this report's request is still open."""
    request = report.records_request
    return request is not None and request.grant_active(at or timezone.now())


def grant_expires_at(report: AuditReport) -> datetime | None:
    request = report.records_request
    return request.access_expires_at if request is not None else None


def report_download(*, report: AuditReport, prop: Property, request: "AnyRequest") -> FileResponse:
    """Serve the signed PDF and record the download; refuse what may not be served now."""
    user = request.user
    if report.status != ReportStatus.DONE:
        raise DownloadRefused(
            f"The report is {report.get_status_display().lower()}: nothing to download yet.",
            status=409,
        )
    if not can(user, prop, Action.REPORT_VIEW) and not grant_active(report):
        expired = grant_expires_at(report)
        when = f" on {timezone.localtime(expired):%Y-%m-%d}" if expired else ""
        raise DownloadRefused(f"Your access to this report expired{when}.", status=403)
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=download_name(report),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    access_event_record(
        actor=user,
        prop=prop,
        kind=AccessKind.DOWNLOAD,
        object_type="audit_report",
        object_id=str(report.pk),
        reason=f"records_request:{report.records_request_id}" if report.records_request_id else "",
        request=request,
    )
    return response


def record_inspector_view(*, report: AuditReport, prop: Property, request: "AnyRequest") -> None:
    """An inspector reading a report's page or record is an access event (managers' are not)."""
    if can(request.user, prop, Action.REPORT_VIEW):
        return
    access_event_record(
        actor=request.user,
        prop=prop,
        kind=AccessKind.VIEW,
        object_type="audit_report",
        object_id=str(report.pk),
        reason=f"records_request:{report.records_request_id}",
        request=request,
    )


def download_name(report: AuditReport) -> str:
    kind = report.kind.replace("_", "-")
    return f"{kind}-{report.period_start}-{report.period_end}-{str(report.pk)[:8]}.pdf"
