"""A manager texts an employee their personal link, from the manager's own phone.

Every text prepared is kept (`EmployeeLinkText`: who, when, for whom, which link) and
access-logged, since it shows the employee's full number; the employee's page lists them like
reminders. The text is in the employee's language. See `training.sms` for the backend.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hotelcompliance.access_log import AccessKind, access_event_record
from training.employee_links import employee_link_current, link_url
from training.models import Employee, EmployeeLink, EmployeeLinkText
from training.sms import TextMessage, sms_backend, sms_uri


@dataclass(frozen=True)
class LinkText:
    """What the manager's page shows: the kept row, the text, and the `sms:` address."""

    row: EmployeeLinkText
    body: str
    uri: str
    delivered: bool


def link_text_body(employee: Employee, link: EmployeeLink) -> str:
    """The message, in the employee's language: whose link, until when, the address."""
    expires_on = timezone.localtime(link.expires_at, employee.property.tz).date()
    with translation.override(employee.preferred_language):
        return gettext(
            "%(property)s: your personal training link (do not share it). "
            "It works until %(date)s: %(url)s"
        ) % {
            "property": employee.property.name,
            "date": expires_on.isoformat(),
            "url": link_url(link),
        }


def employee_link_text(*, employee: Employee, actor: Any, request: HttpRequest) -> LinkText:
    """Prepare the text of the employee's working link, keep the row, log the number's use.

    Refused (ValidationError, nothing kept) without a mobile number or a working link.
    """
    errors = {}
    if not employee.phone:
        errors["phone"] = [_("Add a mobile number to text the link.")]
    link = employee_link_current(employee)
    if link is None:
        errors["link"] = [_("There is no working link to text; make a new one first.")]
    if errors or link is None:
        raise ValidationError(errors)
    backend = sms_backend()
    with transaction.atomic():
        row = EmployeeLinkText.objects.create(
            employee=employee,
            link=link,
            sent_by=actor,
            sent_at=timezone.now(),
            backend=f"{type(backend).__module__}.{type(backend).__qualname__}",
        )
        access_event_record(
            actor=actor,
            prop=employee.property,
            kind=AccessKind.VIEW_UNMASKED,
            object_type="employee",
            object_id=str(employee.pk),
            fields=["phone"],
            reason=f"link text {row.pk}",
            request=request,
        )
    body = link_text_body(employee, link)
    delivered = backend.send(TextMessage(to=employee.phone, body=body, reference=str(row.pk)))
    if delivered:
        EmployeeLinkText.objects.filter(pk=row.pk).update(delivered=True)
        row.delivered = True
    return LinkText(row=row, body=body, uri=sms_uri(employee.phone, body), delivered=delivered)


def link_texts_for(employee: Employee) -> "QuerySet[EmployeeLinkText]":
    """The texts prepared for the employee, newest first (for their page)."""
    return EmployeeLinkText.objects.filter(employee=employee).select_related("sent_by")
