"""Writes to the training tracker: validated, atomic, each returning what it created."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hotelcompliance.tenancy import Property
from training.models import Course, Employee, TrainingRecord

EMPLOYEE_FIELDS = (
    "name",
    "employee_number",
    "email",
    "job_role",
    "customer_facing",
    "hire_date",
    "end_date",
    "user",
)


def employee_create(*, prop: Property, actor, data: dict[str, Any]) -> Employee:
    """Add an employee to the property's roster; ValidationError names each bad field."""
    unknown = sorted(set(data) - set(EMPLOYEE_FIELDS))
    if unknown:
        raise ValidationError({name: "Unknown field." for name in unknown})
    employee = Employee(property=prop, created_by=actor, **data)
    employee.full_clean()
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError:
        # Another request took the number between the check and the insert.
        raise ValidationError(
            {"employee_number": "This employee number is already used at this property."}
        ) from None
    return employee


@transaction.atomic
def training_record_create(
    *,
    employee: Employee,
    actor,
    course: Course,
    completed_on: date,
    minutes: int | None = None,
) -> TrainingRecord:
    """Record a completed course; the minutes default to the course's length."""
    record = TrainingRecord(
        employee=employee,
        course=course,
        completed_on=completed_on,
        minutes=course.minutes if minutes is None else minutes,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    return record


def employee_update(*, employee: Employee, actor, data: dict[str, Any]) -> Employee:
    """Change some of an employee's fields; the end date may not fall before the hire date."""
    unknown = sorted(set(data) - set(EMPLOYEE_FIELDS))
    if unknown:
        raise ValidationError({name: "Unknown field." for name in unknown})
    # Validate a copy, so a refused change leaves the caller's instance as it was.
    changed = Employee.objects.get(pk=employee.pk)
    for name, value in data.items():
        setattr(changed, name, value)
    changed.full_clean()
    try:
        with transaction.atomic():
            changed.save(update_fields=sorted(data) or None)
    except IntegrityError:
        raise ValidationError(
            {"employee_number": "This employee number is already used at this property."}
        ) from None
    return changed
