"""API shapes of the training tracker (field names are API contract v1: rename none)."""

from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.relations import RelatedField

from hotelcompliance.validators import plausible_date
from training.models import JOB_ROLE_CHOICES, MAX_COURSE_MINUTES, Course, Employee, TrainingRecord
from training.phones import phone_masked
from training.status import STATUSES
from training.uploads import check_certificate


class EmployeeSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=_("Mobile number, to text the link; stored as E.164 (+15550104477)."),
    )
    phone_masked = serializers.SerializerMethodField(
        help_text=_("The mobile number masked (+1 ••• ••• 4477); the full number is not read back.")
    )

    class Meta:
        model = Employee
        fields = [
            "id",
            "name",
            "employee_number",
            "email",
            "phone",
            "phone_masked",
            "job_role",
            "customer_facing",
            "hire_date",
            "end_date",
        ]
        extra_kwargs = {
            "hire_date": {"validators": [plausible_date]},
            "end_date": {"validators": [plausible_date]},
        }

    def get_phone_masked(self, employee: Employee) -> str:
        return phone_masked(employee.phone)


class CourseSerializer(serializers.ModelSerializer):
    jurisdictions = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Course
        fields = ["id", "title", "provider", "version", "minutes", "jurisdictions"]


class TrainingRecordSerializer(serializers.ModelSerializer):
    """A completion; `employee` must be the property's and `course` available to it."""

    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.none())
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.none())
    completed_on = serializers.DateField(validators=[plausible_date])
    minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_COURSE_MINUTES,
        help_text=_("Minutes actually completed; the course's length when not given."),
    )
    certificate = serializers.FileField(
        write_only=True,
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB, checked by its content (multipart only)."),
    )
    certificate_name = serializers.CharField(read_only=True)
    certificate_url = serializers.SerializerMethodField(
        help_text=_("Where to download the certificate; null when there is none.")
    )

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "employee",
            "course",
            "completed_on",
            "minutes",
            "certificate",
            "certificate_name",
            "certificate_url",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]

    def validate_certificate(self, value: UploadedFile) -> UploadedFile:
        try:
            check_certificate(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value

    def get_certificate_url(self, record: TrainingRecord) -> str | None:
        if not record.certificate:
            return None
        prop = self.context.get("property")
        property_pk = prop.pk if prop is not None else record.employee.property_id
        return reverse(
            "training-record-certificate", kwargs={"property_pk": property_pk, "pk": record.pk}
        )

    def get_fields(self) -> dict:
        fields = super().get_fields()
        prop = self.context.get("property")
        if prop is not None:
            # Another property's employee or course reads as "does not exist", like a bad id.
            # Foreign keys of a ModelSerializer are related fields, which carry a queryset.
            cast(RelatedField, fields["employee"]).queryset = Employee.objects.for_property(prop)
            cast(RelatedField, fields["course"]).queryset = Course.objects.available_to(prop)
        return fields


class TrainingStatusSerializer(serializers.Serializer):
    """One roster row: the employee's derived status on the `as_of` date."""

    employee = serializers.IntegerField(source="employee.pk", help_text=_("The employee's id."))
    name = serializers.CharField(source="employee.name")
    job_role = serializers.ChoiceField(choices=JOB_ROLE_CHOICES, source="employee.job_role")
    status = serializers.ChoiceField(choices=STATUSES, source="status.status")
    due_date = serializers.DateField(source="status.due_date", allow_null=True)
    last_completed_on = serializers.DateField(source="status.last_completed_on", allow_null=True)
    reason = serializers.CharField(source="status.reason")


class TrainingStatusQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUSES, required=False)
    job_role = serializers.ChoiceField(choices=JOB_ROLE_CHOICES, required=False)
    as_of = serializers.DateField(
        required=False,
        validators=[plausible_date],
        help_text=_("The day the status is computed for; today at the property when not given."),
    )
