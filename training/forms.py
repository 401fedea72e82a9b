"""Forms of the training pages: they check shapes; the services check the rules."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hotelcompliance.form_once import once_field
from hotelcompliance.rules import available_jurisdictions
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

# The same words as `hotelcompliance.validators.plausible_date` uses.
_BETWEEN = _("Give a date between %(earliest)s and %(latest)s.")
STATUS_LABELS = {
    "overdue": _("Overdue"),
    "due": _("Due"),
    "due_soon": _("Due soon"),
    "compliant": _("Compliant"),
    "not_required": _("Not required"),
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
        label=_("Status"),
        choices=[("", _("Any status"))] + [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
        required=False,
    )
    job_role = forms.ChoiceField(
        label=_("Job role"), choices=[("", _("Any role")), *JOB_ROLE_CHOICES], required=False
    )


class EmployeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    employee_number = forms.CharField(
        label=_("Employee number"), max_length=40, help_text=_("Unique at this property.")
    )
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        required=False,
        help_text=_("To text them their link; with the country code, e.g. +1 555 010 4477."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    job_role = forms.ChoiceField(
        label=_("Job role"), choices=[("", _("Choose a role")), *JOB_ROLE_CHOICES]
    )
    customer_facing = forms.BooleanField(
        label=_("Customer-facing"),
        required=False,
        initial=True,
        help_text=_("Meets guests in the course of the job."),
    )
    hire_date = _date_field(label=_("Hire date"))
    end_date = _date_field(
        label=_("End date"), required=False, help_text=_("Last day of employment, if they left.")
    )
    preferred_language = forms.TypedChoiceField(
        label=_("Preferred language"),
        choices=LANGUAGE_CHOICES,
        required=False,
        empty_value=None,
        initial="en",
        help_text=_("Of their own training pages and the built-in course; they can switch."),
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        for name in ("hire_date", "end_date"):
            value = data.get(name)
            if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
                self.add_error(name, _BETWEEN % {"earliest": EARLIEST_DATE, "latest": LATEST_DATE})
        return data

    def employee_data(self) -> EmployeeData:
        """The cleaned values for `services.employee_create`; no end date is left out."""
        data = self.cleaned_data
        employee: EmployeeData = {
            "name": data["name"],
            "employee_number": data["employee_number"],
            "email": data["email"],
            "phone": data.get("phone") or "",
            "job_role": data["job_role"],
            "customer_facing": data["customer_facing"],
            "hire_date": data["hire_date"],
        }
        if data.get("end_date") is not None:
            employee["end_date"] = data["end_date"]
        if data.get("preferred_language") is not None:
            employee["preferred_language"] = data["preferred_language"]
        return employee


class LeaverForm(forms.Form):
    last_day = _date_field(
        label=_("Last day of employment"),
        help_text=_("They count on the roster up to and including this day; their records stay."),
    )

    def clean_last_day(self) -> date:
        value: date = self.cleaned_data["last_day"]
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                _BETWEEN % {"earliest": EARLIEST_DATE, "latest": LATEST_DATE}
            )
        return value


class TrainingRecordForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), empty_label=_("Choose a course")
    )
    completed_on = _date_field(label=_("Completed on"))
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=1,
        max_value=MAX_COURSE_MINUTES,
        help_text=_("Minutes actually completed; leave empty for the course's length."),
    )
    certificate = forms.FileField(
        label=_("Certificate"),
        required=False,
        help_text=_("Optional evidence: a PDF, PNG or JPEG of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, prop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.available_to(prop).active()

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                _BETWEEN % {"earliest": EARLIEST_DATE, "latest": LATEST_DATE}
            )
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
        label=_("What the file holds"),
        choices=TrainingImport.Kind.choices,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "A CSV (UTF-8, comma, semicolon, tab or pipe separated) or an XLSX workbook "
            "with a header row, at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.xlsx"}),
    )


class ReportIssueForm(forms.Form):
    """The button that issues a signed certification report: only its one-time token."""

    submission = once_field()


class CourseForm(forms.Form):
    """A property's own course: what it is, where it is taken, where it is accepted."""

    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    version = forms.CharField(label=_("Version"), max_length=40, required=False)
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=1,
        max_value=MAX_COURSE_MINUTES,
        help_text=_("Length of the course; leave empty when the provider does not state it."),
    )
    url = forms.URLField(
        label=_("Web address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Where employees take the course."),
    )
    jurisdictions = forms.MultipleChoiceField(
        label=_("Accepted in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only where the regulator approved it (for example the Texas AG's list)."),
    )
    evidence = forms.ChoiceField(
        label=_("Evidence needed"),
        required=False,
        choices=[("", _("Not stated")), *Course.Evidence.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdictions"].choices = available_jurisdictions()


class RetireForm(forms.Form):
    """The retire button: nothing to fill in."""


class CertificateUploadForm(forms.Form):
    """An employee's own certificate of an approved external course."""

    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), empty_label=_("Choose a course")
    )
    completed_on = _date_field(label=_("Completed on"))
    certificate = forms.FileField(
        label=_("Certificate"),
        help_text=_("A PDF, PNG or JPEG of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                _("Give a date between %(first)s and %(last)s.")
                % {"first": EARLIEST_DATE, "last": LATEST_DATE}
            )
        return value


class SubmissionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (needed to reject)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why, so the employee knows what to upload instead."))
        return data
