"""Employees' reminders: which occasion is due, sending each once, and a manager's "now".

An employee hears from us on occasions, not every day: on their first day (a new hire not
yet trained), when a refresher falls due soon, a week before the deadline, and once when it
is missed. Each occasion is a `ReminderLog` row keyed by the occasion and its date, unique
per employee and claimed before the email goes, so no run (nor a redelivered event) sends
it twice. A manager's "send reminder now" is a row too (one a day), sent through the outbox
after commit.
"""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hotelcompliance.emails import make_message
from hotelcompliance.outbox import outbox_enqueue
from hotelcompliance.rules import RulePack
from hotelcompliance.tenancy import Property
from training.employee_links import employee_link_current, employee_link_issue, link_url
from training.models import Employee, ReminderLog
from training.status import (
    DUE,
    DUE_SOON,
    NOT_REQUIRED,
    OVERDUE,
    RosterRow,
    StatusResult,
    employee_status,
)

Occasion = ReminderLog.Occasion
# The last reminder before the deadline goes this many days ahead of it (or later).
BEFORE_DEADLINE_DAYS = 7


def reminder_candidates(row: RosterRow, *, as_of: date) -> list[tuple[str, str, date | None]]:
    """The occasions (occasion, key, due date) open for the employee on `as_of`, in order.

    The sender takes the first not yet sent, so an employee gets at most one a run.
    """
    employee, status = row.employee, row.status
    due = status.due_date
    week_before = due is not None and (due - as_of).days <= BEFORE_DEADLINE_DAYS
    if status.status == OVERDUE and due is not None:
        return [(Occasion.OVERDUE, f"overdue:{due}", due)]
    candidates: list[tuple[str, str, date | None]] = []
    if status.status == DUE and status.last_completed_on is None:
        if as_of < employee.hire_date:
            return []
        candidates.append((Occasion.NEW_HIRE, f"new_hire:{employee.hire_date}", due))
    elif status.status == DUE_SOON and due is not None:
        candidates.append((Occasion.DUE_SOON, f"due_soon:{due}", due))
    else:
        return []
    if week_before:
        candidates.append((Occasion.BEFORE_DEADLINE, f"before_deadline:{due}", due))
    return candidates


def employee_reminders_send(rows: list[RosterRow], *, prop: Property, as_of: date) -> int:
    """Send each employee with an email the first open occasion not sent yet; return how many."""
    pack = prop.rule_pack()
    sent = 0
    for row in rows:
        address = row.employee.email
        if not address:
            continue
        for occasion, key, due in reminder_candidates(row, as_of=as_of):
            if _claim(row.employee, address, occasion=occasion, key=key, due=due, day=as_of):
                _message(row.employee, row.status, occasion=occasion, pack=pack).send()
                sent += 1
                break
    return sent


def reminder_send_now(*, employee: Employee, actor: User) -> ReminderLog:
    """A manager's "send reminder now": kept as a row, emailed after commit, one a day."""
    if not employee.email:
        raise ValidationError(_("This employee has no email address to remind."))
    prop = employee.property
    today = prop.today()
    records = list(employee.training_records.select_related("course"))
    status = employee_status(employee, pack=prop.rule_pack(), records=records, as_of=today)
    if status.status == NOT_REQUIRED:
        raise ValidationError(
            _("This employee needs no training here: %(why)s") % {"why": status.reason}
        )
    with transaction.atomic():
        reminder = _claim(
            employee, employee.email, occasion=Occasion.MANUAL, key=f"manual:{today}", day=today
        )
        if reminder is None:
            raise ValidationError(_("A reminder was already sent to this employee today."))
        reminder.sent_by = actor
        reminder.save(update_fields=["sent_by"])
        outbox_enqueue("training.tasks.send_employee_reminder", reminder_id=reminder.pk)
    return reminder


def reminder_deliver(reminder: ReminderLog) -> None:
    """Email a manager's reminder now, with the employee's status of the day (task side)."""
    employee = reminder.employee
    if employee is None:
        return
    prop = employee.property
    pack = prop.rule_pack()
    records = list(employee.training_records.select_related("course"))
    status = employee_status(employee, pack=pack, records=records, as_of=prop.today())
    _message(employee, status, occasion=reminder.occasion, pack=pack).send()


def reminders_for(employee: Employee) -> QuerySet[ReminderLog]:
    """Every reminder sent to the employee, newest first (manager's and employee's pages)."""
    return employee.reminders.select_related("sent_by").order_by("-sent_at", "-pk")


def _claim(
    employee: Employee,
    address: str,
    *,
    occasion: str,
    key: str,
    day: date,
    due: date | None = None,
) -> ReminderLog | None:
    """Record the reminder as sent; None if this occasion was already sent."""
    try:
        with transaction.atomic():
            return ReminderLog.objects.create(
                property_id=employee.property_id,
                employee=employee,
                recipient_email=address,
                kind=ReminderLog.Kind.EMPLOYEE_REMINDER,
                occasion=occasion,
                key=key,
                due_date=due,
                day=day,
            )
    except IntegrityError:
        return None


def _message(employee: Employee, status: StatusResult, *, occasion: str, pack: RulePack) -> Any:
    context = {
        "name": employee.name,
        "status": status.status,
        "due_date": status.due_date,
        "reason": status.reason,
        "occasion": occasion,
        "property_name": employee.property.name,
        "jurisdiction": pack.name,
        # Their own training page: the link that works now, or a new one (a new hire's first).
        "link_url": link_url(
            employee_link_current(employee) or employee_link_issue(employee=employee, actor=None)
        ),
    }
    return make_message(
        to=employee.email,
        template="training/emails/reminder",
        context=context,
        language=employee.preferred_language,
    )
