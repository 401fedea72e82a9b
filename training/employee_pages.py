"""The manager's pages to edit an employee and to mark a leaver (the rules: employee_changes)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotelcompliance.form_errors import form_errors_place
from hotelcompliance.roles import Action
from hotelcompliance.scoping import get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_page
from training.employee_changes import employee_edit, employee_mark_leaver
from training.forms import EmployeeForm, LeaverForm
from training.models import Employee

EDITABLE = (
    "name",
    "employee_number",
    "email",
    "job_role",
    "customer_facing",
    "hire_date",
    "end_date",
    "preferred_language",
)


def _employee(prop: Property, pk: int) -> Employee:
    employee = get_object_for_property(Employee.objects.all(), prop, pk=pk)
    employee.property = prop
    return employee


@property_page(Action.TRAINING_MANAGE)
def employee_edit_page(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    employee = _employee(prop, pk)
    initial = {name: getattr(employee, name) for name in EDITABLE}
    form = EmployeeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.employee_data()
        data["end_date"] = form.cleaned_data.get("end_date")
        try:
            employee_edit(employee=employee, actor=request.user, data=data)
        except ValidationError as error:
            form_errors_place(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": data["name"]})
            return redirect("training_employee", pk=employee.pk)
    return render(
        request, "training/employee_edit.html", {"prop": prop, "form": form, "employee": employee}
    )


@require_POST
@property_page(Action.TRAINING_MANAGE)
def employee_leaver(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    employee = _employee(prop, pk)
    form = LeaverForm(request.POST)
    if form.is_valid():
        last_day = form.cleaned_data["last_day"]
        try:
            employee_mark_leaver(employee=employee, actor=request.user, last_day=last_day)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is marked as a leaver; their last day is %(day)s.")
                % {"name": employee.name, "day": last_day.isoformat()},
            )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("last_day", [])))
    return redirect("training_employee", pk=employee.pk)
