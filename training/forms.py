"""Forms of the training pages: they check shapes; the services check the rules."""

from django import forms
from django.core.exceptions import ValidationError

from hotelcompliance.form_once import once_field
from hotelcompliance.validators import EARLIEST_DATE, LATEST_DATE
from training.models import (
    JOB_ROLE_CHOICES,
    LANGUAGE_CHOICES,
    MAX_COURSE_MINUTES,
    Course,
    TrainingImport,
)
from training.types import EmployeeData
from training.uploads import check_certificate

STATUS_LABELS = {
    "overdue": "Overdue",
    "due": "Due",
    "due_soon": "Due soon",
    "compliant": "Compliant",
    "not_required": "Not required",
}
# The order the roster counts them: what needs action first.
STATUS_ORDER = ("overdue", "due", "due_soon", "compliant", "not_required")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(**kwargs) -> forms.DateField:
    return forms.DateField(
        widget=DateInput(attrs={"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}),
        **kwargs,
    )


class RosterFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any status")] + [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
        required=False,
    )
    job_role = forms.ChoiceField(
        label="Job role", choices=[("", "Any role"), *JOB_ROLE_CHOICES], required=False
    )


class EmployeeForm(forms.Form):
    name = forms.CharField(max_length=200)
    employee_number = forms.CharField(max_length=40, help_text="Unique at this property.")
    email = forms.EmailField(max_length=254, required=False)
    job_role = forms.ChoiceField(
        label="Job role", choices=[("", "Choose a role"), *JOB_ROLE_CHOICES]
    )
    customer_facing = forms.BooleanField(
        required=False, initial=True, help_text="Meets guests in the course of the job."
    )
    hire_date = _date_field()
    end_date = _date_field(required=False, help_text="Last day of employment, if they left.")
    preferred_language = forms.TypedChoiceField(
        label="Preferred language",
        choices=LANGUAGE_CHOICES,
        required=False,
        empty_value=None,
        initial="en",
        help_text="Of their own training pages and the built-in course; they can switch.",
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        for name in ("hire_date", "end_date"):
            value = data.get(name)
            if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
                self.add_error(name, f"Give a date between {EARLIEST_DATE} and {LATEST_DATE}.")
        return data

    def employee_data(self) -> EmployeeData:
        """The cleaned values for `services.employee_create`; no end date is left out."""
        data = self.cleaned_data
        employee: EmployeeData = {
            "name": data["name"],
            "employee_number": data["employee_number"],
            "email": data["email"],
            "job_role": data["job_role"],
            "customer_facing": data["customer_facing"],
            "hire_date": data["hire_date"],
        }
        if data.get("end_date") is not None:
            employee["end_date"] = data["end_date"]
        if data.get("preferred_language") is not None:
            employee["preferred_language"] = data["preferred_language"]
        return employee


class TrainingRecordForm(forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.none(), empty_label="Choose a course")
    completed_on = _date_field(label="Completed on")
    minutes = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_COURSE_MINUTES,
        help_text="Minutes actually completed; leave empty for the course's length.",
    )
    certificate = forms.FileField(
        required=False,
        help_text="Optional evidence: a PDF, PNG or JPEG of at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, prop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.available_to(prop)

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(f"Give a date between {EARLIEST_DATE} and {LATEST_DATE}.")
        return value

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload:
            try:
                check_certificate(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return upload or None


class TrainingImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=TrainingImport.Kind.choices,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text=(
            "A CSV (UTF-8, comma, semicolon, tab or pipe separated) or an XLSX workbook "
            "with a header row, at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.xlsx"}),
    )


class ReportIssueForm(forms.Form):
    """The button that issues a signed certification report: only its one-time token."""

    submission = once_field()
