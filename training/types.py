"""The shapes of the data dicts the training services take, so mypy checks their keys.

The services still check every value at run time: the API hands them what a client sent.
"""

from datetime import date
from typing import TypedDict

from django.contrib.auth.models import User


class EmployeeData(TypedDict, total=False):
    """An employee's fields for `services.employee_create` (all but the end date and the user
    required there) and `services.employee_update` (only those to change)."""

    name: str
    employee_number: str
    email: str
    phone: str
    job_role: str
    customer_facing: bool
    hire_date: date
    end_date: date | None
    preferred_language: str
    user: User | None
