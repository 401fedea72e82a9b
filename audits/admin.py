"""Read-only admin for the audits app: requests, their timelines and the reports issued.

Everything here changes only through `audits.services` (and `audits.reports.services`), which
record who did what: the admin is for looking, never for editing.
"""

from django.contrib import admin

from audits.models import RecordsRequest, RecordsRequestEvent
from audits.reports.models import AuditReport
from hotelcompliance.admin import ReadOnlyAdmin


@admin.register(RecordsRequest)
class RecordsRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "property", "agency", "legal_basis", "status", "deadline"]
    list_filter = ["status", "legal_basis", "property"]
    list_select_related = ["property"]
    # Guest names are personal data: shown on the request's page, where reading them is logged.
    exclude = ["names"]


@admin.register(RecordsRequestEvent)
class RecordsRequestEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "property", "request", "from_status", "to_status", "actor"]
    list_filter = ["to_status", "property"]
    list_select_related = ["property", "actor"]


@admin.register(AuditReport)
class AuditReportAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "property",
        "kind",
        "status",
        "progress",
        "pages",
        "verification_code",
    ]
    list_filter = ["kind", "status", "property"]
    list_select_related = ["property"]
    search_fields = ["verification_code", "sha256"]
