from django.contrib import admin
from django.http import HttpRequest

from training.models import (
    AnnualCertification,
    AwarenessOpening,
    CertificateSubmission,
    Course,
    Employee,
    EmployeeLinkText,
    ReminderLog,
    TrainingRecord,
)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["name", "employee_number", "property", "job_role", "hire_date", "end_date"]
    list_filter = ["property", "job_role", "customer_facing"]
    search_fields = ["name", "employee_number", "email"]
    raw_id_fields = ["user"]
    date_hierarchy = "hire_date"


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "provider",
        "version",
        "minutes",
        "jurisdictions",
        "property",
        "retired_at",
    ]
    list_filter = ["provider", "property", "evidence"]
    search_fields = ["title", "provider"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["employee", "course", "completed_on", "minutes", "verified_by"]
    list_filter = ["course", "employee__property"]
    search_fields = ["employee__name", "employee__employee_number", "course__title"]
    raw_id_fields = ["employee", "verified_by"]
    list_select_related = ["employee", "course", "verified_by"]
    date_hierarchy = "completed_on"


@admin.register(AnnualCertification)
class AnnualCertificationAdmin(admin.ModelAdmin):
    list_display = ["employee", "year", "signed_by_name", "signed_at", "status_at_signing"]
    list_filter = ["year", "employee__property"]
    search_fields = ["employee__name", "employee__employee_number"]
    raw_id_fields = ["employee", "signed_by"]
    list_select_related = ["employee"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "occasion", "recipient_email", "property", "employee"]
    list_filter = ["kind", "occasion", "property"]
    raw_id_fields = ["employee", "sent_by"]
    date_hierarchy = "day"


@admin.register(CertificateSubmission)
class CertificateSubmissionAdmin(admin.ModelAdmin):
    """Decisions are taken on the manager's page (it creates the completion); read-only here."""

    list_display = ["employee", "course", "completed_on", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "employee__property"]
    list_select_related = ["employee", "course"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: CertificateSubmission | None = None
    ) -> bool:
        return False


@admin.register(AwarenessOpening)
class AwarenessOpeningAdmin(admin.ModelAdmin):
    list_display = ["employee", "month", "note_version", "language", "opened_at"]
    list_filter = ["month", "employee__property"]
    raw_id_fields = ["employee"]


@admin.register(EmployeeLinkText)
class EmployeeLinkTextAdmin(admin.ModelAdmin):
    """Kept as the record of who texted whom: read here, never changed."""

    list_display = ["sent_at", "employee", "sent_by", "backend", "delivered"]
    list_filter = ["delivered", "employee__property"]
    raw_id_fields = ["employee", "link", "sent_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
