"""A manager's side of the employees' personal links: issue, email, revoke, print the sheet."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hotelcompliance.roles import Action
from hotelcompliance.tenancy import Property
from hotelcompliance.two_factor import qr_data_uri
from hotelcompliance.views import property_page
from training.employee_links import (
    employee_link_current,
    employee_link_issue,
    employee_link_revoke,
    employee_link_send,
    link_url,
)
from training.link_texts import employee_link_text
from training.models import Employee, EmployeeLink
from training.selectors import employee_read


def link_context(employee: Employee) -> dict[str, Any]:
    """The employee's working link for the manager's page: its address, QR code and expiry."""
    link = employee_link_current(employee)
    if link is None:
        return {"link": None}
    url = link_url(link)
    return {
        "link": link,
        "link_url": url,
        "link_qr": qr_data_uri(url),
        "link_expires_on": timezone.localtime(link.expires_at, employee.property.tz).date(),
    }


@require_POST
@property_page(Action.TRAINING_MANAGE)
def employee_link_new(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    """Issue a new link (the old one stops working) and, if asked, email it."""
    employee = employee_read(prop=prop, pk=pk, request=request, page="link_issue")
    link = employee_link_issue(employee=employee, actor=request.user)
    if request.POST.get("send") and employee.email:
        employee_link_send(link=link)
        messages.success(request, _("A new link was made and is being emailed to the employee."))
    else:
        messages.success(request, _("A new link was made; the earlier one no longer works."))
    return redirect("training_employee", pk=employee.pk)


@require_POST
@property_page(Action.TRAINING_MANAGE)
def employee_link_email(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    """Email the employee their working link again."""
    employee = employee_read(prop=prop, pk=pk, request=request, page="link_email")
    link = employee_link_current(employee)
    if link is None or not employee.email:
        messages.error(request, _("There is no working link to email, or no email address."))
    else:
        employee_link_send(link=link)
        messages.success(request, _("The link is being emailed to the employee."))
    return redirect("training_employee", pk=employee.pk)


@require_POST
@property_page(Action.TRAINING_MANAGE)
def employee_link_end(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    """Revoke the employee's link at once (a lost phone, a link shared by mistake)."""
    employee = employee_read(prop=prop, pk=pk, request=request, page="link_revoke")
    ended = employee_link_revoke(employee=employee, actor=request.user, request=request)
    if ended:
        messages.success(request, _("The link no longer works."))
    else:
        messages.error(request, _("There was no working link to revoke."))
    return redirect("training_employee", pk=employee.pk)


@property_page(Action.TRAINING_MANAGE)
def employee_link_sheet(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    """A printable page with the employee's QR code, for the break room or a handover."""
    employee = employee_read(prop=prop, pk=pk, request=request, page="link_sheet")
    context = link_context(employee)
    link: EmployeeLink | None = context["link"]
    if link is None:
        raise Http404("Not found.")
    return render(
        request,
        "training/link_sheet.html",
        {"prop": prop, "employee": employee, **context},
    )


@never_cache
@require_POST
@property_page(Action.TRAINING_MANAGE)
def employee_link_text_new(request: HttpRequest, prop: Property, pk: int) -> HttpResponse:
    """Prepare a text of the working link for the manager's phone: an `sms:` button and the
    text to copy. Kept and logged by the service; the page is not cached (it holds the link)."""
    employee = employee_read(prop=prop, pk=pk, request=request, page="link_text")
    try:
        text = employee_link_text(employee=employee, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training_employee", pk=employee.pk)
    response = render(
        request,
        "training/link_text.html",
        {"prop": prop, "employee": employee, "text": text},
    )
    response["Referrer-Policy"] = "same-origin"
    return response
