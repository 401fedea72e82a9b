"""The monthly awareness note: the manager's page of who opened it, and the employee's view.

`employee_awareness_note` takes the employee object: the employee's link view authenticates
them and calls it. Opening the page records the opening (`awareness_note_open`).
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hotelcompliance.roles import Action
from hotelcompliance.tenancy import Property
from hotelcompliance.views import property_page
from training.awareness import awareness_duty_read, awareness_note_open, current_month
from training.models import Employee


class MonthForm(forms.Form):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^(19|20|21)\d\d-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": _("Give a month as YYYY-MM.")},
    )


@property_page(Action.TRAINING_MANAGE)
def awareness_page(request: HttpRequest, prop: Property) -> HttpResponse:
    this_month = current_month(prop)
    form = MonthForm(request.GET)
    month = this_month
    if form.is_valid() and form.cleaned_data["month"]:
        year, number = form.cleaned_data["month"].split("-")
        month = min(date(int(year), int(number), 1), this_month)
    duty = awareness_duty_read(prop=prop, month=month, request=request)
    return render(
        request,
        "training/awareness.html",
        {
            "prop": prop,
            "form": form,
            "duty": duty,
            "evidence": duty.evidence,
            "month": month,
            "pack_name": prop.rule_pack().name,
        },
    )


def employee_awareness_note(
    request: HttpRequest,
    employee: Employee,
    *,
    language: str | None = None,
    page: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """This month's note for the employee, in their language; the opening is recorded.

    `page` is the context the caller's frame needs (the employee pages' `base_template`...).
    """
    language = (language or translation.get_language() or "en")[:2]
    note = awareness_note_open(employee=employee, language=language)
    return render(
        request,
        "training/awareness_note.html",
        {**(page or {}), "employee": employee, "note": note},
    )
