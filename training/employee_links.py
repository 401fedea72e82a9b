"""Employees' personal links: their own training pages without a password.

The token in the URL is an `EmployeeLink` row's id signed with the site's key (its own salt;
`hotelcompliance.capability_links`), so it names no employee, cannot be forged, and ends when
the row is revoked or expires. The token is derived from the row, never stored, so the page a
manager opens and the email a task sends show the same link. Every use writes an access event,
without the employee's name.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from hotelcompliance.access_log import AccessKind, access_event_record
from hotelcompliance.capability_links import capability_row_id, capability_token
from hotelcompliance.emails import absolute_url, make_message
from hotelcompliance.outbox import outbox_enqueue
from training.models import Employee, EmployeeLink

SALT = "training.employee-link"
SEND_LINK_TASK = "training.tasks.send_employee_link"


def link_token(link: EmployeeLink) -> str:
    """The URL-safe signed token of the link (the same each time it is asked for)."""
    # No timestamp in the token: the row's `expires_at` decides, so the token stays the same.
    return capability_token(SALT, link.pk)


def link_url(link: EmployeeLink) -> str:
    """The link's absolute address, on the configured public site."""
    return absolute_url(reverse("employee_home", kwargs={"token": link_token(link)}))


def employee_link_issue(*, employee: Employee, actor: Any) -> EmployeeLink:
    """Give the employee a new link valid `EMPLOYEE_LINK_DAYS`, revoking their earlier ones."""
    now = timezone.now()
    with transaction.atomic():
        Employee.objects.select_for_update().only("pk").get(pk=employee.pk)
        EmployeeLink.objects.filter(employee=employee).active(now).update(
            revoked_at=now, revoked_by=actor
        )
        link = EmployeeLink.objects.create(
            employee=employee,
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.EMPLOYEE_LINK_DAYS),
        )
    return link


def employee_link_current(employee: Employee) -> EmployeeLink | None:
    """The employee's link that works now, if any."""
    return EmployeeLink.objects.filter(employee=employee).active(timezone.now()).first()


def employee_link_revoke(*, employee: Employee, actor: Any, request: HttpRequest) -> int:
    """End every working link of the employee at once; logged. Returns how many ended."""
    now = timezone.now()
    with transaction.atomic():
        links = list(EmployeeLink.objects.filter(employee=employee).active(now))
        for link in links:
            link.revoked_at = now
            link.revoked_by = actor
            link.save(update_fields=["revoked_at", "revoked_by"])
            access_event_record(
                actor=actor,
                prop=employee.property,
                kind=AccessKind.REVOKE,
                object_type="employee_link",
                object_id=str(link.pk),
                reason="manager revoked the employee's link",
                request=request,
            )
    return len(links)


def employee_link_send(*, link: EmployeeLink) -> None:
    """Queue the email of the link to the employee (after commit, through the outbox)."""
    outbox_enqueue(SEND_LINK_TASK, link_id=str(link.pk))


def employee_link_email(link_id: str) -> bool:
    """Email a still-working link to its employee; False when it ended or they have no email."""
    link = EmployeeLink.objects.select_related("employee__property").filter(pk=link_id).first()
    if link is None or not link.is_active(timezone.now()) or not link.employee.email:
        return False
    employee = link.employee
    make_message(
        to=employee.email,
        template="training/emails/link",
        language=employee.preferred_language,
        context={
            "employee": employee,
            "prop": employee.property,
            "url": link_url(link),
            "expires_on": timezone.localtime(link.expires_at, employee.property.tz).date(),
        },
    ).send()
    return True


def employee_link_open(*, token: str, request: HttpRequest, page: str) -> EmployeeLink | None:
    """The working link a token names, its use logged; None for a bad, ended or expired one.

    The employee's employment must not have ended: a leaver's link stops with the job.
    """
    link_id = capability_row_id(SALT, token)
    if link_id is None:
        return None
    now = timezone.now()
    link = (
        EmployeeLink.objects.select_related("employee__property")
        .filter(pk=link_id)
        .active(now)
        .first()
    )
    if link is None:
        return None
    employee = link.employee
    if employee.end_date is not None and employee.end_date < employee.property.today():
        return None
    with transaction.atomic():
        EmployeeLink.objects.filter(pk=link.pk).update(last_used_at=now)
        access_event_record(
            actor=None,
            prop=employee.property,
            kind=AccessKind.VIEW,
            object_type="employee_link",
            object_id=str(link.pk),
            reason=f"employee's own page: {page}",
            request=request,
        )
    return link
