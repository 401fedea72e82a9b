"""Training pages: the roster, the group overview, an employee's history and the two forms."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hotelcompliance.roles import Action
from hotelcompliance.scoping import can, get_object_for_property
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_page
from training.forms import (
    STATUS_LABELS,
    STATUS_ORDER,
    EmployeeForm,
    RosterFilterForm,
    TrainingRecordForm,
)
from training.models import Employee, property_today
from training.services import employee_create, training_record_create
from training.status import RosterRow, employee_status, roster_status

BADGES = {"overdue": "bad", "due": "warn", "due_soon": "warn", "compliant": "ok"}


def _counts(rows: list[RosterRow]) -> list[dict]:
    counted = Counter(row.status.status for row in rows)
    return [
        {"status": s, "label": STATUS_LABELS[s], "count": counted[s], "badge": BADGES.get(s, "")}
        for s in STATUS_ORDER
    ]


def _display(rows: list[RosterRow]) -> list[dict]:
    return [
        {
            "employee": row.employee,
            "status": row.status,
            "label": STATUS_LABELS[row.status.status],
            "badge": BADGES.get(row.status.status, ""),
        }
        for row in rows
    ]


@property_page(Action.TRAINING_VIEW)
def roster(request: HttpRequest, prop: Property) -> HttpResponse:
    as_of = property_today(prop)
    rows = roster_status(prop, as_of=as_of)
    filters = RosterFilterForm(request.GET)
    shown = rows
    if filters.is_valid():
        wanted = filters.cleaned_data
        if wanted["status"]:
            shown = [r for r in shown if r.status.status == wanted["status"]]
        if wanted["job_role"]:
            shown = [r for r in shown if r.employee.job_role == wanted["job_role"]]
    return render(
        request,
        "training/roster.html",
        {
            "prop": prop,
            "as_of": as_of,
            "counts": _counts(rows),
            "total": len(rows),
            "rows": _display(shown),
            "filters": filters,
            "can_manage": can(request.user, prop, Action.TRAINING_MANAGE),
        },
    )


@property_page(Action.TRAINING_VIEW)
def group(request: HttpRequest, prop: Property) -> HttpResponse:
    properties = [p for p in request._my_properties if can(request.user, p, Action.TRAINING_VIEW)]
    summaries = []
    for each in properties:
        rows = roster_status(each, as_of=property_today(each))
        summaries.append({"prop": each, "counts": _counts(rows), "total": len(rows)})
    return render(
        request,
        "training/group.html",
        {"prop": prop, "summaries": summaries, "labels": [STATUS_LABELS[s] for s in STATUS_ORDER]},
    )


@property_page(Action.TRAINING_VIEW)
def employee_detail(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    employee = get_object_for_property(Employee.objects.all(), prop, pk=pk)
    employee.property = prop
    pack = prop.rule_pack()
    records = list(employee.training_records.select_related("course"))
    as_of = property_today(prop)
    status = employee_status(employee, pack=pack, records=records, as_of=as_of)
    history = []
    for record in records:
        course = record.course
        minutes = record.minutes if record.minutes is not None else course.minutes
        counts, why = pack.course_counts(
            minutes=minutes, provider=course.provider, approved_for=course.jurisdictions
        )
        history.append({"record": record, "minutes": minutes, "counts": counts, "why": why})
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
            "can_manage": can(request.user, prop, Action.TRAINING_MANAGE),
        },
    )


@property_page(Action.TRAINING_MANAGE)
def employee_new(request: HttpRequest, prop: Property) -> HttpResponse:
    form = EmployeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            employee = employee_create(prop=prop, actor=request.user, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("training_employee", pk=employee.pk)
    return render(request, "training/employee_form.html", {"prop": prop, "form": form})


@property_page(Action.TRAINING_MANAGE)
def record_new(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    employee = get_object_for_property(Employee.objects.all(), prop, pk=pk)
    employee.property = prop
    form = TrainingRecordForm(request.POST or None, prop=prop)
    if request.method == "POST" and form.is_valid():
        try:
            training_record_create(employee=employee, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("training_employee", pk=employee.pk)
    return render(
        request,
        "training/record_form.html",
        {"prop": prop, "employee": employee, "form": form},
    )
