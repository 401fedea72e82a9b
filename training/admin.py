from django.contrib import admin

from training.models import AnnualCertification, Course, Employee, ReminderLog, TrainingRecord


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["name", "employee_number", "property", "job_role", "hire_date", "end_date"]
    list_filter = ["property", "job_role", "customer_facing"]
    search_fields = ["name", "employee_number", "email"]
    raw_id_fields = ["user"]
    date_hierarchy = "hire_date"


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "version", "minutes", "jurisdictions", "property"]
    list_filter = ["provider", "property"]
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
    list_display = ["day", "kind", "recipient_email", "property"]
    list_filter = ["kind", "property"]
    date_hierarchy = "day"
