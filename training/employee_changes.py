"""A manager edits an employee or marks them a leaver; both land in the change log.

A leaver is never deleted: the end date stops them counting on the roster after their last
day, their links stop working, and their training records stay as evidence.
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from hotelcompliance.change_log import ChangeKind, change_record, field_changes
from training.models import JOB_ROLE_CHOICES, LANGUAGE_CHOICES, Employee
from training.services import employee_update
from training.types import EmployeeData

if TYPE_CHECKING:
    from hotelcompliance.tenancy import AnyUser

# Choice fields are logged by their label, so the change log reads as words, not codes.
_LABELS: dict[str, dict[Any, Any]] = {
    "job_role": dict(JOB_ROLE_CHOICES),
    "preferred_language": dict(LANGUAGE_CHOICES),
}


def employee_edit(*, employee: Employee, actor: "AnyUser", data: EmployeeData) -> Employee:
    """Change the employee's fields (validated like a new one) and log what changed."""
    before = {name: getattr(employee, name) for name in data}
    with transaction.atomic():
        changed = employee_update(employee=employee, actor=actor, data=data)
        after = {name: getattr(changed, name) for name in data}
        changes = field_changes(_labelled(before), _labelled(after))
        if changes:
            change_record(
                actor=actor,
                organisation=employee.property.organisation,
                prop=employee.property,
                kind=ChangeKind.EMPLOYEE_CHANGED,
                subject=employee.name,
                changes=changes,
            )
    return changed


def employee_mark_leaver(*, employee: Employee, actor: "AnyUser", last_day: date) -> Employee:
    """Set the last day of employment; the roster stops counting them after it."""
    old = employee.end_date
    with transaction.atomic():
        changed = employee_update(employee=employee, actor=actor, data={"end_date": last_day})
        change_record(
            actor=actor,
            organisation=employee.property.organisation,
            prop=employee.property,
            kind=ChangeKind.EMPLOYEE_LEFT,
            subject=employee.name,
            changes={"end_date": (old, last_day)},
        )
    return changed


def _labelled(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: str(_LABELS[name].get(value, value)) if name in _LABELS and value else value
        for name, value in values.items()
    }
